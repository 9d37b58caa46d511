#pragma once
// Calibration from a measured run: brainemu's own bytes per synapse and per neuron, and the
// time per neuron update and per synaptic event on the machine that ran it, read from the run's
// profile.json (read as a file format; the planner never links the engine).

#include <filesystem>

#include "plan/plan_inputs.hpp"

namespace brainemu::plan {

// A run's profile.json (a dry run's included: its figures are its rank's, measured at its
// network's size), or bench/weak_scaling.py's JSON, of which the point measured on the largest
// network is taken. Throws input_error naming the file and the missing or invalid key.
[[nodiscard]] measured_profile read_profile(const std::filesystem::path& path);

// How far a plan reaches past what calibrated it: the plan's network over the largest measured
// one, and its neurons per device over the measured neurons per rank (1: none).
struct extrapolation {
    double network_factor = 1.0;
    double per_device_factor = 1.0;
};
[[nodiscard]] extrapolation extrapolation_of(const measured_profile& m, double plan_neurons,
                                             double plan_devices);
// Past this factor of the measured network a calibrated plan carries a warning: per-synapse
// and per-neuron figures of a small network need not hold (rows, buffers and traffic change
// with size; docs/scaling.md), and a plan 100x past them is a guess.
inline constexpr double extrapolation_warning_factor = 100.0;

// Replaces the literature memory figures with the measured ones (overhead 1: measured bytes are
// everything resident) and the step rate with the run's; keeps the measurement for the report.
void apply_calibration(const measured_profile& m, plan_inputs& in);

// Core-seconds of the profiled machine per simulated second for this plan's network: the
// compute demand in measured time rather than FLOP.
[[nodiscard]] double measured_core_s_per_s(const measured_profile& m, const plan_inputs& in);

}  // namespace brainemu::plan
