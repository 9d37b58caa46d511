#pragma once
// What the GPU engine runs, as host arrays in device_view's layout: the network as CSR rows
// by source, model groups as propagators, every trial's initial state, stimuli as per-neuron
// lists with their CDF tables, the fixed-point scale and the exchange interval. Built by
// lower_problem (lower_problem.hpp), copied once to the device.

#include <cstdint>
#include <vector>

#include "backends/cuda/device_view.hpp"
#include "engine/run_stats.hpp"

namespace brainemu::cuda {

struct device_problem {
    std::uint32_t n = 0, trials = 0, slots = 1, channels = 1;
    std::uint32_t lanes = 1;     // state lanes of the widest model (device_view::lane)
    std::uint32_t interval = 1;  // steps between deliveries: D_min (10 without synapses)
    double dt_ms = 0.1;
    double fx_per_unit = 1.0;
    bool has_current = false, has_jump = false, skip_resting = false;

    std::vector<std::uint64_t> row_offsets;  // n + 1
    std::vector<std::uint32_t> target;
    std::vector<std::uint16_t> delay;
    std::vector<float> weight;

    std::vector<device_group> groups;
    std::vector<std::uint16_t> group_of;
    std::vector<std::int32_t> ref_steps;
    std::vector<std::uint8_t> pinned;
    std::vector<double> v0;  // trials x n initial voltages (lane 0; the other lanes start at 0)

    std::vector<std::uint64_t> stim_offsets;  // n + 1
    std::vector<std::uint32_t> stim_index;
    std::vector<device_stimulus> stim;
    std::vector<double> cdf;
    std::vector<std::uint32_t> change_steps;
    std::vector<double> amplitudes;
    std::vector<std::uint64_t> seeds;  // per trial

    [[nodiscard]] std::uint64_t synapses() const { return target.size(); }
    // Device bytes for `trials` trials by category, without the spike buffers.
    [[nodiscard]] resident_bytes resident() const;
    [[nodiscard]] std::uint64_t device_bytes() const;
};

// A view with the problem's sizes, scale and flags set and every pointer null: each engine
// points it at its own copies of the arrays (host or device memory).
[[nodiscard]] device_view view_sizes(const device_problem& p);

}  // namespace brainemu::cuda
