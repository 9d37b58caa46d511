#pragma once
// --timeline: each axis's supply per device projected forward with its own hardware trend, and
// the year each axis of a plan is met by a cluster of the plan's (fixed) size; the plan is
// feasible when the last axis is met.

#include <vector>

#include "plan/plan.hpp"
#include "plan/plan_inputs.hpp"

namespace brainemu::plan {

struct timeline_axis {
    axis_kind kind = axis_kind::compute;
    double ratio_now = 0.0;      // supply / demand in the base year
    double growth_per_2y = 1.0;  // the trend applied to this axis's supply
    double year_met = 0.0;       // base year if already met; +inf if the trend never meets it
};

struct timeline_result {
    double base_year = 0.0;
    double devices = 0.0;
    std::vector<timeline_axis> axes;  // present axes only
    double year_feasible = 0.0;
    axis_kind last_axis = axis_kind::compute;  // the axis met last
};

// Needs a fixed device count (a cluster or `devices`): throws input_error (field --timeline)
// otherwise, since a plan free to grow its device count is met today by construction.
[[nodiscard]] timeline_result project_timeline(const plan_inputs& in, const plan_result& plan);

// Supply per device `years` after the base year under `growth_per_2y`.
[[nodiscard]] double projected(double supply_now, double growth_per_2y, double years);

}  // namespace brainemu::plan
