#pragma once
// A network as the engine sees it: neurons 0..size-1, named populations (contiguous ranges),
// labels (named neuron sets), and the synapses stored per block of targets.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/index_range.hpp"
#include "network/connectome.hpp"
#include "network/synapse_block.hpp"

namespace brainemu {

struct population {
    std::string name;
    index_range range;
};

// The synapses of a network, cut first into partitions (one per thread: contiguous neuron
// ranges, in order) and each partition into blocks of at most max_block_targets targets.
struct synapse_store {
    std::uint32_t sources = 0;
    std::vector<index_range> partitions;
    std::vector<synapse_block> blocks;     // in neuron order
    std::vector<std::size_t> first_block;  // partition p owns blocks [first_block[p], [p + 1])

    [[nodiscard]] std::uint64_t count() const;
    [[nodiscard]] std::size_t bytes() const;
    [[nodiscard]] std::uint16_t min_delay() const;  // steps, over all blocks (0 if none)
    [[nodiscard]] std::uint16_t max_delay() const;
    [[nodiscard]] std::uint32_t max_in_degree() const;
    [[nodiscard]] float max_abs_weight() const;
};

// Electrical synapses as each neuron's coupled partners: neuron i couples to other[k] with
// conductance g_nS[k] for k in [offsets[i], offsets[i + 1]); every pair is listed from both
// ends, each row sorted by partner, so each neuron sums its coupling currents in a fixed order.
struct gap_junction_table {
    std::vector<std::uint64_t> offsets;  // size + 1 entries, or none when there are no junctions
    std::vector<std::uint32_t> other;
    std::vector<double> g_nS;

    [[nodiscard]] bool empty() const { return other.empty(); }
    [[nodiscard]] std::size_t bytes() const {
        return offsets.capacity() * sizeof(std::uint64_t) +
               other.capacity() * sizeof(std::uint32_t) + g_nS.capacity() * sizeof(double);
    }
};

// Builds the table from undirected pairs (a, b) with conductances.
[[nodiscard]] gap_junction_table make_gap_junction_table(std::uint32_t neurons,
                                                         std::span<const std::uint32_t> a,
                                                         std::span<const std::uint32_t> b,
                                                         std::span<const double> g_nS);

struct network {
    std::uint32_t size = 0;
    std::vector<population> populations;
    std::map<std::string, std::vector<std::uint32_t>> labels;  // sorted, unique ids
    synapse_store synapses;
    gap_junction_table gap_junctions;
    // The imported connectome this network was built from (ids, names, cell types and
    // transmitters for selecting neurons); null for built-in networks, whose ids are indices.
    std::shared_ptr<const connectome> source;

    [[nodiscard]] const population* find_population(std::string_view name) const;
};

// Splits [0, n) into `parts` contiguous blocks whose sizes differ by at most one.
[[nodiscard]] std::vector<index_range> split_blocks(std::uint32_t n, unsigned parts);

// Builds every block of the store with `gen` (see build_synapse_block), one thread per
// partition.
template <class Gen>
synapse_store build_synapse_store(std::uint32_t n, const std::vector<index_range>& partitions,
                                  const Gen& gen, const synapse_hints& hints = {});

}  // namespace brainemu

#include "network/synapse_store_build.hpp"
