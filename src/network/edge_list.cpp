#include "network/edge_list.hpp"

#include <algorithm>
#include <numeric>

namespace brainemu {

network build_from_edges(std::uint32_t neurons, const edge_list& edges, const neuron_layout& blocks,
                         const weight_map& to_models) {
    network net;
    net.size = neurons;
    // Edges sorted by target once, so each block visits only its own.
    std::vector<std::uint64_t> order(edges.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::uint64_t a, std::uint64_t b) {
        return edges.target[a] < edges.target[b];
    });
    auto gen = [&](index_range targets, auto&& emit) {
        auto it =
            std::lower_bound(order.begin(), order.end(), targets.first,
                             [&](std::uint64_t e, std::uint32_t t) { return edges.target[e] < t; });
        for (; it != order.end() && edges.target[*it] < targets.last; ++it) {
            emit(edges.source[*it], edges.target[*it], edges.weight[*it], edges.delay_steps[*it]);
        }
    };
    net.layout = blocks;
    net.synapses = build_synapse_store(net.size, blocks, gen, {}, to_models);
    return net;
}

}  // namespace brainemu
