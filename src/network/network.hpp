#pragma once
// A network as the engine sees it: neurons 0..size-1, named populations (contiguous ranges),
// labels (named neuron sets), and the synapses stored per block of targets.

#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/index_range.hpp"
#include "network/connectome.hpp"
#include "network/synapse_block.hpp"
#include "network/weight_map.hpp"

namespace brainemu {

struct population {
    std::string name;
    index_range range;
    // A published rate for this population to compare with (the microcircuit's: the reference
    // implementation's full-scale rates, models.md); NaN: none.
    double reference_rate_hz = NAN;
};

// The synapses of a network, cut first into partitions (one per thread: contiguous neuron
// ranges, in order) and each partition into blocks of at most max_block_targets targets.
struct synapse_store {
    neuron_id sources = 0;
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

// Where each neuron lives in the engine. The engine runs partitions of contiguous *engine
// indices*; a partitioner that groups neurons otherwise (round-robin, METIS) is served by a
// permutation: engine index e holds the network's neuron global_of[e]. Builders and selectors
// work with the network's own ids (global ids); the engine keys random streams, spike counts
// and outputs by global id, so results do not depend on the layout. `built` marks the
// partitions this process holds (an MPI rank builds only its own). Permutations exist only for
// connectome networks (fewer than 2^32 neurons), so their tables are 32-bit.
struct neuron_layout {
    std::vector<index_range> partitions;   // engine indices, contiguous, in order
    std::vector<std::uint32_t> global_of;  // engine index -> global id; empty: identity
    std::vector<std::uint32_t> engine_of;  // global id -> engine index; empty: identity
    std::vector<std::uint8_t> built;       // per partition, 1 if held here; empty: all

    neuron_layout() = default;
    neuron_layout(std::vector<index_range> p) : partitions(std::move(p)) {}  // NOLINT: implicit
    [[nodiscard]] bool permuted() const { return !global_of.empty(); }
    [[nodiscard]] bool holds(std::size_t partition) const {
        return built.empty() || built[partition] != 0;
    }
    [[nodiscard]] neuron_id global(neuron_id engine) const {
        return global_of.empty() ? engine : global_of[engine];
    }
    [[nodiscard]] neuron_id engine(neuron_id global) const {
        return engine_of.empty() ? global : engine_of[global];
    }
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

// Builds the table from undirected pairs (a, b) of engine indices with conductances. Each row
// is sorted by its partners' global ids (`global_of`: engine index -> global id; empty:
// identity), so that a neuron sums its coupling currents in the same order, and to the same
// bits, in every layout.
[[nodiscard]] gap_junction_table make_gap_junction_table(
    std::uint32_t neurons, std::span<const std::uint32_t> a, std::span<const std::uint32_t> b,
    std::span<const double> g_nS, std::span<const std::uint32_t> global_of = {});

struct network {
    neuron_id size = 0;
    std::vector<population> populations;
    std::map<std::string, std::vector<neuron_id>> labels;  // sorted, unique ids
    synapse_store synapses;
    gap_junction_table gap_junctions;
    // The imported connectome this network was built from (ids, names, cell types and
    // transmitters for selecting neurons); null for built-in networks, whose ids are indices.
    std::shared_ptr<const connectome> source;
    // Engine layout (synapses.partitions are its partitions). Populations, labels and the
    // connectome are in global ids; synapses and gap junctions in engine indices.
    neuron_layout layout;

    [[nodiscard]] const population* find_population(std::string_view name) const;
};

// The global ids of the neurons in the partitions this process holds, sorted: what a drive over
// the whole network needs to target here (a rank builds and drives only its own part).
[[nodiscard]] std::vector<neuron_id> held_neurons(const network& net);

// A connectome's labels (32-bit indices) as a network's (global ids).
[[nodiscard]] std::map<std::string, std::vector<neuron_id>> labels_of(const connectome& c);

// Splits [0, n) into `parts` contiguous blocks whose sizes differ by at most one (the first
// n % parts one larger).
[[nodiscard]] std::vector<index_range> split_blocks(neuron_id n, unsigned parts);
// Block p of split_blocks(n, parts), and the block holding `id`, without the list (a dry run of
// one rank of 10^7 needs no table over the ranks).
[[nodiscard]] index_range split_block(neuron_id n, unsigned parts, unsigned p);
[[nodiscard]] unsigned split_block_of(neuron_id n, unsigned parts, neuron_id id);

// Builds every held block of the store with `gen` (see build_synapse_block), one thread per
// partition; `gen` is asked for targets by global id and names sources by global id, and the
// store is indexed by engine index. Partitions not held get empty blocks. Each weight is put
// into its target model's unit by `to_models` (mapped weights rarely stay on the hinted grid,
// so they are then stored as floats).
template <class Gen>
synapse_store build_synapse_store(neuron_id n, const neuron_layout& layout, const Gen& gen,
                                  const synapse_hints& hints = {},
                                  const weight_map& to_models = {});

}  // namespace brainemu

#include "network/synapse_store_build.hpp"
