#pragma once
// METIS (Karypis and Kumar 1998) k-way partition of a connectome: parts balanced in memory and
// in compute, with as few synapses as possible between neurons of different parts.

#include <cstdint>

#include "network/connectome.hpp"
#include "partition/partition.hpp"

namespace brainemu {

struct metis_options {
    // METIS_OPTION_SEED: the same seed, graph and K give the same partition on any machine
    // with the same METIS build (METIS itself is sequential).
    std::int32_t seed = 1;
    // Largest allowed (part weight / mean part weight) for each balance constraint; METIS's
    // own default for k-way is 1.03.
    float imbalance_tolerance = 1.03F;
};

struct metis_result {
    partition result;
    std::int64_t edge_cut = 0;  // METIS's objective: symmetrised synapse counts across parts
};

// The graph METIS sees: one vertex per neuron with two balance constraints, (1) its incoming
// connections (the synapses its part stores: memory) and (2) 1 (its update: compute); one
// undirected edge per connected pair {u, v}, u != v, weighted count(u->v) + count(v->u),
// because METIS needs an undirected graph and traffic flows both ways. Self-connections never
// cross a cut and are dropped. Throws input_error (field "parts") unless 1 <= parts <= size,
// resource_error when METIS runs out of memory.
[[nodiscard]] metis_result metis_partition(const connectome& c, std::uint32_t parts,
                                           const metis_options& options = {});

}  // namespace brainemu
