#pragma once
// Lowering an experiment's network, model groups and stimuli for the GPU engine, choosing the
// interval, ring size and fixed-point scale exactly as the CPU engine does
// (src/engine/simulation.cpp), or refusing what the GPU engine does not support.

#include <cstdint>
#include <span>

#include "backends/cuda/device_problem.hpp"
#include "engine/model_group.hpp"
#include "engine/simulation.hpp"
#include "network/network.hpp"
#include "stimulus/stimulus.hpp"

namespace brainemu::cuda {

// Lowers one experiment for the GPU engine, trials t = 0 .. seeds.size() - 1 with seed
// seeds[t] (the run library: trial_seed(seed, t)). Throws input_error, naming `--backend cuda`, for
// what the GPU engine does not support: models outside gpu_models (device_view.hpp), gap
// junctions, several ranks or a permuted layout (partitions), spike-time stimuli, Poisson
// means of 30 or more per step, and voltage recording. `skip_resting` as simulation_config's
// (models that rest exactly, as fly_lif; ignored where it does not apply).
[[nodiscard]] device_problem lower_problem(const network& net,
                                           std::span<const model_assignment> models,
                                           std::span<const stimulus> stimuli,
                                           const simulation_config& config,
                                           std::span<const std::uint64_t> seeds);

}  // namespace brainemu::cuda
