#include "plan/timeline.hpp"

#include <cmath>
#include <limits>

#include "core/input_error.hpp"

namespace brainemu::plan {

double projected(double supply_now, double growth_per_2y, double years) {
    return supply_now * std::pow(growth_per_2y, years / 2.0);
}

timeline_result project_timeline(const plan_inputs& in, const plan_result& plan) {
    if (!plan.devices_fixed) {
        throw input_error({"", 0, "--timeline"},
                          "needs a cluster size: give --cluster, or --set devices=N");
    }
    timeline_result out;
    out.base_year = in.trend.base_year > 0.0 ? in.trend.base_year : in.dev.year;
    out.devices = plan.devices;
    out.year_feasible = out.base_year;
    out.last_axis = plan.binding;
    for (const axis_result& a : plan.axes) {
        if (!a.present) {
            continue;
        }
        timeline_axis t{a.kind, a.ratio};
        switch (a.kind) {
            case axis_kind::compute:
                t.growth_per_2y = in.trend.flop_per_2y;
                break;
            case axis_kind::memory:
                t.growth_per_2y = in.trend.memory_bytes_per_2y;
                break;
            case axis_kind::memory_bandwidth:
                t.growth_per_2y = in.trend.memory_bandwidth_per_2y;
                break;
            default:
                t.growth_per_2y = in.trend.interconnect_per_2y;
                break;
        }
        // Demand per device is fixed (the cluster keeps its size); supply grows until
        // ratio * growth^(years / 2) = 1.
        if (t.ratio_now >= 1.0) {
            t.year_met = out.base_year;
        } else if (t.growth_per_2y > 1.0) {
            t.year_met =
                out.base_year + 2.0 * std::log(1.0 / t.ratio_now) / std::log(t.growth_per_2y);
        } else {
            t.year_met = std::numeric_limits<double>::infinity();
        }
        if (t.year_met > out.year_feasible) {
            out.year_feasible = t.year_met;
            out.last_axis = t.kind;
        }
        out.axes.push_back(t);
    }
    return out;
}

}  // namespace brainemu::plan
