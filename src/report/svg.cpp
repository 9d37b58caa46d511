#include "report/svg.hpp"

#include <array>
#include <cmath>

#include <fmt/format.h>

#include "report/format.hpp"

namespace brainemu::report {

svg_canvas::svg_canvas(double width, double height) : width_(width), height_(height) {}

void svg_canvas::rect(const box& b, std::string_view fill, std::string_view title) {
    if (title.empty()) {
        body_ += fmt::format(
            "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"/>\n",
            b.x, b.y, b.w, b.h, fill);
    } else {
        body_ += fmt::format(
            "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
            "fill=\"{}\"><title>{}</title></rect>\n",
            b.x, b.y, b.w, b.h, fill, escape_xml(title));
    }
}

void svg_canvas::line(double x1, double y1, double x2, double y2, std::string_view stroke,
                      double width) {
    body_ += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" "
        "stroke-width=\"{}\"/>\n",
        x1, y1, x2, y2, stroke, width);
}

void svg_canvas::polyline(const std::vector<std::pair<double, double>>& points,
                          std::string_view stroke, double width) {
    if (points.empty()) {
        return;
    }
    body_ += "<polyline fill=\"none\" stroke-linejoin=\"round\" points=\"";
    for (const auto& [x, y] : points) {
        fmt::format_to(std::back_inserter(body_), "{:.1f},{:.1f} ", x, y);
    }
    body_ += fmt::format("\" stroke=\"{}\" stroke-width=\"{}\"/>\n", stroke, width);
}

void svg_canvas::text(double x, double y, std::string_view s, std::string_view anchor, double size,
                      std::string_view fill, double rotate) {
    const std::string turn =
        rotate == 0.0 ? std::string()
                      : fmt::format(" transform=\"rotate({:.0f} {:.1f} {:.1f})\"", rotate, x, y);
    body_ += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\" font-size=\"{}\" fill=\"{}\"{}>{}"
        "</text>\n",
        x, y, anchor, size, fill, turn, escape_xml(s));
}

void svg_canvas::image(const box& b, std::string_view data_uri) {
    // Pixelated: each cell of the density stays a sharp block when stretched.
    body_ += fmt::format(
        "<image x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
        "preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" href=\"",
        b.x, b.y, b.w, b.h);
    body_ += data_uri;
    body_ += "\"/>\n";
}

std::string svg_canvas::finish() const {
    std::string out = fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0:.0f}\" height=\"{1:.0f}\" "
        "viewBox=\"0 0 {0:.0f} {1:.0f}\" font-family=\"sans-serif\" font-size=\"11\">\n",
        width_, height_);
    out += body_;
    out += "</svg>\n";
    return out;
}

double nice_ceil(double v) {
    if (!(v > 0.0) || !std::isfinite(v)) {
        return 1.0;
    }
    const double p = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * p >= v * (1.0 - 1e-12)) {
            return m * p;
        }
    }
    return 10.0 * p;
}

ticks nice_ticks(double lo, double hi, int target) {
    ticks t;
    if (!(hi > lo)) {
        hi = lo + 1.0;
    }
    t.step = nice_ceil((hi - lo) / std::max(1, target));
    const double first = std::ceil(lo / t.step - 1e-9) * t.step;
    for (double v = first; v <= hi + t.step * 1e-9; v += t.step) {
        t.values.push_back(std::abs(v) < t.step * 1e-9 ? 0.0 : v);
    }
    return t;
}

axes draw_axes(svg_canvas& c, const box& frame, double x_lo, double x_hi, double y_lo, double y_hi,
               std::string_view x_label, std::string_view y_label, axis_options opt) {
    axes a;
    a.frame = frame;
    if (!(y_hi > y_lo)) {
        y_hi = y_lo + 1.0;
    }
    if (!(x_hi > x_lo)) {
        x_hi = x_lo + 1.0;
    }
    a.yt = nice_ticks(y_lo, y_hi, std::max(2, static_cast<int>(frame.h / 45.0)));
    // The value axis ends on a whole tick, so the top line is labelled.
    if (opt.extend_y && !a.yt.values.empty() && a.yt.values.back() < y_hi - a.yt.step * 1e-9) {
        y_hi = a.yt.values.back() + a.yt.step;
        a.yt.values.push_back(y_hi);
    }
    if (opt.numeric_x) {
        a.xt = nice_ticks(x_lo, x_hi, std::max(2, static_cast<int>(frame.w / 90.0)));
    }
    a.x = {x_lo, x_hi, frame.x, frame.right()};
    a.y = opt.y_down ? linear_scale{y_lo, y_hi, frame.y, frame.bottom()}
                     : linear_scale{y_lo, y_hi, frame.bottom(), frame.y};
    for (double v : a.yt.values) {
        const double y = a.y(v);
        c.line(frame.x, y, frame.right(), y, "#e4e4e4");
        c.text(frame.x - 5.0, y + 3.5, format_tick(v, a.yt.step), "end");
    }
    for (double v : a.xt.values) {
        const double x = a.x(v);
        c.line(x, frame.bottom(), x, frame.bottom() + 4.0, "#444");
        c.text(x, frame.bottom() + 16.0, format_tick(v, a.xt.step), "middle");
    }
    c.line(frame.x, frame.y, frame.x, frame.bottom(), "#444");
    c.line(frame.x, frame.bottom(), frame.right(), frame.bottom(), "#444");
    if (!x_label.empty()) {
        c.text(frame.x + frame.w / 2.0, frame.bottom() + 32.0, x_label, "middle", 12.0);
    }
    if (!y_label.empty()) {
        c.text(frame.x - 44.0, frame.y + frame.h / 2.0, y_label, "middle", 12.0, "#222", -90.0);
    }
    return a;
}

std::string_view series_colour(std::size_t i) {
    constexpr std::array<std::string_view, 8> colours{"#0072b2", "#d55e00", "#009e73", "#cc79a7",
                                                      "#e69f00", "#56b4e9", "#000000", "#f0e442"};
    return colours[i % colours.size()];
}

}  // namespace brainemu::report
