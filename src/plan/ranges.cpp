#include "plan/ranges.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace brainemu::plan {
namespace {

using assignment = std::vector<std::pair<std::string, double>>;

// Sweep points per input for the flip search: more than two, so that a binding axis that
// changes and changes back within one range is still seen.
constexpr int flip_points = 9;

range_point evaluate(const plan_inputs& base, const assignment& values, double central_devices) {
    plan_inputs in = base;
    for (const auto& [name, value] : values) {
        set_param(in, name, value, {"", 0, "--range " + name});
    }
    if (in.devices_fixed()) {
        plan_result r = compute_plan(in);
        const axis_kind binding = r.binding;
        return {std::move(r), binding};
    }
    const axis_kind binding = compute_plan(in).binding;
    in.devices = central_devices;
    return {compute_plan(in), binding};
}

// The corner of the box of ranges where every input sits at the end that moved this axis's
// demand the way asked (lower or higher) one at a time; inputs that do not move it stay central.
assignment corner(const std::vector<input_sensitivity>& inputs, axis_kind a, bool lower) {
    assignment out;
    for (const input_sensitivity& s : inputs) {
        const double at_low = s.at_low.result.axis(a).demand_total;
        const double at_high = s.at_high.result.axis(a).demand_total;
        if (at_low == at_high) {
            continue;
        }
        const bool low_end_lowers = at_low < at_high;
        out.emplace_back(s.range.name, low_end_lowers == lower ? s.range.low : s.range.high);
    }
    return out;
}

}  // namespace

double swing(const input_sensitivity& s, axis_kind a) {
    const double x = s.at_low.result.axis(a).ratio;
    const double y = s.at_high.result.axis(a).ratio;
    if (x == y) {
        return 1.0;
    }
    const double lo = std::min(x, y);
    return lo > 0.0 ? std::max(x, y) / lo : std::numeric_limits<double>::infinity();
}

ranges_result propagate_ranges(const plan_inputs& in, const std::vector<input_range>& ranges) {
    ranges_result out;
    const double devices = compute_plan(in).devices;
    out.devices = devices;
    out.devices_fixed = in.devices_fixed();
    out.central = evaluate(in, {}, devices);
    std::array<bool, axis_count> binds{};
    auto note = [&](axis_kind a) { binds[static_cast<std::size_t>(a)] = true; };
    note(out.central.binding);

    for (const input_range& r : ranges) {
        input_sensitivity s{r,
                            evaluate(in, {{r.name, r.low}}, devices),
                            evaluate(in, {{r.name, r.high}}, devices),
                            {}};
        note(s.at_low.binding);
        note(s.at_high.binding);
        if (r.low < r.high) {
            s.flips =
                run_sweep(in, make_sweep_spec(r.name, r.low, r.high, flip_points)).transitions;
            for (const sweep_transition& t : s.flips) {
                note(t.from);
                note(t.to);
            }
        }
        out.inputs.push_back(std::move(s));
    }
    const axis_kind b = out.central.binding;
    std::stable_sort(out.inputs.begin(), out.inputs.end(),
                     [b](const input_sensitivity& x, const input_sensitivity& y) {
                         return swing(x, b) > swing(y, b);
                     });

    for (std::size_t i = 0; i < axis_count; ++i) {
        const auto a = static_cast<axis_kind>(i);
        const axis_result& c = out.central.result.axis(a);
        axis_range& ar = out.axes[i];
        ar.kind = a;
        ar.present = c.present;
        if (!c.present) {
            continue;
        }
        const range_point low = evaluate(in, corner(out.inputs, a, true), devices);
        const range_point high = evaluate(in, corner(out.inputs, a, false), devices);
        note(low.binding);
        note(high.binding);
        const axis_result& l = low.result.axis(a);
        const axis_result& h = high.result.axis(a);
        ar.demand = {l.demand_total, c.demand_total, h.demand_total};
        ar.supply_over_demand = {h.ratio, c.ratio, l.ratio};
        ar.devices_needed = {l.devices_needed, c.devices_needed, h.devices_needed};
    }
    for (std::size_t i = 0; i < axis_count; ++i) {
        if (binds[i]) {
            out.binding_axes_possible.push_back(static_cast<axis_kind>(i));
        }
    }
    return out;
}

}  // namespace brainemu::plan
