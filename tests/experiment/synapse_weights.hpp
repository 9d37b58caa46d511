#pragma once
// Reading a built network back in the experiment tests.

#include <algorithm>
#include <cstdint>
#include <vector>

#include "network/network.hpp"

namespace brainemu::testing {

// The weights of the synapses into neuron `target` (a global id), sorted.
inline std::vector<float> weights_into(const network& net, neuron_id target) {
    const neuron_id e = net.layout.engine(target);
    std::vector<float> out;
    for (const synapse_block& b : net.synapses.blocks) {
        for (std::uint64_t k = 0; k < b.size(); ++k) {
            if (b.targets.first + b.target_of(k) == e) {
                out.push_back(b.weight(k));
            }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace brainemu::testing
