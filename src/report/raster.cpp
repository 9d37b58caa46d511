#include "report/raster.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "report/png.hpp"
#include "report/svg.hpp"

namespace brainemu::report {

std::vector<std::uint32_t> evenly_chosen(std::uint32_t n, std::uint32_t k) {
    std::vector<std::uint32_t> out;
    if (n <= k) {
        out.resize(n);
        for (std::uint32_t i = 0; i < n; ++i) {
            out[i] = i;
        }
        return out;
    }
    out.reserve(k);
    for (std::uint64_t r = 0; r < k; ++r) {
        out.push_back(static_cast<std::uint32_t>((2 * r + 1) * n / (2 * std::uint64_t{k})));
    }
    return out;
}

raster_grid bin_raster(std::span<const spike> spikes, std::uint32_t neurons, std::uint64_t steps,
                       raster_options opt) {
    raster_grid g;
    const std::uint64_t max_rows = std::max(1U, opt.max_rows);
    g.neurons_per_row = static_cast<std::uint32_t>(
        std::max<std::uint64_t>(1, (std::uint64_t{neurons} + max_rows - 1) / max_rows));
    g.rows = static_cast<std::uint32_t>((std::uint64_t{neurons} + g.neurons_per_row - 1) /
                                        g.neurons_per_row);
    const std::uint64_t max_columns = std::max(1U, opt.max_columns);
    g.steps_per_column = std::max<std::uint64_t>(1, (steps + max_columns - 1) / max_columns);
    g.columns = static_cast<std::uint32_t>(
        std::max<std::uint64_t>(1, (steps + g.steps_per_column - 1) / g.steps_per_column));
    g.counts.assign(static_cast<std::size_t>(g.rows) * g.columns, 0);
    for (const spike& s : spikes) {
        if (s.neuron >= neurons || s.step >= steps) {
            continue;
        }
        const std::size_t r = s.neuron / g.neurons_per_row;
        ++g.counts[r * g.columns + s.step / g.steps_per_column];
        ++g.spikes_shown;
    }
    return g;
}

std::string raster_svg(const raster_grid& g, std::uint32_t neurons, double dt_ms,
                       const std::vector<population_row>& populations, plot_size size) {
    svg_canvas c(size.width, size.height);
    const box f{70.0, 12.0, size.width - 130.0, size.height - 66.0};
    const double t_end = static_cast<double>(g.columns * g.steps_per_column) * dt_ms;
    const double n = std::max(1.0, static_cast<double>(neurons));
    const axes a = draw_axes(c, f, 0.0, t_end, 0.0, n, "time (ms)", "neuron",
                             {.extend_y = false, .y_down = true});
    const std::uint32_t top =
        g.counts.empty() ? 0 : *std::max_element(g.counts.begin(), g.counts.end());
    // Darker with more spikes per cell, on a log scale; a single spike stays clearly visible.
    std::vector<std::uint8_t> px(g.counts.size(), 0);
    const double log_top = top > 1 ? std::log(static_cast<double>(top)) : 1.0;
    for (std::uint32_t r = 0; r < g.rows; ++r) {
        // Neuron 0 on top, as the axis runs.
        const std::size_t dst = static_cast<std::size_t>(r) * g.columns;
        for (std::uint32_t col = 0; col < g.columns; ++col) {
            const std::uint32_t v = g.counts[static_cast<std::size_t>(r) * g.columns + col];
            if (v > 0) {
                px[dst + col] = static_cast<std::uint8_t>(
                    90 + std::lround(165.0 * std::log(static_cast<double>(v)) / log_top));
            }
        }
    }
    if (g.rows > 0) {
        // The image covers the rows' neurons, which may run past the last neuron by less than
        // a row.
        const double covered = static_cast<double>(g.rows) * g.neurons_per_row;
        c.image({f.x, f.y, f.w, f.h * covered / n},
                png_data_uri(g.columns, g.rows, px, density_palette()));
    }
    std::uint64_t first = 0;
    for (std::size_t i = 0; i < populations.size() && populations.size() > 1; ++i) {
        const double y0 = a.y(static_cast<double>(first));
        const double y1 = a.y(static_cast<double>(first + populations[i].neurons));
        if (first > 0) {
            c.line(f.x, y0, f.right(), y0, "#999", 0.75);
        }
        c.text(f.right() + 6.0, (y0 + y1) / 2.0 + 3.5, populations[i].name, "start", 11.0);
        first += populations[i].neurons;
    }
    c.text(f.right(), f.bottom() + 48.0,
           fmt::format(
               "all {} neurons and {} spikes; {} per row, {} per column", neurons, g.spikes_shown,
               g.neurons_per_row == 1 ? std::string("one neuron")
                                      : fmt::format("{} neurons", g.neurons_per_row),
               g.steps_per_column == 1
                   ? fmt::format("{} ms", dt_ms)
                   : fmt::format("{:.4g} ms", static_cast<double>(g.steps_per_column) * dt_ms)),
           "end", 10.0, "#555");
    return c.finish();
}

}  // namespace brainemu::report
