#include "report/plots.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "report/png.hpp"
#include "report/svg.hpp"

namespace brainemu::report {
namespace {

constexpr double margin_left = 70.0;
constexpr double margin_right = 16.0;
constexpr double margin_top = 28.0;  // room for a legend
constexpr double margin_bottom = 42.0;

box frame_of(plot_size s, double bottom = margin_bottom) {
    return {margin_left, margin_top, s.width - margin_left - margin_right,
            s.height - margin_top - bottom};
}

void legend(svg_canvas& c, const std::vector<std::string>& names) {
    double x = margin_left;
    for (std::size_t i = 0; i < names.size(); ++i) {
        c.rect({x, 8.0, 12.0, 10.0}, series_colour(i));
        c.text(x + 16.0, 17.0, names[i]);
        x += 30.0 + 6.5 * static_cast<double>(names[i].size());
    }
}

std::pair<double, double> finite_range(std::span<const double> v) {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (double x : v) {
        if (std::isfinite(x)) {
            lo = std::min(lo, x);
            hi = std::max(hi, x);
        }
    }
    return lo <= hi ? std::pair{lo, hi} : std::pair{0.0, 1.0};
}

}  // namespace

std::vector<std::pair<double, double>> envelope(std::span<const double> x,
                                                std::span<const double> y, double x_lo, double x_hi,
                                                std::size_t columns) {
    std::vector<std::pair<double, double>> out;
    const std::size_t n = std::min(x.size(), y.size());
    if (n <= 2 * columns || columns == 0 || !(x_hi > x_lo)) {
        for (std::size_t i = 0; i < n; ++i) {
            out.emplace_back(x[i], y[i]);
        }
        return out;
    }
    const double width = (x_hi - x_lo) / static_cast<double>(columns);
    std::size_t i = 0;
    while (i < n) {
        const auto col = static_cast<std::int64_t>(std::floor((x[i] - x_lo) / width));
        std::size_t lo = i, hi = i, j = i;
        for (; j < n && static_cast<std::int64_t>(std::floor((x[j] - x_lo) / width)) == col; ++j) {
            lo = y[j] < y[lo] ? j : lo;
            hi = y[j] > y[hi] ? j : hi;
        }
        const auto [a, b] = std::minmax(lo, hi);
        out.emplace_back(x[a], y[a]);
        if (b != a) {
            out.emplace_back(x[b], y[b]);
        }
        i = j;
    }
    return out;
}

std::string line_plot(const std::vector<series>& lines, std::string_view x_label,
                      std::string_view y_label, plot_size size, std::span<const double> marks) {
    svg_canvas c(size.width, size.height);
    double x_lo = std::numeric_limits<double>::infinity(), x_hi = -x_lo;
    double y_lo = x_lo, y_hi = -x_lo;
    for (const series& s : lines) {
        const auto [a, b] = finite_range(s.x);
        const auto [lo, hi] = finite_range(s.y);
        x_lo = std::min(x_lo, a);
        x_hi = std::max(x_hi, b);
        y_lo = std::min(y_lo, lo);
        y_hi = std::max(y_hi, hi);
    }
    if (lines.empty()) {
        x_lo = y_lo = 0.0;
        x_hi = y_hi = 1.0;
    }
    // Rates and counts start at zero; voltages keep their own range with a margin.
    if (y_lo >= 0.0) {
        y_lo = 0.0;
    } else {
        const double pad = 0.05 * std::max(1e-9, y_hi - y_lo);
        y_lo -= pad;
        y_hi += pad;
    }
    const box f = frame_of(size);
    const axes a = draw_axes(c, f, x_lo, x_hi, y_lo, y_hi, x_label, y_label);
    std::vector<std::string> names;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto points =
            envelope(lines[i].x, lines[i].y, x_lo, x_hi, static_cast<std::size_t>(f.w));
        std::vector<std::pair<double, double>> px;
        px.reserve(points.size());
        for (const auto& [x, y] : points) {
            px.emplace_back(a.x(x), a.y(y));
        }
        c.polyline(px, series_colour(i));
        names.push_back(lines[i].name);
    }
    if (lines.size() > 1) {
        legend(c, names);
    }
    for (double m : marks) {
        if (m >= x_lo && m <= x_hi) {
            c.line(a.x(m), f.y, a.x(m), f.y + 9.0, "#d62728", 1.5);
        }
    }
    return c.finish();
}

std::string histogram(std::span<const double> values, int bins, std::string_view x_label,
                      std::string_view y_label, plot_size size, double lo) {
    svg_canvas c(size.width, size.height);
    const double hi = finite_range(values).second;
    const double top = hi > lo ? hi : lo + 1.0;
    const double width = (top - lo) / bins;
    std::vector<double> counts(static_cast<std::size_t>(bins), 0.0);
    for (double v : values) {
        if (std::isfinite(v)) {
            const auto b = std::clamp(static_cast<std::int64_t>((v - lo) / width), std::int64_t{0},
                                      static_cast<std::int64_t>(bins - 1));
            counts[static_cast<std::size_t>(b)] += 1.0;
        }
    }
    const box f = frame_of(size);
    const axes a = draw_axes(c, f, lo, top, 0.0, *std::max_element(counts.begin(), counts.end()),
                             x_label, y_label);
    for (std::size_t b = 0; b < counts.size(); ++b) {
        if (counts[b] == 0.0) {
            continue;
        }
        const double b0 = lo + static_cast<double>(b) * width;
        const double x0 = a.x(b0);
        const double x1 = a.x(b0 + width);
        const double y = a.y(counts[b]);
        c.rect({x0 + 0.5, y, std::max(0.5, x1 - x0 - 1.0), f.bottom() - y}, series_colour(0),
               fmt::format("{:.3g} to {:.3g}: {:.0f}", b0, b0 + width, counts[b]));
    }
    return c.finish();
}

std::string bar_chart(const std::vector<std::string>& categories,
                      const std::vector<bar_series>& stacked, std::string_view y_label,
                      const value_format& label, plot_size size) {
    svg_canvas c(size.width, size.height);
    std::vector<double> totals(categories.size(), 0.0);
    for (const bar_series& s : stacked) {
        for (std::size_t i = 0; i < categories.size() && i < s.values.size(); ++i) {
            totals[i] += std::max(0.0, s.values[i]);
        }
    }
    const double top = totals.empty() ? 1.0 : *std::max_element(totals.begin(), totals.end());
    const box f = frame_of(size);
    const axes a = draw_axes(c, f, 0.0, 1.0, 0.0, top > 0.0 ? top * 1.08 : 1.0, "", y_label,
                             {.numeric_x = false});
    const double slot = f.w / std::max<double>(1.0, static_cast<double>(categories.size()));
    const double bar_w = std::max(1.0, std::min(60.0, slot * 0.7));
    // Label every k-th bar so that labels never overlap.
    const double label_w =
        7.0 * static_cast<double>(
                  std::max_element(categories.begin(), categories.end(), [](auto& l, auto& r) {
                      return l.size() < r.size();
                  })->size());
    const auto every = static_cast<std::size_t>(std::max(1.0, std::ceil((label_w + 6.0) / slot)));
    for (std::size_t i = 0; i < categories.size(); ++i) {
        const double cx = f.x + slot * (static_cast<double>(i) + 0.5);
        double base = 0.0;
        for (std::size_t s = 0; s < stacked.size(); ++s) {
            const double v =
                i < stacked[s].values.size() ? std::max(0.0, stacked[s].values[i]) : 0.0;
            if (v <= 0.0) {
                continue;
            }
            const double y0 = a.y(base), y1 = a.y(base + v);
            const std::string tip =
                stacked.size() > 1
                    ? fmt::format("{} {}: {}", categories[i], stacked[s].name, label(v))
                    : fmt::format("{}: {}", categories[i], label(v));
            c.rect({cx - bar_w / 2.0, y1, bar_w, y0 - y1}, series_colour(s), tip);
            base += v;
        }
        if (categories.size() <= 16 && totals[i] > 0.0) {
            c.text(cx, a.y(totals[i]) - 4.0, label(totals[i]), "middle", 10.0);
        }
        if (i % every == 0) {
            c.text(cx, f.bottom() + 15.0, categories[i], "middle");
        }
    }
    if (stacked.size() > 1) {
        std::vector<std::string> names;
        for (const bar_series& s : stacked) {
            names.push_back(s.name);
        }
        legend(c, names);
    }
    return c.finish();
}

std::string whisker_plot(const std::vector<whisker>& items, std::string_view y_label,
                         plot_size size) {
    svg_canvas c(size.width, size.height);
    double hi = 0.0;
    for (const whisker& w : items) {
        hi = std::max({hi, w.hi, w.mid});
    }
    constexpr double label_room = 70.0;  // rotated labels under the axis
    const box f = frame_of(size, label_room);
    const axes a = draw_axes(c, f, 0.0, 1.0, 0.0, hi > 0.0 ? hi * 1.05 : 1.0, "", y_label,
                             {.numeric_x = false});
    const double slot = f.w / std::max<double>(1.0, static_cast<double>(items.size()));
    for (std::size_t i = 0; i < items.size(); ++i) {
        const whisker& w = items[i];
        const double cx = f.x + slot * (static_cast<double>(i) + 0.5);
        c.line(cx, a.y(w.lo), cx, a.y(w.hi), "#555", 1.5);
        c.line(cx - 3.0, a.y(w.lo), cx + 3.0, a.y(w.lo), "#555");
        c.line(cx - 3.0, a.y(w.hi), cx + 3.0, a.y(w.hi), "#555");
        c.raw(
            fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"><title>{}: "
                        "{:.3g} ({:.3g} to {:.3g})</title></circle>\n",
                        cx, a.y(w.mid), series_colour(0), escape_xml(w.label), w.mid, w.lo, w.hi));
        if (slot >= 9.0 || i % static_cast<std::size_t>(std::ceil(9.0 / slot)) == 0) {
            c.text(cx + 3.0, f.bottom() + 10.0, w.label.substr(0, 14), "end", 10.0, "#222", -60.0);
        }
    }
    return c.finish();
}

std::string heat_map(const std::vector<std::vector<double>>& m, std::string_view row_label,
                     std::string_view column_label, const value_format& label, double cell_max) {
    const std::size_t k = m.size();
    double lo = std::numeric_limits<double>::infinity(), hi = 0.0;
    for (const auto& row : m) {
        for (double v : row) {
            if (v > 0.0) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        }
    }
    const double side =
        std::clamp(560.0 / std::max<double>(1.0, static_cast<double>(k)), 1.0, cell_max);
    const double map = side * static_cast<double>(k);
    const box f{70.0, 20.0, map, map};
    svg_canvas c(f.right() + 150.0, f.bottom() + 50.0);
    const auto palette = density_palette();
    // Log colour: traffic between partitions spans orders of magnitude.
    auto level = [&](double v) -> std::uint8_t {
        if (!(v > 0.0)) {
            return 0;
        }
        const double t =
            hi > lo ? (std::log(v) - std::log(lo)) / (std::log(hi) - std::log(lo)) : 1.0;
        return static_cast<std::uint8_t>(1 + std::lround(254.0 * std::clamp(t, 0.0, 1.0)));
    };
    auto hex = [&](std::uint8_t i) {
        const rgb& p = palette[i];
        return fmt::format("#{:02x}{:02x}{:02x}", p.r, p.g, p.b);
    };
    if (k <= 64) {
        for (std::size_t i = 0; i < k; ++i) {
            for (std::size_t j = 0; j < k; ++j) {
                c.rect({f.x + side * static_cast<double>(j), f.y + side * static_cast<double>(i),
                        side, side},
                       hex(level(m[i][j])), fmt::format("{} -> {}: {}", i, j, label(m[i][j])));
            }
        }
    } else {
        std::vector<std::uint8_t> px(k * k);
        for (std::size_t i = 0; i < k; ++i) {
            for (std::size_t j = 0; j < k; ++j) {
                px[i * k + j] = level(m[i][j]);
            }
        }
        const auto n = static_cast<std::uint32_t>(k);
        c.image(f, png_data_uri(n, n, px, palette));
    }
    c.raw(fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"none\" "
        "stroke=\"#444\"/>\n",
        f.x, f.y, f.w, f.h));
    const auto step = static_cast<std::size_t>(std::max(1.0, std::ceil(16.0 / side)));
    for (std::size_t i = 0; i < k; i += step) {
        const double mid = side * (static_cast<double>(i) + 0.5);
        c.text(f.x - 4.0, f.y + mid + 3.5, fmt::format("{}", i), "end", 10.0);
        c.text(f.x + mid, f.bottom() + 13.0, fmt::format("{}", i), "middle", 10.0);
    }
    c.text(f.x + f.w / 2.0, f.bottom() + 32.0, column_label, "middle", 12.0);
    c.text(f.x - 40.0, f.y + f.h / 2.0, row_label, "middle", 12.0, "#222", -90.0);
    // Colour bar: the smallest and largest non-zero cell.
    const double bx = f.right() + 20.0;
    for (int s = 0; s < 32; ++s) {
        const auto idx = static_cast<std::uint8_t>(255 - s * 8);
        c.rect({bx, f.y + s * 5.0, 14.0, 5.0}, hex(idx));
    }
    if (hi > 0.0) {
        c.text(bx + 18.0, f.y + 8.0, label(hi));
        c.text(bx + 18.0, f.y + 160.0, label(lo));
        c.text(bx + 18.0, f.y + 175.0, "(log scale; white = 0)", "start", 10.0, "#555");
    }
    return c.finish();
}

}  // namespace brainemu::report
