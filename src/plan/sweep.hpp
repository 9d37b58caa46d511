#pragma once
// --sweep NAME=A..B: vary one numeric input over a range and tabulate where the binding axis
// changes (each change located by bisection between the two sampled points around it).

#include <string>
#include <string_view>
#include <vector>

#include "plan/plan.hpp"
#include "plan/plan_inputs.hpp"

namespace brainemu::plan {

struct sweep_spec {
    std::string name;
    double from = 0.0;
    double to = 0.0;
    int points = 9;
    bool logarithmic = false;  // when both ends are > 0 and differ tenfold or more
};

// Parses "NAME=A..B"; throws input_error (field "--sweep") for no range, an unknown name, or
// ends outside the input's valid range.
[[nodiscard]] sweep_spec parse_sweep(std::string_view text, int points);

// "NAME=A..B" as given to `option` (--sweep, --range): the name and both ends, each end a valid
// value of the input. input_error names `option` for bad syntax, "`option` NAME" for a bad name
// or end. The ends are not ordered.
struct named_range {
    std::string name;
    double from = 0.0;
    double to = 0.0;
};
[[nodiscard]] named_range parse_named_range(std::string_view text, std::string_view option);

// A sweep between two values, log-spaced when both are > 0 and differ tenfold or more.
[[nodiscard]] sweep_spec make_sweep_spec(std::string name, double from, double to, int points);

struct sweep_row {
    double value = 0.0;
    plan_result result;
};

struct sweep_transition {
    double value = 0.0;  // where the binding axis changes (bisection, 0.1% of the interval)
    axis_kind from = axis_kind::compute;
    axis_kind to = axis_kind::compute;
};

struct sweep_result {
    sweep_spec spec;
    std::vector<sweep_row> rows;
    std::vector<sweep_transition> transitions;
};

[[nodiscard]] sweep_result run_sweep(const plan_inputs& base, const sweep_spec& spec);

}  // namespace brainemu::plan
