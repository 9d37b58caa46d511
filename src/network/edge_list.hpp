#pragma once
// A network given synapse by synapse (small networks, tests, cross-simulator checks).

#include <algorithm>
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

// An edge list's synapses ordered by target once (stable: list order within a target), so that
// each block of targets a generator is asked for visits only its own.
class edges_by_target {
public:
    explicit edges_by_target(const edge_list& edges);
    // Calls emit(source, target, weight, delay_steps) for every synapse onto `targets`.
    template <class Emit>
    void emit_onto(index_range targets, Emit&& emit) const {
        auto it =
            std::lower_bound(order_.begin(), order_.end(), targets.first,
                             [&](std::uint64_t e, neuron_id t) { return edges_->target[e] < t; });
        for (; it != order_.end() && edges_->target[*it] < targets.last; ++it) {
            emit(edges_->source[*it], edges_->target[*it], edges_->weight[*it],
                 edges_->delay_steps[*it]);
        }
    }

private:
    const edge_list* edges_;
    std::vector<std::uint64_t> order_;
};

// Synapses keep the order of the list within each row. Populations and labels are left empty.
// Weights are put into each target's model unit by `to_models`.
[[nodiscard]] network build_from_edges(std::uint32_t neurons, const edge_list& edges,
                                       const neuron_layout& blocks,
                                       const weight_map& to_models = {});

}  // namespace brainemu
