#include "network/cortex_sheet.hpp"

#include <algorithm>
#include <numeric>

#include "core/assert.hpp"

namespace brainemu {
namespace {

// Interleaves the bits of x (even positions) and y (odd positions).
std::uint64_t morton_code(std::uint32_t x, std::uint32_t y) {
    auto spread = [](std::uint64_t v) {
        v = (v | (v << 16)) & 0x0000ffff0000ffffull;
        v = (v | (v << 8)) & 0x00ff00ff00ff00ffull;
        v = (v | (v << 4)) & 0x0f0f0f0f0f0f0f0full;
        v = (v | (v << 2)) & 0x3333333333333333ull;
        v = (v | (v << 1)) & 0x5555555555555555ull;
        return v;
    };
    return spread(x) | (spread(y) << 1);
}

}  // namespace

std::uint32_t cortex_sheet_params::e_per_column() const {
    return static_cast<std::uint32_t>(std::lround(0.8 * neurons_per_column));
}
std::uint32_t cortex_sheet_params::c_e() const {
    return static_cast<std::uint32_t>(std::lround(0.8 * in_degree));
}

grid_shape squarest_grid(std::uint32_t columns) {
    BE_ASSERT(columns > 0, "a sheet needs at least one column");
    auto y = static_cast<std::uint32_t>(std::sqrt(static_cast<double>(columns)));
    while (std::uint64_t{y} * y > columns) {
        --y;
    }
    while (columns % y != 0) {
        --y;
    }
    return {columns / y, y};
}

cortex_sheet_geometry::cortex_sheet_geometry(std::uint32_t columns_x, std::uint32_t columns_y)
    : nx_(columns_x), ny_(columns_y) {
    const std::size_t n = std::size_t{columns_x} * columns_y;
    std::vector<std::uint32_t> cells(n);  // y * X + x, in curve order after the sort
    std::iota(cells.begin(), cells.end(), 0u);
    std::sort(cells.begin(), cells.end(), [&](std::uint32_t a, std::uint32_t b) {
        return morton_code(a % columns_x, a / columns_x) <
               morton_code(b % columns_x, b / columns_x);
    });
    x_of_.resize(n);
    y_of_.resize(n);
    column_at_.resize(n);
    for (std::size_t c = 0; c < n; ++c) {
        x_of_[c] = cells[c] % columns_x;
        y_of_[c] = cells[c] / columns_x;
        column_at_[cells[c]] = static_cast<std::uint32_t>(c);
    }
}

cortex_sheet_wiring::cortex_sheet_wiring(const cortex_sheet_params& p, std::uint64_t seed)
    : p_(p),
      seed_(seed),
      geometry_(p.columns_x, p.columns_y),
      columns_(p.columns()),
      e_per_column_(p.e_per_column()),
      c_e_(p.c_e()),
      c_i_(p.c_i()) {
    BE_ASSERT(p.neurons() <= max_stream_ids, "a sheet of more than 2^40 neurons");
    BE_ASSERT(e_per_column_ > 0 && e_per_column_ < p.neurons_per_column,
              "a column needs both E and I neurons");
}

network build_cortex_sheet(const cortex_sheet_params& p, std::uint64_t seed, double dt_ms,
                           const neuron_layout& blocks) {
    const cortex_sheet_wiring wiring(p, seed);
    network net;
    net.size = p.neurons();
    net.populations = {{"all", {0, net.size}}};
    const std::uint16_t delay = p.coupling.delay_steps(dt_ms);
    const float w_e = p.coupling.excitatory_weight();
    const float w_i = p.coupling.inhibitory_weight();
    auto gen = [&](index_range targets, auto&& emit) {
        for (neuron_id t = targets.first; t < targets.last; ++t) {
            wiring.sources_of(t, [&](neuron_id source, bool inhibitory) {
                emit(source, t, inhibitory ? w_i : w_e, delay);
            });
        }
    };
    net.layout = blocks;
    net.synapses = build_synapse_store(net.size, blocks, gen);
    return net;
}

}  // namespace brainemu
