#pragma once
// Chooses neurons by id list, population or label, with errors that name the missing one.

#include <cstdint>
#include <string>
#include <vector>

#include "core/input_error.hpp"
#include "network/network.hpp"

namespace brainemu {

struct target_selector {
    std::vector<std::int64_t> ids;  // neuron indices
    std::string population;
    std::string label;
    bool all = false;
};

// Sorted, unique neuron indices. Throws input_error at `where` for an unknown population or
// label, or an id outside [0, size).
[[nodiscard]] std::vector<std::uint32_t> resolve(const target_selector& sel, const network& net,
                                                 const input_location& where);

}  // namespace brainemu
