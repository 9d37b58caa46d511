// --ranges as text: the tornado table, the sources, each axis's range, the flips.

#include <cmath>

#include <fmt/format.h>

#include "plan/plan_text.hpp"

namespace brainemu::plan {
namespace {

std::string ends(double low, double central, double high, std::string_view unit) {
    return fmt::format("{} .. {} .. {}", format_quantity(low, unit), format_quantity(central, unit),
                       format_quantity(high, unit));
}

std::string ratio_or_none(double r) {
    return std::isfinite(r) ? format_sci(r) : "no demand";
}

std::string flip_cell(const input_sensitivity& s) {
    if (s.flips.empty()) {
        return "-";
    }
    std::string out;
    for (const sweep_transition& t : s.flips) {
        out += (out.empty() ? "" : ", ") + format_sci(t.value, 4);
    }
    return out;
}

}  // namespace

std::string ranges_text(const ranges_result& r) {
    const axis_kind b = r.central.binding;
    const axis_result& bc = r.central.result.axis(b);
    std::string out = fmt::format(
        "uncertainty (--ranges): each input at its low and its high, all others central; "
        "supply/demand at {} devices ({})\n",
        format_count(r.devices), r.devices_fixed ? "the plan's" : "the central plan's need");
    out += fmt::format("central: {} binds, supply/demand {}\n\n", axis_title(b),
                       ratio_or_none(bc.ratio));
    const std::string swing_title = fmt::format("{} s/d at low .. high", axis_title(b));
    out += fmt::format("{:<26} {:>9} {:>9} {:>9}  {:<36} {:<28} {}\n", "input", "low", "central",
                       "high", "binds at low / high", swing_title, "flip at");
    for (const input_sensitivity& s : r.inputs) {
        const std::string binds =
            fmt::format("{} / {}", axis_title(s.at_low.binding), axis_title(s.at_high.binding));
        const std::string moves =
            fmt::format("{} .. {} ({}x)", ratio_or_none(s.at_low.result.axis(b).ratio),
                        ratio_or_none(s.at_high.result.axis(b).ratio), format_sci(swing(s, b)));
        out += fmt::format("{:<26} {:>9} {:>9} {:>9}  {:<36} {:<28} {}\n", s.range.name,
                           format_sci(s.range.low), format_sci(s.range.central),
                           format_sci(s.range.high), binds, moves, flip_cell(s));
    }
    out += "\nsources:\n";
    for (const input_sensitivity& s : r.inputs) {
        out += fmt::format("  {:<26} {}\n", s.range.name, s.range.source);
    }
    out += fmt::format("\n{:<18} {:<44} {:<28} {}\n", "axis", "demand low .. central .. high",
                       "supply/demand low .. high", "devices needed low .. high");
    for (const axis_range& a : r.axes) {
        if (!a.present) {
            continue;
        }
        out += fmt::format(
            "{:<18} {:<44} {:<28} {} .. {}\n", axis_title(a.kind),
            ends(a.demand.low, a.demand.central, a.demand.high, unit_of(a.kind)),
            fmt::format("{} .. {}", ratio_or_none(a.supply_over_demand.low),
                        ratio_or_none(a.supply_over_demand.high)),
            format_count(a.devices_needed.low),
            format_count(a.devices_needed.high) +
                (a.kind == axis_kind::scale_up || a.kind == axis_kind::scale_out ? "*" : ""));
    }
    out +=
        "* a tier's need is at least the other axes' need at the same point, as in the plan "
        "table\n";
    std::string possible;
    for (axis_kind a : r.binding_axes_possible) {
        possible += (possible.empty() ? "" : ", ") + std::string(axis_title(a));
    }
    out += fmt::format("\nbinding axes possible: {}\n", possible);
    for (const input_sensitivity& s : r.inputs) {
        for (const sweep_transition& t : s.flips) {
            out += fmt::format("binding changes from {} to {} at {} = {}\n", axis_title(t.from),
                               axis_title(t.to), s.range.name, format_sci(t.value, 4));
        }
    }
    out +=
        "(an axis's low and high put every input at the end that lowered, resp. raised, its "
        "demand one at a time: exact if demand is monotone in each input, docs/planner.md)\n";
    return out;
}

}  // namespace brainemu::plan
