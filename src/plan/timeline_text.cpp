// The --timeline table: per axis the growth applied (fitted, or set), the band, the years met,
// and the first named part that meets the axis.

#include <cmath>
#include <set>

#include <fmt/format.h>

#include "plan/plan_text.hpp"

namespace brainemu::plan {
namespace {

std::string year_text(double year) {
    return std::isfinite(year) ? fmt::format("{:.1f}", year) : "never";
}

std::string growth_text(const timeline_axis& a) {
    switch (a.origin) {
        case growth_origin_kind::fit:
            return fmt::format("{:.3g}x ({:.3g}-{:.3g})", a.growth_per_2y, a.growth_low_per_2y,
                               a.growth_high_per_2y);
        case growth_origin_kind::set:
            return fmt::format("{:.3g}x (--set)", a.growth_per_2y);
        case growth_origin_kind::freeman:
            break;
    }
    return fmt::format("{:.3g}x (Freeman)", a.growth_per_2y);
}

std::string part_text(const timeline_axis& a) {
    if (!a.first_part) {
        return "none listed";
    }
    return fmt::format("{} {:.0f}{}", a.first_part->name, a.first_part->year,
                       a.first_part->announced ? " (announced)" : "");
}

}  // namespace

std::string timeline_text(const timeline_result& t) {
    std::string out = fmt::format(
        "timeline: {} devices from {:.0f}; supply per device grows at the trend fitted over the "
        "catalog's accelerators and the announced roadmap (ln supply against year, an intercept "
        "per vendor; compute at the {} peak); band = growth at the fit -1 / +1 standard error\n\n",
        format_count(t.devices), t.base_year, to_string(t.precision));
    out += fmt::format("{:<18} {:>24} {:>5} {:>3} {:>18}  {:<28} {}\n", "axis",
                       "growth/2y (-1..+1 s.e.)", "r2", "n", "supply/demand now",
                       "met in: low / central / high", "first part meeting it");
    for (const timeline_axis& a : t.axes) {
        const bool fitted = a.origin == growth_origin_kind::fit;
        out += fmt::format("{:<18} {:>24} {:>5} {:>3} {:>18}  {:<28} {}\n", axis_title(a.kind),
                           growth_text(a), fitted ? fmt::format("{:.2f}", a.fit.r_squared) : "-",
                           fitted ? fmt::format("{}", a.fit.points) : "-", format_sci(a.ratio_now),
                           fmt::format("{} / {} / {}", year_text(a.year_met_low),
                                       year_text(a.year_met), year_text(a.year_met_high)),
                           part_text(a));
    }
    out += "\n";
    for (const timeline_axis& a : t.axes) {
        if (a.origin == growth_origin_kind::set) {
            out += fmt::format(
                "{}: {}={:.3g} given with --set replaces the fitted {:.3g}x per 2 years\n",
                axis_title(a.kind), a.trend_input, a.growth_per_2y, a.fit.growth_per_2y());
        } else if (a.origin == growth_origin_kind::freeman) {
            out += fmt::format(
                "{}: {} points with a published figure are too few to fit; Freeman's {:.3g}x "
                "per 2 years is used (set {} to change it)\n",
                axis_title(a.kind), a.fit.points, a.growth_per_2y, a.trend_input);
        }
    }
    if (t.year_feasible <= t.base_year) {
        out += fmt::format("feasible now ({:.0f}): every axis is met; the tightest is {}\n",
                           t.base_year, axis_title(t.last_axis));
    } else if (std::isfinite(t.year_feasible)) {
        out += fmt::format(
            "feasible in {:.1f} (band {} to {}), {:.1f} years after {:.0f}; the last axis met "
            "is {}\n",
            t.year_feasible, year_text(t.year_feasible_low), year_text(t.year_feasible_high),
            t.year_feasible - t.base_year, t.base_year, axis_title(t.last_axis));
    } else {
        out += fmt::format(
            "never feasible at this size on the central trend: {} does not grow enough (band "
            "from {})\n",
            axis_title(t.last_axis), year_text(t.year_feasible_low));
    }
    std::set<std::string> cited;
    for (const timeline_axis& a : t.axes) {
        if (a.first_part && cited.insert(a.first_part->name).second) {
            out += fmt::format("  {} ({:.0f}{}): {}\n", a.first_part->name, a.first_part->year,
                               a.first_part->announced ? ", announced" : "", a.first_part->source);
        }
    }
    return out;
}

}  // namespace brainemu::plan
