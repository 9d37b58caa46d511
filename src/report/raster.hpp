#pragma once
// The spike raster, every neuron and every spike, binned so that its size depends on the
// picture, not on the network: consecutive neurons share a pixel row (at most `max_rows` rows),
// time is binned into at most `max_columns` columns (one per pixel), and the (row, column)
// spike counts become one density image (a compressed PNG). Neurons run in network order from
// the top, so populations keep their conventional order (the microcircuit's L2/3 on top).

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "report/plots.hpp"
#include "report/spike_file.hpp"
#include "report/table_files.hpp"

namespace brainemu::report {

struct raster_options {
    std::uint32_t max_rows = 560;     // the plot's height in pixels
    std::uint32_t max_columns = 830;  // the plot's width in pixels
};

struct raster_grid {
    std::uint32_t rows = 0, columns = 0;
    std::uint64_t steps_per_column = 1;
    std::uint32_t neurons_per_row = 1;  // row r holds neurons [r k, (r + 1) k)
    std::vector<std::uint32_t> counts;  // rows x columns, row-major
    std::uint64_t spikes_shown = 0;     // every spike of the network within the steps
};

// `k` of `n` indices spread evenly (the middle of each of k equal slices); all when n <= k.
[[nodiscard]] std::vector<std::uint32_t> evenly_chosen(std::uint32_t n, std::uint32_t k);

// Spikes of neurons >= `neurons` or at steps >= `steps` are ignored.
[[nodiscard]] raster_grid bin_raster(std::span<const spike> spikes, std::uint32_t neurons,
                                     std::uint64_t steps, raster_options opt = {});

// The grid as an SVG image with a time axis and populations (contiguous, in order) marked.
[[nodiscard]] std::string raster_svg(const raster_grid& g, std::uint32_t neurons, double dt_ms,
                                     const std::vector<population_row>& populations,
                                     plot_size size = {920.0, 640.0});

}  // namespace brainemu::report
