#pragma once
// The plan: for an organism at a fidelity on some hardware, the demand on each axis (compute,
// memory, memory bandwidth, the two interconnect tiers), the devices each axis needs on its
// own, the supply/demand ratio per axis and the axis that binds. Formulas: docs/planner.md.

#include <array>
#include <optional>
#include <string_view>
#include <vector>

#include "plan/locality_model.hpp"
#include "plan/plan_inputs.hpp"

namespace brainemu::plan {

enum class axis_kind { compute, memory, memory_bandwidth, scale_up, scale_out };
inline constexpr std::size_t axis_count = 5;

[[nodiscard]] std::string_view to_string(axis_kind a);  // "compute", "memory", ...
[[nodiscard]] std::string_view unit_of(axis_kind a);    // "FLOP/s", "B", "B/s"

struct plan_result;
// As above, "core-s/s" for a compute axis counted in measured time.
[[nodiscard]] std::string_view unit_of(const plan_result& r, axis_kind a);

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
    // The compute axis counts measured core-seconds per second (a calibrated plan on a device
    // with cores) instead of FLOP/s.
    bool compute_in_measured_time = false;
    // Energy and cost at the target RTF; NaN where the catalog has no figure for the device.
    double power_w = 0.0;                       // devices x board power
    double energy_j_per_simulated_s = 0.0;      // power x wall seconds per simulated second
    double energy_j_per_synaptic_event = 0.0;   // over synapses x mean rate
    double device_hours_per_simulated_s = 0.0;  // devices x target_rtf / 3600
    double cost_usd_per_simulated_s = 0.0;      // device-hours x price (central)
    double cost_low_usd_per_simulated_s = 0.0;  // at the price range's ends
    double cost_high_usd_per_simulated_s = 0.0;

    [[nodiscard]] const axis_result& axis(axis_kind a) const {
        return axes[static_cast<std::size_t>(a)];
    }
};

// Validates `in` (input_error naming the field) and computes the plan.
[[nodiscard]] plan_result compute_plan(const plan_inputs& in);

// The compute supply per device for this workload's mix of kernels: each kernel's FLOP at the
// peak of its precision, so the device does neuron_flop + synapse_flop in
// neuron_flop / peak(neuron precision) + synapse_flop / peak(synapse precision) seconds.
[[nodiscard]] double effective_flop_per_s(const plan_inputs& in, double neuron_flop,
                                          double synapse_flop);

// The same plan with every kernel counted at one precision, for the report's "which axis binds
// under FP64 / FP32 / FP16" lines; none when compute counts measured core-seconds.
struct precision_row {
    precision_kind precision = precision_kind::fp32;
    double compute_ratio = 0.0;  // supply / demand at the plan's device count
    double devices_needed = 0.0;
    axis_kind binding = axis_kind::compute;
};
[[nodiscard]] std::vector<precision_row> binding_by_precision(const plan_inputs& in);

}  // namespace brainemu::plan
