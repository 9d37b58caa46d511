#pragma once
// Spike delivery into a partition's ring buffer: for each spike, walk its CSR row in every
// block of the partition and add each synapse's weight, in fixed point, to the slot `delay`
// steps ahead. The fast path is specialised per storage form (chosen once per block and
// interval, never per synapse); the reference path reads every synapse through the block's
// accessors. Both add the same integers, so they give bit-identical spikes (tested).

#include <cstdint>
#include <span>
#include <vector>

#include "core/fixed_point.hpp"
#include "core/spike_sink.hpp"
#include "engine/ring_buffer.hpp"
#include "network/synapse_block.hpp"

namespace brainemu {

// A block as one partition's delivery sees it: where its targets sit in the partition's ring,
// and its weight table converted once to fixed point with each entry's ring channel.
struct delivery_block {
    const synapse_block* block = nullptr;
    std::uint32_t offset = 0;  // block.targets.first - partition.first
    std::vector<std::int64_t> table_fx;
    std::vector<std::uint8_t> table_channel;
    // Scaled weights whose quantum is a power of two: code x quantum is exact in float, so its
    // fixed-point value is exactly code x fx_quantum, one integer multiply per event.
    std::int64_t fx_quantum = 0;
    bool exact_scaled = false;
    int channels = 1;
    [[nodiscard]] std::size_t bytes() const {
        return table_fx.capacity() * sizeof(std::int64_t) + table_channel.capacity();
    }
};

[[nodiscard]] delivery_block make_delivery_block(const synapse_block& b, std::uint32_t offset,
                                                 int channels, double fx_per_unit);

// Deferred delivery, for blocks whose rows are runs of one delay (delay_kind runs or
// constant): a spike's run is queued as a range of the CSR arrays under the slot it is due in,
// and added into that slot at the start of its step, when the slot is about to be read and is
// in cache. Immediate delivery instead writes every event into a ring of (max delay x
// neurons) entries, one cache miss per event once the ring outgrows the caches (the
// microcircuit's is 18 MiB per thread); a queued range costs 24 bytes per ~50 synapses.
struct deferred_range {
    std::uint32_t block;  // index into the partition's delivery blocks
    std::uint64_t begin, end;
};
using due_queue = std::vector<std::vector<deferred_range>>;  // one list per ring slot

[[nodiscard]] inline bool deferrable(const synapse_block& b) {
    return b.delays == delay_kind::runs || b.delays == delay_kind::constant;
}

// Queues the runs of `spikes` in block `index`; returns the number of synaptic events.
std::uint64_t defer_spikes(std::uint32_t index, const delivery_block& d,
                           std::span<const spike_record> spikes, const ring_buffer& ring,
                           due_queue& due);
// Neurons the activity-driven engine must step: per neuron of the partition, bit 0 = awake
// (in `list`), bit 1 = has input in this step's ring slot (so only those read the slot: an
// awake neuron without input would otherwise pay a cache miss for a zero).
struct awake_set {
    std::vector<std::uint8_t> flag;
    std::vector<std::uint32_t> list;
    void wake(std::uint32_t i) {
        if ((flag[i] & 1) == 0) {
            list.push_back(i);
        }
        flag[i] |= 3;
    }
};

// Adds the ranges due in `slot` to it and empties their list; with `awake`, also wakes every
// neuron that received input.
void apply_due(std::span<const delivery_block> blocks, double fx_per_unit,
               std::vector<deferred_range>& ranges, ring_buffer& ring, std::uint32_t slot,
               awake_set* awake = nullptr);

// Immediate delivery, for blocks with a delay per synapse (not deferrable); returns the number
// of synaptic events (synapses touched).
std::uint64_t deliver_spikes(const delivery_block& d, double fx_per_unit,
                             std::span<const spike_record> spikes, ring_buffer& ring);
std::uint64_t deliver_spikes_reference(const delivery_block& d, double fx_per_unit,
                                       std::span<const spike_record> spikes, ring_buffer& ring);

}  // namespace brainemu
