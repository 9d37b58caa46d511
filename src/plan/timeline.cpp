#include "plan/timeline.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/input_error.hpp"

namespace brainemu::plan {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

struct axis_trend {
    const char* input;  // the trend_* input for this axis
    double set;         // its value: 0 = not set, use the fit
    double freeman;
};

axis_trend trend_for(const trend_params& t, axis_kind axis) {
    switch (axis) {
        case axis_kind::compute:
            return {"trend_flop_per_2y", t.flop_per_2y, freeman_flop_per_2y};
        case axis_kind::memory:
            return {"trend_memory_bytes_per_2y", t.memory_bytes_per_2y,
                    freeman_memory_bytes_per_2y};
        case axis_kind::memory_bandwidth:
            return {"trend_memory_bandwidth_per_2y", t.memory_bandwidth_per_2y,
                    freeman_memory_bandwidth_per_2y};
        case axis_kind::scale_up:
        case axis_kind::scale_out:
            break;
    }
    return {"trend_interconnect_per_2y", t.interconnect_per_2y, freeman_interconnect_per_2y};
}

}  // namespace

double projected(double supply_now, double growth_per_2y, double years) {
    return supply_now * std::pow(growth_per_2y, years / 2.0);
}

double year_met(double base_year, double ratio_now, double growth_per_2y) {
    // Demand per device is fixed (the cluster keeps its size); supply grows until
    // ratio * growth^(years / 2) = 1.
    if (ratio_now >= 1.0) {
        return base_year;
    }
    if (growth_per_2y > 1.0) {
        return base_year + 2.0 * std::log(1.0 / ratio_now) / std::log(growth_per_2y);
    }
    return inf;
}

std::optional<part_meeting> first_part_meeting(const std::vector<dated_part>& parts, axis_kind axis,
                                               precision_kind precision, double demand_per_device) {
    const dated_part* best = nullptr;
    for (const dated_part& p : parts) {
        const double supply = supply_of(p.dev, axis, precision);
        if (supply > 0.0 && supply >= demand_per_device &&
            (best == nullptr || p.dev.year < best->dev.year)) {
            best = &p;
        }
    }
    if (best == nullptr) {
        return std::nullopt;
    }
    return part_meeting{best->dev.name, best->dev.year, best->announced,
                        supply_of(best->dev, axis, precision), best->source};
}

timeline_result project_timeline(const plan_inputs& in, const plan_result& plan) {
    const std::vector<dated_part> parts = dated_parts();
    return project_timeline(in, plan, parts, fit_supply_trends(parts));
}

precision_kind compute_precision(const plan_inputs& in, const plan_result& plan) {
    if (!in.precision_by_kernel) {
        return in.precision;
    }
    // Each kernel at its own precision: the compute axis grows as the peak of the kernel that
    // takes most of the device's time.
    const double neuron_s = plan.neuron_flop_per_s / in.dev.flop_per_s(in.neuron_precision());
    const double synapse_s = plan.synapse_flop_per_s / in.dev.flop_per_s(in.synapse_precision());
    return neuron_s >= synapse_s ? in.neuron_precision() : in.synapse_precision();
}

timeline_result project_timeline(const plan_inputs& in, const plan_result& plan,
                                 const std::vector<dated_part>& parts,
                                 const supply_trends& trends) {
    if (!plan.devices_fixed) {
        throw input_error({"", 0, "--timeline"},
                          "needs a cluster size: give --cluster, or --set devices=N");
    }
    timeline_result out;
    out.base_year = in.trend.base_year > 0.0 ? in.trend.base_year : in.dev.year;
    out.devices = plan.devices;
    out.precision = compute_precision(in, plan);
    out.year_feasible = out.base_year;
    out.year_feasible_low = out.base_year;
    out.year_feasible_high = out.base_year;
    out.last_axis = plan.binding;
    for (const axis_result& a : plan.axes) {
        if (!a.present) {
            continue;
        }
        timeline_axis t;
        t.kind = a.kind;
        t.ratio_now = a.ratio;
        const axis_trend trend = trend_for(in.trend, a.kind);
        t.trend_input = trend.input;
        t.fit = trends.of(a.kind, out.precision);
        if (trend.set > 0.0) {
            t.origin = growth_origin_kind::set;
            t.growth_per_2y = t.growth_low_per_2y = t.growth_high_per_2y = trend.set;
        } else if (t.fit.usable()) {
            t.origin = growth_origin_kind::fit;
            t.growth_per_2y = t.fit.growth_per_2y();
            t.growth_low_per_2y = t.fit.growth_per_2y(-1.0);
            t.growth_high_per_2y = t.fit.growth_per_2y(1.0);
        } else {
            t.origin = growth_origin_kind::freeman;
            t.growth_per_2y = t.growth_low_per_2y = t.growth_high_per_2y = trend.freeman;
        }
        t.year_met = year_met(out.base_year, t.ratio_now, t.growth_per_2y);
        t.year_met_low = year_met(out.base_year, t.ratio_now, t.growth_high_per_2y);
        t.year_met_high = year_met(out.base_year, t.ratio_now, t.growth_low_per_2y);
        t.first_part = first_part_meeting(parts, a.kind, out.precision, a.demand_per_device);
        if (t.year_met > out.year_feasible) {
            out.year_feasible = t.year_met;
            out.last_axis = t.kind;
        }
        out.year_feasible_low = std::max(out.year_feasible_low, t.year_met_low);
        out.year_feasible_high = std::max(out.year_feasible_high, t.year_met_high);
        out.axes.push_back(std::move(t));
    }
    return out;
}

}  // namespace brainemu::plan
