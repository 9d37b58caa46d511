#pragma once

#include <cstdint>
#include <filesystem>
#include <utility>
#include <vector>

#include "core/index_range.hpp"
#include "network/edge_list.hpp"

namespace brainemu {

// Reads "source,target,weight_pA,delay_ms" or "source,target,weight_mV,delay_ms" (0-based
// indices below `neurons`; delays >= dt, rounded to the step; the weight's unit is named in its
// column and kept in edge_list::weight_unit). Throws input_error naming the line and column of
// the first bad value.
[[nodiscard]] edge_list read_edge_list_csv(const std::filesystem::path& path, std::uint32_t neurons,
                                           double dt_ms);

// Reads "neuron,time_ms" (time >= 0).
[[nodiscard]] std::vector<std::pair<neuron_id, double>> read_spike_times_csv(
    const std::filesystem::path& path, neuron_id neurons);

}  // namespace brainemu
