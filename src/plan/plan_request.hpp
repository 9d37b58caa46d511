#pragma once
// From what the user named (preset, organism, fidelity, device or cluster, files, overrides) to
// one validated plan_inputs. Order: catalog files, preset, names, hardware, calibration from a
// profile, locality from measured cuts, then --set (the user has the last word).

#include <optional>
#include <string>
#include <vector>

#include "plan/catalog.hpp"
#include "plan/locality_model.hpp"
#include "plan/plan_inputs.hpp"

namespace brainemu::plan {

struct plan_request {
    std::string preset;
    std::string organism;  // a name, or a .toml file defining one organism
    std::string neuron_model;
    std::string synapse_model;
    std::string device;
    std::string cluster;  // a name, or a .toml file defining one cluster
    std::string precision;
    std::vector<std::string> catalogs;  // user TOML files
    std::string calibrate;              // a run's profile.json
    std::string locality_cuts;          // measured cuts (CSV or JSON)
    std::vector<std::string> sets;      // KEY=VALUE
};

struct resolved_plan {
    plan_inputs inputs;
    catalog cat;
    std::optional<locality_fit> fit;
};

// Throws input_error naming the option or field at fault.
[[nodiscard]] resolved_plan resolve_plan(const plan_request& request);

}  // namespace brainemu::plan
