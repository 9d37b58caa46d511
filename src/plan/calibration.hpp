#pragma once
// Calibration from a measured run: brainemu's own bytes per synapse and per neuron, and the
// time per neuron update and per synaptic event on the machine that ran it, read from the run's
// profile.json (read as a file format; the planner never links the engine).

#include <filesystem>

#include "plan/plan_inputs.hpp"

namespace brainemu::plan {

// Throws input_error naming the file and the missing or invalid key.
[[nodiscard]] measured_profile read_profile(const std::filesystem::path& path);

// Replaces the literature memory figures with the measured ones (overhead 1: measured bytes are
// everything resident) and the step rate with the run's; keeps the measurement for the report.
void apply_calibration(const measured_profile& m, plan_inputs& in);

// Core-seconds of the profiled machine per simulated second for this plan's network: the
// compute demand in measured time rather than FLOP.
[[nodiscard]] double measured_core_s_per_s(const measured_profile& m, const plan_inputs& in);

}  // namespace brainemu::plan
