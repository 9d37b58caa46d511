#pragma once
// The plan as a hand-written SVG chart: one panel per axis side by side, each on its own log
// scale, with demand and supply per device as bars and the ratio beneath. No dependency;
// src/report may reuse it for general plots.

#include <string>

#include "plan/plan.hpp"
#include "plan/plan_inputs.hpp"

namespace brainemu::plan {

[[nodiscard]] std::string plan_chart_svg(const plan_inputs& in, const plan_result& r);

}  // namespace brainemu::plan
