#pragma once
// The planner's readable output: the plan table, a sweep's table and transitions, a timeline,
// the uncertainty ranges (ranges_text.cpp), and the catalog listing.

#include <string>
#include <string_view>

#include "plan/catalog.hpp"
#include "plan/plan.hpp"
#include "plan/ranges.hpp"
#include "plan/sweep.hpp"
#include "plan/sweep_grid.hpp"
#include "plan/timeline.hpp"

namespace brainemu::plan {

// 3 significant digits with a decimal SI prefix: "771 GB", "6.54 PFLOP/s", "24.1 GB/s".
[[nodiscard]] std::string format_quantity(double value, std::string_view unit);
// Significant digits, exponent without '+': "8.6e10", "7.5e3", "302".
[[nodiscard]] std::string format_sci(double v, int digits = 3);
// A count people read: "145,331"; 1e7 and above as "1.2e7"; "never" for +inf.
[[nodiscard]] std::string format_count(double v);
// "0.233 (4.28x short)", "74.8 (surplus)".
[[nodiscard]] std::string format_ratio(double ratio);
// Axis names for people: "memory bandwidth", "scale-up link".
[[nodiscard]] std::string_view axis_title(axis_kind a);

[[nodiscard]] std::string plan_text(const plan_inputs& in, const plan_result& r);
[[nodiscard]] std::string sweep_text(const sweep_result& s);
[[nodiscard]] std::string sweep_grid_text(const sweep_grid& g);
[[nodiscard]] std::string timeline_text(const timeline_result& t);
// --ranges: the tornado table, each axis's range and where the binding axis flips.
[[nodiscard]] std::string ranges_text(const ranges_result& r);
[[nodiscard]] std::string catalog_text(const catalog& cat);

}  // namespace brainemu::plan
