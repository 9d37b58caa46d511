#include "plan/tornado_svg.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "core/xml_escape.hpp"
#include "plan/plan_text.hpp"
#include "plan/svg_chart.hpp"

namespace brainemu::plan {
namespace {

constexpr double width = 980.0;
constexpr double label_right = 330.0;  // input labels end here
constexpr double plot_x = 350.0;
constexpr double plot_w = 600.0;
constexpr double top = 90.0;
constexpr double row_h = 30.0;
constexpr double bar_h = 18.0;
constexpr const char* low_colour = "#7570b3";
constexpr const char* high_colour = "#e6ab02";

}  // namespace

std::string tornado_svg(const plan_inputs& in, const ranges_result& r) {
    const axis_kind b = r.central.binding;
    const double central = r.central.result.axis(b).ratio;
    double lo = 1.0;
    double hi = 1.0;
    auto widen = [&](double v) {
        if (v > 0.0 && std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    };
    widen(central);
    for (const input_sensitivity& s : r.inputs) {
        widen(s.at_low.result.axis(b).ratio);
        widen(s.at_high.result.axis(b).ratio);
    }
    const log_scale scale = log_scale::covering(lo, hi, 0.0);
    // A ratio with no demand (+inf) or none of the supply (0) is drawn at the scale's edge.
    auto x_of = [&](double v) {
        const double f = v > 0.0 ? std::clamp(scale.fraction(v), 0.0, 1.0) : 0.0;
        return plot_x + plot_w * (std::isfinite(v) ? f : 1.0);
    };
    const double rows = static_cast<double>(r.inputs.size());
    const double axis_y = top + rows * row_h + 6.0;
    const double height = axis_y + 100.0;

    std::string out = svg_open(width, height);
    const std::string label = in.preset.empty() ? "" : " [" + in.preset + "]";
    out += fmt::format(
        "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">{}</text>\n",
        escape_xml(fmt::format("{} at {}{}: {} supply/demand across the uncertain inputs",
                               in.org.name, in.neuron.name, label, axis_title(b))));
    out += fmt::format(
        "<text x=\"10\" y=\"42\" font-size=\"12\" fill=\"#555\">{}</text>\n",
        escape_xml(fmt::format("each input at its low and its high, all others central; {} x {}; "
                               "widest swing on top",
                               format_count(r.devices), in.dev.name)));
    out += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" font-weight=\"bold\">input "
        "(low .. high)</text>\n",
        label_right, top - 12.0);

    // Reference lines: where supply meets demand, and the central plan.
    for (const auto& [v, colour, text] :
         {std::tuple{1.0, "#b00", std::string("supply = demand")},
          std::tuple{central, "#333", "central " + format_sci(central)}}) {
        if (!(v > 0.0) || !std::isfinite(v)) {
            continue;
        }
        const double x = x_of(v);
        out += fmt::format(
            "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"{3}\" "
            "stroke-dasharray=\"4 3\"/>\n",
            x, top - 8.0, axis_y, colour);
        // Near an edge the label runs inward, so that it stays on the canvas.
        const char* anchor = x > plot_x + plot_w - 60.0 ? "end"
                             : x < plot_x + 60.0        ? "start"
                                                        : "middle";
        out += fmt::format(
            "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\" font-size=\"11\" "
            "fill=\"{}\">{}</text>\n",
            x, v == 1.0 ? top - 26.0 : top - 12.0, anchor, colour, escape_xml(text));
    }

    for (std::size_t i = 0; i < r.inputs.size(); ++i) {
        const input_sensitivity& s = r.inputs[i];
        const double y = top + static_cast<double>(i) * row_h;
        out +=
            fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n",
                        label_right, y + bar_h - 4.0,
                        escape_xml(fmt::format("{}  {} .. {}", s.range.name,
                                               format_sci(s.range.low), format_sci(s.range.high))));
        // A flip of the binding axis does not show in this axis's bar: say it under the label.
        std::string flips;
        for (const sweep_transition& t : s.flips) {
            flips += fmt::format("{}{} binds past {}", flips.empty() ? "" : "; ", axis_title(t.to),
                                 format_sci(t.value));
        }
        if (!flips.empty()) {
            out += fmt::format(
                "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" font-size=\"10\" "
                "fill=\"#b00\">{}</text>\n",
                label_right, y + bar_h + 9.0, escape_xml(flips));
        }
        const double xc = x_of(central);
        for (const auto& [end, colour] : {std::pair{s.at_low.result.axis(b).ratio, low_colour},
                                          std::pair{s.at_high.result.axis(b).ratio, high_colour}}) {
            const double x = x_of(end);
            // An end that does not move the ratio is a hairline on the central line, unlabelled:
            // the central line's label gives its value.
            out += fmt::format(
                "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
                "fill=\"{}\"/>\n",
                std::min(x, xc), y, std::max(1.0, std::abs(x - xc)), bar_h, colour);
            if (std::abs(x - xc) < 1.0) {
                continue;
            }
            out += fmt::format(
                "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\" font-size=\"10\">{}</text>\n",
                x < xc ? x - 3.0 : x + 3.0, y + bar_h - 5.0, x < xc ? "end" : "start",
                escape_xml(std::isfinite(end) ? format_sci(end) : "no demand"));
        }
    }

    out += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#333\"/>\n", plot_x,
        axis_y, plot_x + plot_w, axis_y);
    for (double d = scale.d_lo; d <= scale.d_hi + 1e-9; d += scale.tick_step()) {
        const double x = x_of(std::pow(10.0, d));
        out += fmt::format(
            "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" "
            "stroke=\"#333\"/>\n",
            x, axis_y, axis_y + 5.0);
        out += fmt::format(
            "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" font-size=\"11\">1e{:.0f}"
            "</text>\n",
            x, axis_y + 18.0, d);
    }
    out += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n", plot_x + plot_w / 2.0,
        axis_y + 38.0,
        escape_xml(fmt::format("{} supply/demand per device (ratio, log scale; below 1 = short)",
                               axis_title(b))));
    const double ly = axis_y + 62.0;
    out += fmt::format(
        "<rect x=\"{0:.1f}\" y=\"{1:.1f}\" width=\"12\" height=\"12\" fill=\"{2}\"/>"
        "<text x=\"{3:.1f}\" y=\"{4:.1f}\">input at its low</text>\n"
        "<rect x=\"{5:.1f}\" y=\"{1:.1f}\" width=\"12\" height=\"12\" fill=\"{6}\"/>"
        "<text x=\"{7:.1f}\" y=\"{4:.1f}\">input at its high</text>\n",
        plot_x, ly, low_colour, plot_x + 17.0, ly + 11.0, plot_x + 160.0, high_colour,
        plot_x + 177.0);
    out += "</svg>\n";
    return out;
}

}  // namespace brainemu::plan
