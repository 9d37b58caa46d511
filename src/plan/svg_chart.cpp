#include "plan/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "core/xml_escape.hpp"
#include "plan/plan_text.hpp"

namespace brainemu::plan {
namespace {

constexpr double panel_w = 190.0;
constexpr double top = 70.0;      // below the title
constexpr double plot_h = 260.0;  // the log axis
constexpr double left = 58.0;     // inside a panel: room for tick labels
constexpr double bar_w = 42.0;
constexpr const char* demand_colour = "#d95f02";
constexpr const char* supply_colour = "#1b9e77";

// One axis: a log scale from the decade below the smaller value to the decade above the larger.
std::string panel(const plan_result& r, const axis_result& a, double x0, bool binding) {
    const double demand = a.demand_per_device;
    const double supply = a.supply_per_device;
    double lo = std::numeric_limits<double>::infinity();
    double hi = 0.0;
    for (double v : {demand, supply}) {
        if (v > 0.0 && std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }
    std::string out;
    const double cx = x0 + left + bar_w + 10.0;
    out += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" font-weight=\"{}\">{}</text>\n", cx,
        top - 22.0, binding ? "bold" : "normal",
        escape_xml(std::string(axis_title(a.kind)) + (binding ? " (binds)" : "")));
    out += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" font-size=\"11\" "
        "fill=\"#555\">{} per device</text>\n",
        cx, top - 8.0, unit_of(r, a.kind));
    if (hi <= 0.0) {
        out += fmt::format(
            "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">no demand "
            "</text>\n",
            cx, top + plot_h / 2.0);
        return out;
    }
    const log_scale scale = log_scale::covering(lo, hi, 1.0);
    auto y_of = [&](double v) { return top + plot_h * (1.0 - scale.fraction(v)); };
    const double axis_x = x0 + left;
    out += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" "
        "stroke=\"#333\"/>\n",
        axis_x, top, top + plot_h);
    const double step = scale.tick_step();
    for (double d = scale.d_lo; d <= scale.d_hi + 1e-9; d += step) {
        const double y = y_of(std::pow(10.0, d));
        out += fmt::format(
            "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" "
            "stroke=\"#ddd\"/>\n",
            axis_x, y, axis_x + 2.0 * bar_w + 30.0, y);
        out += fmt::format(
            "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" font-size=\"11\">"
            "1e{:.0f}</text>\n",
            axis_x - 4.0, y + 4.0, d);
    }
    const std::pair<double, const char*> bars[] = {{demand, demand_colour},
                                                   {supply, supply_colour}};
    for (int i = 0; i < 2; ++i) {
        const double v = bars[i].first;
        const double bx = axis_x + 10.0 + i * (bar_w + 10.0);
        if (!(v > 0.0)) {
            continue;
        }
        const double y = y_of(v);
        out += fmt::format(
            "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
            "fill=\"{}\"/>\n",
            bx, y, bar_w, top + plot_h - y, bars[i].second);
        out += fmt::format(
            "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" "
            "font-size=\"10\">{}</text>\n",
            bx + bar_w / 2.0, y - 4.0, escape_xml(format_quantity(v, unit_of(r, a.kind))));
    }
    out += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" font-size=\"12\" "
        "fill=\"{}\">{}</text>\n",
        cx, top + plot_h + 22.0, a.ratio < 1.0 ? "#b00" : "#060",
        escape_xml(format_ratio(a.ratio)));
    return out;
}

}  // namespace

std::string svg_open(double width, double height) {
    return fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0:.0f}\" height=\"{1:.0f}\" "
        "viewBox=\"0 0 {0:.0f} {1:.0f}\" font-family=\"sans-serif\" font-size=\"13\">\n"
        "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n",
        width, height);
}

log_scale log_scale::covering(double lo, double hi, double pad_decades) {
    log_scale s;
    s.d_lo = std::floor(std::log10(lo)) - pad_decades;
    s.d_hi = std::max(s.d_lo + 1.0, std::ceil(std::log10(hi)));
    return s;
}

double log_scale::fraction(double v) const {
    return (std::log10(v) - d_lo) / (d_hi - d_lo);
}

double log_scale::tick_step() const {
    return std::max(1.0, std::ceil((d_hi - d_lo) / 8.0));
}

std::string plan_chart_svg(const plan_inputs& in, const plan_result& r) {
    std::vector<const axis_result*> shown;
    for (const axis_result& a : r.axes) {
        if (a.present) {
            shown.push_back(&a);
        }
    }
    const double width = 20.0 + panel_w * static_cast<double>(shown.size());
    const double height = top + plot_h + 70.0;
    std::string out = svg_open(width, height);
    const std::string hardware =
        in.cluster.empty()
            ? fmt::format("{} x {}", format_count(r.devices), in.dev.name)
            : fmt::format("{} ({} x {})", in.cluster, format_count(r.devices), in.dev.name);
    const std::string label = in.preset.empty() ? "" : " [" + in.preset + "]";
    const std::string calibrated =
        in.measured ? " (calibrated on " + in.measured->network + ")" : "";
    out += fmt::format(
        "<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">{}</text>\n",
        escape_xml(fmt::format("{} at {}{}{}, on {}: supply vs demand per device", in.org.name,
                               in.neuron.name, label, calibrated, hardware)));
    for (std::size_t i = 0; i < shown.size(); ++i) {
        out += panel(r, *shown[i], 10.0 + panel_w * static_cast<double>(i),
                     shown[i]->kind == r.binding);
    }
    const double ly = height - 18.0;
    out += fmt::format(
        "<rect x=\"10\" y=\"{0:.1f}\" width=\"12\" height=\"12\" fill=\"{1}\"/>"
        "<text x=\"27\" y=\"{2:.1f}\">demand</text>\n"
        "<rect x=\"95\" y=\"{0:.1f}\" width=\"12\" height=\"12\" fill=\"{3}\"/>"
        "<text x=\"112\" y=\"{2:.1f}\">supply ({4} peak for compute)</text>\n",
        ly - 10.0, demand_colour, ly, supply_colour, to_string(in.precision));
    out += "</svg>\n";
    return out;
}

}  // namespace brainemu::plan
