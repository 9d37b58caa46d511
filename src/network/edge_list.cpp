#include "network/edge_list.hpp"

#include <algorithm>
#include <numeric>

namespace brainemu {

edges_by_target::edges_by_target(const edge_list& edges) : edges_(&edges), order_(edges.size()) {
    std::iota(order_.begin(), order_.end(), 0);
    std::stable_sort(order_.begin(), order_.end(), [&](std::uint64_t a, std::uint64_t b) {
        return edges.target[a] < edges.target[b];
    });
}

network build_from_edges(std::uint32_t neurons, const edge_list& edges, const neuron_layout& blocks,
                         const weight_map& to_models) {
    network net;
    net.size = neurons;
    const edges_by_target sorted(edges);
    auto gen = [&](index_range targets, auto&& emit) { sorted.emit_onto(targets, emit); };
    net.layout = blocks;
    net.synapses = build_synapse_store(net.size, blocks, gen, {}, to_models);
    return net;
}

}  // namespace brainemu
