#pragma once
// The plan: for an organism at a fidelity on some hardware, the demand on each axis (compute,
// memory, memory bandwidth, the two interconnect tiers), the devices each axis needs on its
// own, the supply/demand ratio per axis and the axis that binds. Formulas: docs/planner.md.

#include <array>
#include <optional>
#include <string_view>

#include "plan/locality_model.hpp"
#include "plan/plan_inputs.hpp"

namespace brainemu::plan {

enum class axis_kind { compute, memory, memory_bandwidth, scale_up, scale_out };
inline constexpr std::size_t axis_count = 5;

[[nodiscard]] std::string_view to_string(axis_kind a);  // "compute", "memory", ...
[[nodiscard]] std::string_view unit_of(axis_kind a);    // "FLOP/s", "B", "B/s"

struct axis_result {
    axis_kind kind = axis_kind::compute;
    bool present = true;             // false: the device has no such tier
    double demand_total = 0.0;       // summed over devices (tiers: bytes/s over all devices)
    double demand_per_device = 0.0;  // at the plan's device count
    double supply_per_device = 0.0;
    double ratio = 0.0;           // supply / demand per device; +inf when demand is 0
    double devices_needed = 0.0;  // this axis alone; +inf when no device count suffices
};

struct plan_result {
    double devices = 0.0;  // the plan's device count: fixed, or the largest need
    bool devices_fixed = false;
    std::array<axis_result, axis_count> axes{};
    axis_kind binding = axis_kind::compute;
    spike_traffic traffic;  // at the plan's device count
    // Breakdowns for the report.
    double neuron_flop_per_s = 0.0;
    double synapse_flop_per_s = 0.0;
    double neuron_bytes = 0.0;                    // overhead included
    double synapse_bytes = 0.0;                   // overhead included
    std::optional<double> measured_core_s_per_s;  // when calibrated

    [[nodiscard]] const axis_result& axis(axis_kind a) const {
        return axes[static_cast<std::size_t>(a)];
    }
};

// Validates `in` (input_error naming the field) and computes the plan.
[[nodiscard]] plan_result compute_plan(const plan_inputs& in);

}  // namespace brainemu::plan
