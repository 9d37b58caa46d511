#pragma once
// User-defined organisms, fidelity levels, devices and clusters from a TOML file, added to the
// catalog. Tables: [organisms.NAME], [neuron_models.NAME], [synapse_models.NAME],
// [devices.NAME] (optionally `like = "b200"` to start from a catalog device) and
// [clusters.NAME]; see examples/plan_catalog.toml. Errors name file:line and the dotted field.

#include <filesystem>
#include <string>
#include <vector>

#include "plan/catalog.hpp"

namespace brainemu::plan {

// What a file defined, in file order, so that `--cluster FILE` can pick its only cluster.
struct user_catalog_names {
    std::vector<std::string> organisms;
    std::vector<std::string> devices;
    std::vector<std::string> clusters;
};

user_catalog_names load_user_catalog(const std::filesystem::path& path, catalog& into);

}  // namespace brainemu::plan
