#pragma once
// --timeline: each axis's supply per device projected forward at the growth fitted over the
// catalog's dated accelerators and the announced roadmap (supply_trends.hpp), with a band of
// one standard error either side, and the year each axis of a plan is met by a cluster of the
// plan's (fixed) size; the plan is feasible when the last axis is met. Beside the projection,
// the first named part whose per-device supply meets each axis's per-device demand.

#include <optional>
#include <string>
#include <vector>

#include "plan/plan.hpp"
#include "plan/plan_inputs.hpp"
#include "plan/supply_trends.hpp"

namespace brainemu::plan {

// Where an axis's growth came from.
enum class growth_origin_kind {
    fit,      // fitted over the dated parts; the band is +-1 standard error
    set,      // a trend_* input given with --set replaced the fit
    freeman,  // too few points to fit: Freeman's whole-system trend, no band
};

// Freeman's trends per two years (planner-facts 1.1), used where a fit is impossible; the
// memory figure is per device, Earth Simulator 2002 to El Capitan 2024 (docs/planner.md).
inline constexpr double freeman_flop_per_2y = 3.0;
inline constexpr double freeman_memory_bandwidth_per_2y = 1.6;
inline constexpr double freeman_interconnect_per_2y = 1.4;
inline constexpr double freeman_memory_bytes_per_2y = 1.46;

struct part_meeting {
    std::string name;
    double year = 0.0;
    bool announced = false;
    double supply_per_device = 0.0;
    std::string source;
};

struct timeline_axis {
    axis_kind kind = axis_kind::compute;
    double ratio_now = 0.0;      // supply / demand in the base year
    double growth_per_2y = 1.0;  // the trend applied to this axis's supply
    double year_met = 0.0;       // base year if already met; +inf if the trend never meets it
    // The band: growth at the fit -1 / +1 standard error, and the years they give (the low
    // year comes from the high growth).
    double growth_low_per_2y = 1.0;
    double growth_high_per_2y = 1.0;
    double year_met_low = 0.0;
    double year_met_high = 0.0;
    growth_origin_kind origin = growth_origin_kind::fit;
    std::string trend_input;                 // the trend_* input that sets this axis's growth
    trend_fit fit;                           // the fit, whatever the origin (for the report)
    std::optional<part_meeting> first_part;  // none listed: nullopt
};

struct timeline_result {
    double base_year = 0.0;
    double devices = 0.0;
    precision_kind precision = precision_kind::fp32;
    std::vector<timeline_axis> axes;  // present axes only
    double year_feasible = 0.0;
    double year_feasible_low = 0.0;
    double year_feasible_high = 0.0;
    axis_kind last_axis = axis_kind::compute;  // the axis met last (central)
};

// Needs a fixed device count (a cluster or `devices`): throws input_error (field --timeline)
// otherwise, since a plan free to grow its device count is met today by construction.
// The precision whose trend the compute axis follows: the plan's single precision, or with each
// kernel at its own, the precision of the kernel taking most of a device's time.
[[nodiscard]] precision_kind compute_precision(const plan_inputs& in, const plan_result& plan);

[[nodiscard]] timeline_result project_timeline(const plan_inputs& in, const plan_result& plan);
// The same against given parts and trends (tests build their own).
[[nodiscard]] timeline_result project_timeline(const plan_inputs& in, const plan_result& plan,
                                               const std::vector<dated_part>& parts,
                                               const supply_trends& trends);

// Supply per device `years` after the base year under `growth_per_2y`.
[[nodiscard]] double projected(double supply_now, double growth_per_2y, double years);

// The year supply reaches demand from `ratio_now` growing by `growth_per_2y`: base_year if
// already met, +inf if it never is.
[[nodiscard]] double year_met(double base_year, double ratio_now, double growth_per_2y);

// The earliest part (by year, then list order) whose supply on `axis` meets `demand_per_device`.
[[nodiscard]] std::optional<part_meeting> first_part_meeting(const std::vector<dated_part>& parts,
                                                             axis_kind axis,
                                                             precision_kind precision,
                                                             double demand_per_device);

}  // namespace brainemu::plan
