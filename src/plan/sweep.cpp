#include "plan/sweep.hpp"

#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "core/input_error.hpp"

namespace brainemu::plan {
namespace {

const input_location sweep_field{"", 0, "--sweep"};

double parse_end(const std::string& text, std::string_view whole) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v)) {
        throw input_error(sweep_field, fmt::format("'{}': '{}' is not a number (expected "
                                                   "NAME=A..B, e.g. bytes_per_synapse=8..64)",
                                                   whole, text));
    }
    return v;
}

bool whole_number(std::string_view name) {
    for (const param_info& p : numeric_params()) {
        if (p.name == name) {
            return p.integer;
        }
    }
    return false;
}

// Whole-number inputs (compartments, devices) are rounded to whole numbers.
double snap(const sweep_spec& spec, double value) {
    return whole_number(spec.name) ? std::round(value) : value;
}

plan_result plan_at(const plan_inputs& base, const sweep_spec& spec, double value) {
    plan_inputs in = base;
    set_param(in, spec.name, snap(spec, value), {"", 0, "--sweep " + spec.name});
    return compute_plan(in);
}

double value_at(const sweep_spec& s, int i) {
    const double t = s.points > 1 ? static_cast<double>(i) / (s.points - 1) : 0.0;
    if (s.logarithmic) {
        return s.from * std::pow(s.to / s.from, t);
    }
    return s.from + (s.to - s.from) * t;
}

}  // namespace

sweep_spec parse_sweep(std::string_view text, int points) {
    const auto eq = text.find('=');
    const auto dots = text.find("..");
    if (eq == std::string_view::npos || eq == 0 || dots == std::string_view::npos || dots < eq) {
        throw input_error(sweep_field, fmt::format("'{}' has no range: expected NAME=A..B, e.g. "
                                                   "bytes_per_synapse=8..64",
                                                   text));
    }
    if (points < 2) {
        throw input_error({"", 0, "--sweep-points"}, fmt::format("must be >= 2, got {}", points));
    }
    sweep_spec s;
    s.name = std::string(text.substr(0, eq));
    s.from = parse_end(std::string(text.substr(eq + 1, dots - eq - 1)), text);
    s.to = parse_end(std::string(text.substr(dots + 2)), text);
    s.points = points;
    if (s.from == s.to) {
        throw input_error(sweep_field, fmt::format("'{}': the range is empty", text));
    }
    // Both ends must be valid values of the input (this also rejects unknown names).
    plan_inputs probe;
    for (double v : {s.from, s.to}) {
        set_param(probe, s.name, snap(s, v), {"", 0, "--sweep " + s.name});
    }
    s.logarithmic =
        s.from > 0.0 && s.to > 0.0 && std::max(s.from, s.to) / std::min(s.from, s.to) >= 10.0;
    return s;
}

sweep_result run_sweep(const plan_inputs& base, const sweep_spec& spec) {
    sweep_result out{spec, {}, {}};
    for (int i = 0; i < spec.points; ++i) {
        const double value = snap(spec, value_at(spec, i));
        out.rows.push_back({value, plan_at(base, spec, value)});
    }
    for (std::size_t i = 1; i < out.rows.size(); ++i) {
        const sweep_row& a = out.rows[i - 1];
        const sweep_row& b = out.rows[i];
        if (a.result.binding == b.result.binding) {
            continue;
        }
        double lo = a.value;
        double hi = b.value;
        const double tolerance = std::abs(hi - lo) * 1e-3;
        while (std::abs(hi - lo) > tolerance) {
            const double mid = spec.logarithmic ? std::sqrt(lo * hi) : (lo + hi) / 2.0;
            (plan_at(base, spec, mid).binding == a.result.binding ? lo : hi) = mid;
        }
        out.transitions.push_back({snap(spec, hi), a.result.binding, b.result.binding});
    }
    return out;
}

}  // namespace brainemu::plan
