#pragma once
// --ranges: how the plan moves across the uncertain inputs' ranges (input_ranges.hpp).
//
// One at a time (the tornado): each input at its low and at its high, all others central.
// Per axis: demand is monotone in each input (every formula of docs/planner.md section 4 is a
// sum of products of inputs with non-negative exponents, and traffic grows with each of its
// inputs), so an axis's lowest demand over the whole box of ranges is at the corner where every
// input sits at the end that lowered that axis's demand one at a time, and its highest at the
// opposite corner. Those two corners are evaluated per axis; an input that does not move the
// axis stays central. If the monotonicity assumption fails for some input, the corners bracket
// less than the whole box.
//
// Device count: a fixed count (a cluster, a preset) is used everywhere. Otherwise supply/demand
// is taken at the central plan's count, so that the bars compare, while the binding axis at
// each point is the plan's own (the axis that needs the most devices there), and the range of
// devices each axis needs is reported.

#include <array>
#include <string>
#include <vector>

#include "plan/input_ranges.hpp"
#include "plan/plan.hpp"
#include "plan/sweep.hpp"

namespace brainemu::plan {

// One evaluated point: ratios and demands at the plan's (or central) device count, and the
// binding axis with the user's own device setting.
struct range_point {
    plan_result result;
    axis_kind binding = axis_kind::compute;
};

struct input_sensitivity {
    input_range range;
    range_point at_low;
    range_point at_high;
    std::vector<sweep_transition> flips;  // where the binding axis changes, low to high
};

struct span3 {
    double low = 0.0;
    double central = 0.0;
    double high = 0.0;
};

struct axis_range {
    axis_kind kind = axis_kind::compute;
    bool present = true;
    span3 demand;              // demand_total
    span3 supply_over_demand;  // low = at the high-demand corner
    span3 devices_needed;
};

struct ranges_result {
    double devices = 0.0;        // the count every supply/demand is taken at
    bool devices_fixed = false;  // by the plan (else the central plan's need)
    range_point central;
    std::vector<input_sensitivity> inputs;  // sorted by the central binding axis's swing
    std::array<axis_range, axis_count> axes{};
    std::vector<axis_kind> binding_axes_possible;  // in axis order
};

[[nodiscard]] ranges_result propagate_ranges(const plan_inputs& in,
                                             const std::vector<input_range>& ranges);

// max/min of the axis's supply/demand at the input's two ends (>= 1; 1 when it does not move).
[[nodiscard]] double swing(const input_sensitivity& s, axis_kind a);

}  // namespace brainemu::plan
