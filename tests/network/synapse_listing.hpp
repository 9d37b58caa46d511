#pragma once
// Test helpers: a network's synapses listed per target in global ids, and a round-robin
// layout, so tests can compare networks across layouts.

#include <algorithm>
#include <cstdint>
#include <tuple>
#include <vector>

#include "network/network.hpp"

namespace brainemu {

// (source, weight, delay) of every synapse, by target; all in global ids.
using synapse = std::tuple<std::uint32_t, float, std::uint16_t>;
inline std::vector<std::vector<synapse>> synapses_by_target(const network& net) {
    std::vector<std::vector<synapse>> out(net.size);
    for (const synapse_block& b : net.synapses.blocks) {
        // Rows of the sources present (none in a partition this process does not hold).
        for (std::uint32_t row = 0; row < b.rows(); ++row) {
            const neuron_id src = b.source_of(row);
            for (auto k = b.row_offsets[row]; k < b.row_offsets[row + 1]; ++k) {
                const neuron_id t = net.layout.global(b.targets.first + b.target_of(k));
                out[t].emplace_back(net.layout.global(src), b.weight(k), b.delay(row, k));
            }
        }
    }
    for (auto& row : out) {
        std::sort(row.begin(), row.end());
    }
    return out;
}

// Round-robin over `parts`: part p holds the global ids = p (mod parts), in id order.
inline neuron_layout round_robin(std::uint32_t n, std::uint32_t parts) {
    neuron_layout l;
    for (std::uint32_t p = 0; p < parts; ++p) {
        const auto first = static_cast<std::uint32_t>(l.global_of.size());
        for (std::uint32_t g = p; g < n; g += parts) {
            l.global_of.push_back(g);
        }
        l.partitions.push_back({first, static_cast<std::uint32_t>(l.global_of.size())});
    }
    l.engine_of.resize(n);
    for (std::uint32_t e = 0; e < n; ++e) {
        l.engine_of[l.global_of[e]] = e;
    }
    return l;
}

}  // namespace brainemu
