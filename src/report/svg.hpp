#pragma once
// A small SVG writer: the plots build their markup through it, so that escaping and number
// formatting live in one place (the planner's chart, src/plan/svg_chart.cpp, writes the same
// kind of markup by hand).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/xml_escape.hpp"

namespace brainemu::report {

using brainemu::escape_xml;  // core/xml_escape.hpp

struct box {
    double x = 0.0, y = 0.0, w = 0.0, h = 0.0;
    [[nodiscard]] double right() const { return x + w; }
    [[nodiscard]] double bottom() const { return y + h; }
};

class svg_canvas {
public:
    svg_canvas(double width, double height);

    void rect(const box& b, std::string_view fill, std::string_view title = {});
    void line(double x1, double y1, double x2, double y2, std::string_view stroke,
              double width = 1.0);
    void polyline(const std::vector<std::pair<double, double>>& points, std::string_view stroke,
                  double width = 1.25);
    // anchor: "start", "middle" or "end"; rotate: degrees about (x, y).
    void text(double x, double y, std::string_view s, std::string_view anchor = "start",
              double size = 11.0, std::string_view fill = "#222", double rotate = 0.0);
    // A raster image (a data: URI) stretched over `b`, one image pixel per cell.
    void image(const box& b, std::string_view data_uri);
    void raw(std::string_view markup) { body_ += markup; }

    [[nodiscard]] double width() const { return width_; }
    [[nodiscard]] double height() const { return height_; }
    [[nodiscard]] std::string finish() const;

private:
    double width_, height_;
    std::string body_;
};

// A linear map from data to pixels.
struct linear_scale {
    double d0 = 0.0, d1 = 1.0;  // data
    double r0 = 0.0, r1 = 1.0;  // pixels
    [[nodiscard]] double operator()(double v) const {
        return d1 == d0 ? r0 : r0 + (v - d0) * (r1 - r0) / (d1 - d0);
    }
};

struct ticks {
    std::vector<double> values;
    double step = 1.0;
};

// At most about `target` ticks on 1, 2, 5 x 10^k inside [lo, hi].
[[nodiscard]] ticks nice_ticks(double lo, double hi, int target = 6);
// The smallest "nice" number (1, 2, 5 x 10^k) >= v.
[[nodiscard]] double nice_ceil(double v);

// A frame with its scales: ticks, grid lines and labels on both axes.
struct axes {
    box frame;
    linear_scale x, y;
    ticks xt, yt;
};

struct axis_options {
    bool numeric_x = true;  // false: a category axis, without ticks or tick labels
    bool extend_y = true;   // end the value axis on a whole tick
    bool y_down = false;    // the value axis runs downwards (a raster: the first neuron on top)
};

// Draws both axes with grid lines, ticks and labels into `c`.
axes draw_axes(svg_canvas& c, const box& frame, double x_lo, double x_hi, double y_lo, double y_hi,
               std::string_view x_label, std::string_view y_label, axis_options opt = {});

// Distinguishable series colours (Okabe and Ito), cycled.
[[nodiscard]] std::string_view series_colour(std::size_t i);

}  // namespace brainemu::report
