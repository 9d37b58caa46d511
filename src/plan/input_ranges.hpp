#pragma once
// The inputs a plan is uncertain about, each with a low and a high cited from
// planner-facts.md, around the plan's own value (after preset, overrides and calibration).
// --range NAME=LOW..HIGH replaces a row or adds one. The table itself is in docs/planner.md.

#include <string>
#include <string_view>
#include <vector>

#include "plan/plan_inputs.hpp"

namespace brainemu::plan {

struct input_range {
    std::string name;  // a numeric input of the registry (plan_inputs.hpp)
    double low = 0.0;
    double central = 0.0;  // the plan's own value
    double high = 0.0;
    std::string source;    // the planner-facts row, or "--range"
    bool widened = false;  // the cited range did not hold the plan's value and was widened
};

// The rows that apply to this plan: organism- or model-specific rows before general ones,
// inputs the plan does not use left out (compartments of a one-compartment model, the
// locality model's inputs when cross_fraction is fixed, ...), then the user's --range
// overrides. Throws input_error naming "--range" or "--range NAME" for a bad override: no
// range, an unknown name, LOW > HIGH, an end outside the input's valid values, or an input
// the plan leaves to a model (cross_fraction unset).
[[nodiscard]] std::vector<input_range> input_ranges(const plan_inputs& in,
                                                    const std::vector<std::string>& overrides = {});

}  // namespace brainemu::plan
