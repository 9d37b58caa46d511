#pragma once
// The report's plots as standalone <svg> elements: line plots, histograms, (stacked) bar
// charts, whisker plots and heat maps. Each keeps its markup bounded whatever the data size:
// lines are reduced to a min/max envelope per pixel column, large heat maps become an image.

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace brainemu::report {

struct plot_size {
    double width = 920.0;
    double height = 260.0;
};

struct series {
    std::string name;
    std::vector<double> x, y;
};

using value_format = std::function<std::string(double)>;

// At most two points (the minimum and maximum) per pixel column over [x_lo, x_hi], in x
// order: the drawn line keeps every peak while its markup stays O(columns).
[[nodiscard]] std::vector<std::pair<double, double>> envelope(std::span<const double> x,
                                                              std::span<const double> y,
                                                              double x_lo, double x_hi,
                                                              std::size_t columns);

// `marks` (x values, e.g. spike times) are drawn as short red ticks along the top of the frame.
[[nodiscard]] std::string line_plot(const std::vector<series>& lines, std::string_view x_label,
                                    std::string_view y_label, plot_size size = {},
                                    std::span<const double> marks = {});

// `bins` equal bins over [lo, max(values)] (by default lo = 0: rates, counts).
[[nodiscard]] std::string histogram(std::span<const double> values, int bins,
                                    std::string_view x_label, std::string_view y_label,
                                    plot_size size = {}, double lo = 0.0);

// One bar per category; several series stack. `label` formats the total above each bar and
// the tooltips.
struct bar_series {
    std::string name;
    std::vector<double> values;  // one per category
};
[[nodiscard]] std::string bar_chart(const std::vector<std::string>& categories,
                                    const std::vector<bar_series>& stacked,
                                    std::string_view y_label, const value_format& label,
                                    plot_size size = {});

// A point at `mid` with a whisker from `lo` to `hi` per category.
struct whisker {
    std::string label;
    double lo = 0.0, mid = 0.0, hi = 0.0;
};
[[nodiscard]] std::string whisker_plot(const std::vector<whisker>& items, std::string_view y_label,
                                       plot_size size = {});

// Rows are senders, columns receivers; colour on a log scale, zero cells white.
[[nodiscard]] std::string heat_map(const std::vector<std::vector<double>>& m,
                                   std::string_view row_label, std::string_view column_label,
                                   const value_format& label, double cell_max = 28.0);

}  // namespace brainemu::report
