#pragma once
// Rates from spikes: per neuron over the run, and per population in time bins.

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "report/plots.hpp"
#include "report/spike_file.hpp"
#include "report/table_files.hpp"

namespace brainemu::report {

struct population_range {
    std::string name;
    std::uint32_t first = 0, last = 0;  // [first, last)
};

// rates.csv's populations are contiguous ranges in file order; without them, one "all".
[[nodiscard]] std::vector<population_range> population_ranges(
    const std::vector<population_row>& rows, std::uint32_t neurons);

// Spikes of each neuron; input_error naming `file` for a neuron outside the network.
[[nodiscard]] std::vector<std::uint32_t> spikes_per_neuron(std::span<const spike> spikes,
                                                           std::uint32_t neurons,
                                                           const std::filesystem::path& file);

// A bin width of 1, 2 or 5 x 10^k ms, at least one step, giving at most `max_bins` bins.
[[nodiscard]] double rate_bin_ms(double duration_ms, double dt_ms, double max_bins = 150.0);

// Each population's rate (Hz per neuron) in bins of `bin_ms`; x is the bin's centre (ms).
[[nodiscard]] std::vector<series> population_rate_series(
    std::span<const spike> spikes, const std::vector<population_range>& populations,
    std::uint64_t steps, double dt_ms, double bin_ms);

}  // namespace brainemu::report
