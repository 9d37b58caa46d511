#pragma once
// The plan as a hand-written SVG chart: one panel per axis side by side, each on its own log
// scale, with demand and supply per device as bars and the ratio beneath. No dependency;
// src/report may reuse it for general plots.

#include <string>

#include "plan/plan.hpp"
#include "plan/plan_inputs.hpp"

namespace brainemu::plan {

[[nodiscard]] std::string plan_chart_svg(const plan_inputs& in, const plan_result& r);

// Shared by the charts (tornado_svg.cpp): the opening <svg> element on a white background.
[[nodiscard]] std::string svg_open(double width, double height);

// A log scale over whole decades.
struct log_scale {
    double d_lo = 0.0;
    double d_hi = 1.0;
    // Holds [lo, hi] (both > 0), with `pad_decades` more below lo so a short bar still shows.
    [[nodiscard]] static log_scale covering(double lo, double hi, double pad_decades);
    // 0 at 10^d_lo, 1 at 10^d_hi.
    [[nodiscard]] double fraction(double v) const;
    // Decades between labelled ticks: at most ~8 ticks.
    [[nodiscard]] double tick_step() const;
};

}  // namespace brainemu::plan
