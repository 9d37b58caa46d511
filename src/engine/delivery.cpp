#include "engine/delivery.hpp"

#include <cmath>

#include "core/assert.hpp"

namespace brainemu {

delivery_block make_delivery_block(const synapse_block& b, std::uint32_t offset, int channels,
                                   double fx_per_unit) {
    delivery_block d;
    d.block = &b;
    d.offset = offset;
    d.channels = channels;
    if (b.weights == weight_kind::scaled_i16) {
        int exponent = 0;
        const bool power_of_two = std::frexp(b.weight_quantum, &exponent) == 0.5;
        const double fxq = b.weight_quantum * fx_per_unit;
        // A power-of-two quantum in float's normal range makes code x quantum exact (|code| <
        // 2^15) in float and double alike.
        d.exact_scaled = power_of_two && b.weight_quantum >= 0x1.0p-100 &&
                         b.weight_quantum <= 0x1.0p100 && fxq == std::round(fxq) && fxq < 0x1.0p46;
        d.fx_quantum = d.exact_scaled ? static_cast<std::int64_t>(fxq) : 0;
    }
    for (float w : b.weight_table) {
        d.table_fx.push_back(to_fixed(w, fx_per_unit));
        d.table_channel.push_back(channels == 2 && w < 0.0f ? 1 : 0);
    }
    return d;
}

namespace {

// The fixed-point value and ring channel of synapse k, per weight form.
template <weight_kind W>
struct weight_reader {
    const synapse_block& b;
    const delivery_block& d;
    double fx_per_unit;
    bool two_channels;
    void operator()(std::uint64_t k, std::int64_t& fx, std::size_t& ch) const {
        if constexpr (W == weight_kind::table_u8 || W == weight_kind::table_u16) {
            const std::uint32_t code =
                W == weight_kind::table_u8 ? b.weight_u8[k] : b.weight_u16[k];
            fx = d.table_fx[code];
            ch = d.table_channel[code];
        } else {
            float w;
            if constexpr (W == weight_kind::scaled_i16) {
                w = static_cast<float>(static_cast<double>(b.weight_i16[k]) * b.weight_quantum);
            } else {
                w = b.weight_f32[k];
            }
            fx = to_fixed(w, fx_per_unit);
            ch = two_channels && w < 0.0f ? 1 : 0;
        }
    }
};

// Delays per synapse: every event to its own slot.
template <delay_kind D, weight_kind W>
std::uint64_t deliver_rows(const delivery_block& d, double fx_per_unit,
                           std::span<const spike_record> spikes, ring_buffer& ring) {
    const synapse_block& b = *d.block;
    const std::size_t n = ring.neurons();
    const std::size_t slot_stride = n * static_cast<std::size_t>(ring.channels());
    const weight_reader<W> weight{b, d, fx_per_unit, ring.channels() == 2};
    std::int64_t* data = ring.data() + d.offset;
    const std::uint16_t* word = b.target_word.data();
    const std::uint32_t mask = b.target_mask();
    const unsigned shift = b.target_bits;
    const std::uint32_t slots = ring.slots();
    std::uint64_t events = 0;
    for (const spike_record& s : spikes) {
        const std::uint32_t row = b.row_of(s.neuron);
        if (row == synapse_block::no_row) {
            continue;
        }
        const auto [begin, end] = b.row_offsets.row(row);
        events += end - begin;
        const std::uint32_t base =
            ring.slot_of(s.step) + (D == delay_kind::packed ? b.min_delay : 0);
        for (std::uint64_t k = begin; k < end; ++k) {
            std::uint32_t delay;
            if constexpr (D == delay_kind::packed) {
                delay = std::uint32_t{word[k]} >> shift;
            } else {
                delay = D == delay_kind::u8 ? b.delay_u8[k] : b.delay_u16[k];
            }
            std::uint32_t slot = base + delay;  // < 2 slots: the whole delay is < slots
            slot = slot >= slots ? slot - slots : slot;
            std::int64_t fx;
            std::size_t ch;
            weight(k, fx, ch);
            data[slot * slot_stride + ch * n + (word[k] & mask)] += fx;
        }
    }
    return events;
}

template <weight_kind W>
std::uint64_t deliver_by_delay(const delivery_block& d, double fx,
                               std::span<const spike_record> spikes, ring_buffer& ring) {
    BE_ASSERT(!deferrable(*d.block), "runs and constant delays are delivered deferred");
    switch (d.block->delays) {
        case delay_kind::packed:
            return deliver_rows<delay_kind::packed, W>(d, fx, spikes, ring);
        case delay_kind::u8:
            return deliver_rows<delay_kind::u8, W>(d, fx, spikes, ring);
        default:
            return deliver_rows<delay_kind::u16, W>(d, fx, spikes, ring);
    }
}

// Deferred blocks (one delay, or runs of delays) hold bare targets in their words: only packed
// blocks put delays there, and those are delivered immediately.

// The common case, one channel and exact scaled weights: a multiply and an add per event.
void apply_range_scaled(const delivery_block& d, const deferred_range& r, ring_buffer& ring,
                        std::uint32_t slot) {
    const synapse_block& b = *d.block;
    std::int64_t* out = ring.channel(slot, 0) + d.offset;
    const std::uint16_t* target = b.target_word.data();
    const std::int16_t* code = b.weight_i16.data();
    const std::int64_t q = d.fx_quantum;
    for (std::uint64_t k = r.begin; k < r.end; ++k) {
        out[target[k]] += code[k] * q;
    }
}

// One channel and a weight table: a lookup and an add per event.
template <class Code>
void apply_range_table(const delivery_block& d, const Code* code, const deferred_range& r,
                       ring_buffer& ring, std::uint32_t slot) {
    std::int64_t* out = ring.channel(slot, 0) + d.offset;
    const std::uint16_t* target = d.block->target_word.data();
    const std::int64_t* fx = d.table_fx.data();
    for (std::uint64_t k = r.begin; k < r.end; ++k) {
        out[target[k]] += fx[code[k]];
    }
}

template <weight_kind W>
void apply_range(const delivery_block& d, double fx_per_unit, const deferred_range& r,
                 ring_buffer& ring, std::uint32_t slot) {
    const synapse_block& b = *d.block;
    const std::size_t n = ring.neurons();
    const weight_reader<W> weight{b, d, fx_per_unit, ring.channels() == 2};
    std::int64_t* out = ring.channel(slot, 0) + d.offset;
    const std::uint16_t* target = b.target_word.data();
    for (std::uint64_t k = r.begin; k < r.end; ++k) {
        std::int64_t fx;
        std::size_t ch;
        weight(k, fx, ch);
        out[ch * n + target[k]] += fx;
    }
}

}  // namespace

std::uint64_t defer_spikes(std::uint32_t index, const delivery_block& d,
                           std::span<const spike_record> spikes, const ring_buffer& ring,
                           due_queue& due) {
    const synapse_block& b = *d.block;
    const std::uint32_t slots = ring.slots();
    std::uint64_t events = 0;
    for (const spike_record& s : spikes) {
        const std::uint32_t r = b.row_of(s.neuron);
        if (r == synapse_block::no_row) {
            continue;
        }
        const auto [row, row_end] = b.row_offsets.row(r);
        if (row == row_end) {
            continue;
        }
        events += row_end - row;
        const std::uint32_t base = ring.slot_of(s.step);
        if (b.delays == delay_kind::constant) {
            std::uint32_t slot = base + b.constant_delay;
            slot = slot >= slots ? slot - slots : slot;
            due[slot].push_back({index, row, row_end});
            continue;
        }
        std::uint64_t k = row;
        const auto [first_run, end_run] = b.run_offsets.row(r);
        for (std::uint64_t run = first_run; run < end_run; ++run) {
            std::uint32_t slot = base + b.run_delay(run);
            slot = slot >= slots ? slot - slots : slot;
            const std::uint64_t end = row + b.run_end(run);
            due[slot].push_back({index, k, end});
            k = end;
        }
    }
    return events;
}

void apply_due(std::span<const delivery_block> blocks, double fx_per_unit,
               std::vector<deferred_range>& ranges, ring_buffer& ring, std::uint32_t slot,
               awake_set* awake) {
    for (std::size_t i = 0; i < ranges.size(); ++i) {
        const deferred_range& r = ranges[i];
        if (awake != nullptr) {
            const delivery_block& d = blocks[r.block];
            for (std::uint64_t k = r.begin; k < r.end; ++k) {
                awake->wake(d.offset + d.block->target_word[k]);
            }
        }
        if (i + 4 < ranges.size()) {
            // Ranges start at scattered places in the rows: fetch a few ahead.
            const deferred_range& next = ranges[i + 4];
            const synapse_block& nb = *blocks[next.block].block;
            __builtin_prefetch(nb.target_word.data() + next.begin);
            if (nb.weights == weight_kind::scaled_i16) {
                __builtin_prefetch(nb.weight_i16.data() + next.begin);
            }
        }
        const delivery_block& d = blocks[r.block];
        if (d.channels == 1) {
            if (d.exact_scaled) {
                apply_range_scaled(d, r, ring, slot);
                continue;
            }
            if (d.block->weights == weight_kind::table_u8) {
                apply_range_table(d, d.block->weight_u8.data(), r, ring, slot);
                continue;
            }
            if (d.block->weights == weight_kind::table_u16) {
                apply_range_table(d, d.block->weight_u16.data(), r, ring, slot);
                continue;
            }
        }
        switch (d.block->weights) {
            case weight_kind::table_u8:
                apply_range<weight_kind::table_u8>(d, fx_per_unit, r, ring, slot);
                break;
            case weight_kind::table_u16:
                apply_range<weight_kind::table_u16>(d, fx_per_unit, r, ring, slot);
                break;
            case weight_kind::scaled_i16:
                apply_range<weight_kind::scaled_i16>(d, fx_per_unit, r, ring, slot);
                break;
            case weight_kind::f32:
                apply_range<weight_kind::f32>(d, fx_per_unit, r, ring, slot);
                break;
        }
    }
    ranges.clear();
}

std::uint64_t deliver_spikes(const delivery_block& d, double fx_per_unit,
                             std::span<const spike_record> spikes, ring_buffer& ring) {
    switch (d.block->weights) {
        case weight_kind::table_u8:
            return deliver_by_delay<weight_kind::table_u8>(d, fx_per_unit, spikes, ring);
        case weight_kind::table_u16:
            return deliver_by_delay<weight_kind::table_u16>(d, fx_per_unit, spikes, ring);
        case weight_kind::scaled_i16:
            return deliver_by_delay<weight_kind::scaled_i16>(d, fx_per_unit, spikes, ring);
        case weight_kind::f32:
            return deliver_by_delay<weight_kind::f32>(d, fx_per_unit, spikes, ring);
    }
    return 0;
}

std::uint64_t deliver_spikes_reference(const delivery_block& d, double fx_per_unit,
                                       std::span<const spike_record> spikes, ring_buffer& ring) {
    const synapse_block& b = *d.block;
    std::uint64_t events = 0;
    for (const spike_record& s : spikes) {
        const std::uint32_t row = b.row_of(s.neuron);
        if (row == synapse_block::no_row) {
            continue;
        }
        const auto [begin, end] = b.row_offsets.row(row);
        for (std::uint64_t k = begin; k < end; ++k) {
            const float w = b.weight(k);
            const int ch = ring.channels() == 2 && w < 0.0f ? 1 : 0;
            const std::uint32_t slot = ring.slot_of(std::uint64_t{s.step} + b.delay(row, k));
            ring.channel(slot, ch)[d.offset + b.target_of(k)] += to_fixed(w, fx_per_unit);
            ++events;
        }
    }
    return events;
}

}  // namespace brainemu
