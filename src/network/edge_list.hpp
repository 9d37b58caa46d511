#pragma once
// A network given synapse by synapse (small networks, tests, cross-simulator checks).

#include <cstdint>
#include <string>
#include <vector>

#include "network/network.hpp"

namespace brainemu {

struct edge_list {
    std::vector<std::uint32_t> source, target;
    std::vector<float> weight;
    std::vector<std::uint16_t> delay_steps;  // >= 1
    std::string weight_unit;                 // "pA", "mV" or "nS", as the file named it
    [[nodiscard]] std::size_t size() const { return source.size(); }
};

// Synapses keep the order of the list within each row. Populations and labels are left empty.
// Weights are put into each target's model unit by `to_models`.
[[nodiscard]] network build_from_edges(std::uint32_t neurons, const edge_list& edges,
                                       const neuron_layout& blocks,
                                       const weight_map& to_models = {});

}  // namespace brainemu
