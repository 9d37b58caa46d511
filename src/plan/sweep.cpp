#include "plan/sweep.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <utility>

#include <fmt/format.h>

#include "core/input_error.hpp"

namespace brainemu::plan {
namespace {

const input_location sweep_field{"", 0, "--sweep"};

double parse_end(const std::string& text, std::string_view whole, const input_location& where) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v)) {
        throw input_error(where, fmt::format("'{}': '{}' is not a number (expected "
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
double snap(std::string_view name, double value) {
    return whole_number(name) ? std::round(value) : value;
}

double snap(const sweep_spec& spec, double value) {
    return snap(spec.name, value);
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

named_range parse_named_range(std::string_view text, std::string_view option) {
    const input_location syntax{"", 0, std::string(option)};
    const auto eq = text.find('=');
    const auto dots = text.find("..");
    if (eq == std::string_view::npos || eq == 0 || dots == std::string_view::npos || dots < eq) {
        throw input_error(syntax, fmt::format("'{}' has no range: expected NAME=A..B, e.g. "
                                              "bytes_per_synapse=8..64",
                                              text));
    }
    named_range r;
    r.name = std::string(text.substr(0, eq));
    r.from = snap(r.name, parse_end(std::string(text.substr(eq + 1, dots - eq - 1)), text, syntax));
    r.to = snap(r.name, parse_end(std::string(text.substr(dots + 2)), text, syntax));
    // Both ends must be valid values of the input (this also rejects unknown names).
    plan_inputs probe;
    const input_location where{"", 0, fmt::format("{} {}", option, r.name)};
    for (double v : {r.from, r.to}) {
        set_param(probe, r.name, v, where);
    }
    return r;
}

sweep_spec make_sweep_spec(std::string name, double from, double to, int points) {
    sweep_spec s;
    s.name = std::move(name);
    s.from = from;
    s.to = to;
    s.points = points;
    s.logarithmic = from > 0.0 && to > 0.0 && std::max(from, to) / std::min(from, to) >= 10.0;
    return s;
}

sweep_spec parse_sweep(std::string_view text, int points) {
    const named_range r = parse_named_range(text, "--sweep");
    if (points < 2) {
        throw input_error({"", 0, "--sweep-points"}, fmt::format("must be >= 2, got {}", points));
    }
    if (r.from == r.to) {
        throw input_error(sweep_field, fmt::format("'{}': the range is empty", text));
    }
    return make_sweep_spec(r.name, r.from, r.to, points);
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
