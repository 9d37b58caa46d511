#pragma once
// A built network's wiring as a connectome (pairs with synapse counts), so that the
// partitioners, which work on connectomes, can cut built-in and edge-list networks too.

#include "network/connectome.hpp"
#include "network/network.hpp"

namespace brainemu {

// Pairs (source, target) by global id, counting multapses; the network must hold every
// partition (one process). Ids are the neuron indices.
[[nodiscard]] connectome connectome_of(const network& net);

}  // namespace brainemu
