#pragma once
// Everything the planner can name: the built-in organisms, fidelity levels and hardware, plus
// whatever user TOML files add (user_catalog.hpp). Lookups throw input_error naming the field.

#include <string>
#include <string_view>
#include <vector>

#include "plan/devices.hpp"
#include "plan/fidelity.hpp"
#include "plan/organisms.hpp"

namespace brainemu::plan {

struct catalog {
    std::vector<organism> organisms;
    std::vector<neuron_model> neuron_models;
    std::vector<synapse_model> synapse_models;
    std::vector<device> devices;
    std::vector<cluster> clusters;

    [[nodiscard]] static catalog builtin();

    // `field` names the option or key the name came from, for the error message.
    [[nodiscard]] const organism& find_organism(std::string_view name,
                                                std::string_view field) const;
    [[nodiscard]] const neuron_model& find_neuron_model(std::string_view name,
                                                        std::string_view field) const;
    [[nodiscard]] const synapse_model& find_synapse_model(std::string_view name,
                                                          std::string_view field) const;
    [[nodiscard]] const device& find_device(std::string_view name, std::string_view field) const;
    [[nodiscard]] const cluster& find_cluster(std::string_view name, std::string_view field) const;

    // Adds or replaces (by name) an entry.
    void put(organism o);
    void put(neuron_model m);
    void put(synapse_model m);
    void put(device d);
    void put(cluster c);
};

}  // namespace brainemu::plan
