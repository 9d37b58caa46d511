#pragma once
// Chooses neurons by id, name, cell type, transmitter, label or population, with errors that
// name the missing one.

#include <cstdint>
#include <string>
#include <vector>

#include "core/input_error.hpp"
#include "network/network.hpp"

namespace brainemu {

// Exactly one way of choosing is used. `ids` are the dataset's neuron ids for a network built
// from a connectome (FlyWire root ids, skeleton ids, SONATA node ids) and neuron indices for
// built-in and edge-list networks; `names`, `type` and `transmitter` need a connectome.
struct target_selector {
    std::vector<std::int64_t> ids;
    std::vector<std::string> names;
    std::string type;
    std::string transmitter;
    std::string population;
    std::string label;
    bool all = false;
};

// The selector's field names, for messages ("choose with exactly one of: ...").
inline constexpr const char* selector_fields =
    "ids, names, type, transmitter, label, population, all = true";

// Sorted, unique neuron indices. Throws input_error at `where` for an unknown population,
// label, type, transmitter, name or id (with the closest known one where it helps).
[[nodiscard]] std::vector<neuron_id> resolve(const target_selector& sel, const network& net,
                                             const input_location& where);

}  // namespace brainemu
