#pragma once
// Presets reproducing published estimates: a starting organism and fidelity plus the overrides
// that carry the publication's assumptions (docs/planner.md, planner-facts.md section 1.3).

#include <string>
#include <string_view>
#include <vector>

namespace brainemu::plan {

struct plan_preset {
    std::string name;
    std::string organism;
    std::string neuron_model;
    std::string synapse_model;
    std::vector<std::string> sets;  // KEY=VALUE, as --set takes them
    double devices = 0.0;           // the publication's device count, unless a cluster is given
    std::string source;
};

// freeman-pessimistic, freeman-optimistic, and sobe-<human|mouse|fly>-<time|event>-<low|high>.
[[nodiscard]] std::vector<plan_preset> builtin_presets();
// Throws input_error naming `field` for an unknown name.
[[nodiscard]] plan_preset find_preset(std::string_view name, std::string_view field);

}  // namespace brainemu::plan
