#pragma once
// Per target neuron, how a network's weights (in the unit the network was given in) become the
// unit of the model that neuron runs. Applied by build_synapse_store to every synapse, so
// every builder gets it alike.

#include <cstdint>
#include <vector>

#include "core/weight_scale.hpp"

namespace brainemu {

struct weight_map {
    std::vector<std::uint32_t> group_of;  // by global id; empty: every neuron in group 0
    std::vector<weight_scale> scales;     // per group; empty: weights kept as they are

    [[nodiscard]] bool identity() const {
        for (const weight_scale& s : scales) {
            if (!s.identity()) {
                return false;
            }
        }
        return true;
    }
    [[nodiscard]] const weight_scale& of(std::uint32_t target) const {
        return scales[group_of.empty() ? 0 : group_of[target]];
    }
    [[nodiscard]] float apply(std::uint32_t target, float w) const {
        return static_cast<float>(of(target).apply(static_cast<double>(w)));
    }
};

}  // namespace brainemu
