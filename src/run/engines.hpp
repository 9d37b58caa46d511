#pragma once
// The engines a run can choose (runner_options::backend), and the one place that makes them:
// the run loop (run_experiment.cpp) sees only the engine interface.

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "engine/communicator.hpp"
#include "engine/engine.hpp"
#include "engine/simulation.hpp"
#include "experiment/experiment.hpp"
#include "run/run_experiment.hpp"

namespace brainemu {

// Refuses, before anything is built, what the backend cannot run: input_error for options it
// does not take (the GPU engine: partitions, MPI ranks), resource_error where it cannot run
// here (no CUDA build, no device). Returns what it runs on, for the log ("4 threads", a GPU's
// name).
[[nodiscard]] std::string check_backend(const runner_options& opt, unsigned threads);

// Trials one engine of this backend runs at once: 1 on the CPU, every trial on the GPU.
[[nodiscard]] std::uint32_t trials_per_engine(engine_backend backend, std::uint32_t trials);

// An engine for trials with these seeds (trials_per_engine of them) on the built network.
// Throws input_error for what the backend does not support in this experiment.
[[nodiscard]] std::unique_ptr<engine> make_engine(engine_backend backend,
                                                  const std::shared_ptr<const network>& net,
                                                  const built_experiment& built,
                                                  const simulation_config& config,
                                                  std::span<const std::uint64_t> seeds,
                                                  communicator& comm);

}  // namespace brainemu
