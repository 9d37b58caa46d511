#pragma once
// What a partition costs, read from the connectome alone: how much each part holds and how
// much spike traffic crosses between parts. Synapses live with their target's part, and a
// spike crosses a cut once per other part holding any of its targets (design.md).

#include <cstdint>
#include <vector>

#include "network/connectome.hpp"
#include "partition/partition.hpp"

namespace brainemu {

// Bytes a part holds per stored synapse (one per connected pair: the engine stores a pair's
// count in its weight) and per neuron. Defaults: the engine's store as measured on the full
// microcircuit (docs/performance.md; bench/results/microcircuit_perf.json): 1,228,951,678 B of
// synapses for 2.99e8 synapses = 4.1 B, and (state 2,778,084 B + ring buffers 46,748,520 B) /
// 77,169 neurons = 642 B per neuron (36 B of LIF state, 606 B of ring buffer at 0.1 ms steps
// and that network's longest delay). Pass a connectome run's own figures (brainemu info,
// profile.json) where they are known.
struct resident_bytes_model {
    double bytes_per_synapse = 4.1;
    double bytes_per_neuron = 642.0;
};

struct part_metrics {
    std::uint32_t neurons = 0;
    std::uint64_t synapses = 0;           // stored: connected pairs whose target is here
    std::uint64_t synapse_count = 0;      // the same pairs' synapse counts, summed
    std::uint64_t synapses_cut = 0;       // of `synapses`, those whose source is elsewhere
    std::uint64_t sources_elsewhere = 0;  // neurons of other parts with a target here
    double resident_bytes = 0.0;
};

struct cut_metrics {
    std::vector<part_metrics> parts;
    std::uint64_t synapses = 0, synapse_count = 0;
    std::uint64_t synapses_cut = 0, synapse_count_cut = 0;
    // Fraction of stored synapses (pairs) whose source lives in another part.
    double cut_fraction = 0.0;
    // The same, weighting each pair by its synapse count.
    double cut_count_fraction = 0.0;
    // Over every source neuron s and every part holding at least one of its targets: how many
    // such (s, part) pairs there are, and the fraction whose part is not s's own. Each crossing
    // pair is one message per spike of s: this is what the interconnect carries.
    std::uint64_t source_part_pairs = 0, source_part_pairs_crossing_count = 0;
    double source_part_pairs_crossing = 0.0;
    // max / mean over parts (1 = perfectly balanced).
    double imbalance_neurons = 1.0, imbalance_synapses = 1.0, imbalance_bytes = 1.0;
};

// Throws std::invalid_argument if `p` does not assign every neuron of `c` a part below
// p.parts (a bug: read_partition and the partitioners only return valid partitions).
[[nodiscard]] cut_metrics measure_cut(const connectome& c, const partition& p,
                                      const resident_bytes_model& bytes = {});

}  // namespace brainemu
