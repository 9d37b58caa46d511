#pragma once
// --tornado-svg: the central binding axis's supply/demand per uncertain input, one horizontal
// bar per input from its value at the input's low to its value at the input's high, on a log
// scale, sorted by swing (widest on top). Hand-written SVG, as svg_chart.hpp.

#include <string>

#include "plan/plan_inputs.hpp"
#include "plan/ranges.hpp"

namespace brainemu::plan {

[[nodiscard]] std::string tornado_svg(const plan_inputs& in, const ranges_result& r);

}  // namespace brainemu::plan
