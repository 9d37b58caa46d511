#pragma once
// Spike delivery into one block's ring buffer: for each spike, walk its CSR row and add each
// synapse's weight, in fixed point, to the slot `delay` steps ahead. Specialised per storage
// form (chosen once per block and interval, never per synapse).

#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "core/spike_sink.hpp"
#include "engine/ring_buffer.hpp"
#include "network/synapse_block.hpp"

namespace brainemu {

// A block's weight table converted once to fixed point, with each entry's ring channel.
struct delivery_table {
    std::vector<std::int64_t> fx;
    std::vector<std::uint8_t> channel;
};

[[nodiscard]] inline std::int64_t to_fixed(double w, double fx_per_unit) {
    const double x = w * fx_per_unit;
    return static_cast<std::int64_t>(x >= 0.0 ? x + 0.5 : x - 0.5);  // round half away from 0
}

[[nodiscard]] inline delivery_table make_delivery_table(const synapse_block& b, int channels,
                                                        double fx_per_unit) {
    delivery_table t;
    for (float w : b.weight_table) {
        t.fx.push_back(to_fixed(w, fx_per_unit));
        t.channel.push_back(channels == 2 && w < 0.0f ? 1 : 0);
    }
    return t;
}

namespace detail {

template <delay_kind D, weight_kind W>
std::uint64_t deliver_rows(const synapse_block& b, const delivery_table& table, int channels,
                           double fx_per_unit, std::span<const spike_record> spikes,
                           ring_buffer& ring) {
    const std::uint32_t slots = ring.slots();
    const std::size_t n = b.targets.size();
    const std::size_t slot_stride = n * static_cast<std::size_t>(channels);
    std::int64_t* data = ring.data();
    const std::uint32_t* target = b.target.data();
    std::uint64_t events = 0;
    for (const spike_record& s : spikes) {
        const std::uint64_t begin = b.row_offsets[s.neuron];
        const std::uint64_t end = b.row_offsets[s.neuron + 1];
        events += end - begin;
        const std::uint32_t base = ring.slot_of(s.step);
        for (std::uint64_t k = begin; k < end; ++k) {
            std::uint32_t d;
            if constexpr (D == delay_kind::constant) {
                d = b.constant_delay;
            } else if constexpr (D == delay_kind::u8) {
                d = b.delay_u8[k];
            } else {
                d = b.delay_u16[k];
            }
            std::uint32_t slot = base + d;
            slot = slot >= slots ? slot - slots : slot;
            std::int64_t fx;
            std::size_t ch;
            if constexpr (W == weight_kind::f32) {
                const float w = b.weight_f32[k];
                fx = to_fixed(w, fx_per_unit);
                ch = channels == 2 && w < 0.0f ? 1 : 0;
            } else {
                const std::uint32_t code =
                    W == weight_kind::table_u8 ? b.weight_u8[k] : b.weight_u16[k];
                fx = table.fx[code];
                ch = table.channel[code];
            }
            data[slot * slot_stride + ch * n + target[k]] += fx;
        }
    }
    return events;
}

template <delay_kind D>
std::uint64_t deliver_by_weight(const synapse_block& b, const delivery_table& t, int channels,
                                double fx, std::span<const spike_record> spikes,
                                ring_buffer& ring) {
    switch (b.weights) {
        case weight_kind::table_u8:
            return deliver_rows<D, weight_kind::table_u8>(b, t, channels, fx, spikes, ring);
        case weight_kind::table_u16:
            return deliver_rows<D, weight_kind::table_u16>(b, t, channels, fx, spikes, ring);
        case weight_kind::f32:
            return deliver_rows<D, weight_kind::f32>(b, t, channels, fx, spikes, ring);
    }
    return 0;
}

}  // namespace detail

// Returns the number of synaptic events (synapses touched).
inline std::uint64_t deliver_spikes(const synapse_block& b, const delivery_table& table,
                                    double fx_per_unit, std::span<const spike_record> spikes,
                                    ring_buffer& ring) {
    const int ch = ring.channels();
    switch (b.delays) {
        case delay_kind::constant:
            return detail::deliver_by_weight<delay_kind::constant>(b, table, ch, fx_per_unit,
                                                                   spikes, ring);
        case delay_kind::u8:
            return detail::deliver_by_weight<delay_kind::u8>(b, table, ch, fx_per_unit, spikes,
                                                             ring);
        case delay_kind::u16:
            return detail::deliver_by_weight<delay_kind::u16>(b, table, ch, fx_per_unit, spikes,
                                                              ring);
    }
    return 0;
}

}  // namespace brainemu
