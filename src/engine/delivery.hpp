#pragma once
// Spike delivery into a partition's ring buffer: for each spike, walk its CSR row in every
// block of the partition and add each synapse's weight, in fixed point, to the slot `delay`
// steps ahead. The fast path is specialised per storage form (chosen once per block and
// interval, never per synapse); the reference path reads every synapse through the block's
// accessors. Both add the same integers, so they give bit-identical spikes (tested).

#include <cstdint>
#include <span>
#include <vector>

#include "core/spike_sink.hpp"
#include "engine/ring_buffer.hpp"
#include "network/synapse_block.hpp"

namespace brainemu {

[[nodiscard]] inline std::int64_t to_fixed(double w, double fx_per_unit) {
    const double x = w * fx_per_unit;
    return static_cast<std::int64_t>(x >= 0.0 ? x + 0.5 : x - 0.5);  // round half away from 0
}

// A block as one partition's delivery sees it: where its targets sit in the partition's ring,
// and its weight table converted once to fixed point with each entry's ring channel.
struct delivery_block {
    const synapse_block* block = nullptr;
    std::uint32_t offset = 0;  // block.targets.first - partition.first
    std::vector<std::int64_t> table_fx;
    std::vector<std::uint8_t> table_channel;
    [[nodiscard]] std::size_t bytes() const { return table_fx.capacity() * 9; }
};

[[nodiscard]] delivery_block make_delivery_block(const synapse_block& b, std::uint32_t offset,
                                                 int channels, double fx_per_unit);

// Returns the number of synaptic events (synapses touched).
std::uint64_t deliver_spikes(const delivery_block& d, double fx_per_unit,
                             std::span<const spike_record> spikes, ring_buffer& ring);
std::uint64_t deliver_spikes_reference(const delivery_block& d, double fx_per_unit,
                                       std::span<const spike_record> spikes, ring_buffer& ring);

}  // namespace brainemu
