#pragma once
// Incoming synapses of one block of at most 65,536 target neurons, stored with that block
// (design.md): CSR rows indexed by global source, so that one spike touches exactly one
// contiguous row per block. Within a row synapses are sorted by (delay, target): a spike then
// writes one ring-buffer slot at a time, in increasing address order. Per synapse: the target's
// 16-bit index within the block, and the delay and the weight each in the narrowest form that
// represents every value of this block exactly.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/index_range.hpp"

namespace brainemu {

inline constexpr std::uint32_t max_block_targets = 65536;

enum class weight_kind : std::uint8_t {
    table_u8,    // <= 256 distinct values: 1-byte index into a per-block table
    table_u16,   // <= 65,536 distinct values: 2-byte index
    scaled_i16,  // every weight an integer multiple (|m| < 2^15) of one quantum: 2 bytes
    f32,         // every synapse its own float
};
enum class delay_kind : std::uint8_t {
    constant,  // one delay for the whole block: 0 bytes per synapse
    runs,      // per row, runs of equal delay (rows are sorted by delay): 6 bytes per run
    u8,        // per synapse, delays <= 255 steps
    u16,
};

[[nodiscard]] std::string_view to_string(weight_kind k);
[[nodiscard]] std::string_view to_string(delay_kind k);

struct synapse_block {
    index_range targets;                     // at most max_block_targets neurons
    std::vector<std::uint64_t> row_offsets;  // one per source, plus one
    std::vector<std::uint16_t> target;       // index within `targets`

    delay_kind delays = delay_kind::constant;
    std::uint16_t constant_delay = 0;
    std::vector<std::uint8_t> delay_u8;
    std::vector<std::uint16_t> delay_u16;
    std::vector<std::uint32_t> run_offsets;  // runs of row s: [run_offsets[s], run_offsets[s+1])
    std::vector<std::uint16_t> run_delay;
    std::vector<std::uint32_t> run_end;  // row-relative index one past the run

    weight_kind weights = weight_kind::f32;
    std::vector<float> weight_table;
    std::vector<std::uint8_t> weight_u8;
    std::vector<std::uint16_t> weight_u16;
    std::vector<std::int16_t> weight_i16;
    double weight_quantum = 0.0;  // scaled_i16: weight = float(code * quantum)
    std::vector<float> weight_f32;

    std::uint16_t min_delay = 0, max_delay = 0;  // steps; 0/0 when the block has no synapse
    std::uint32_t max_in_degree = 0;
    float max_abs_weight = 0.0f;

    [[nodiscard]] std::uint64_t size() const { return target.size(); }
    // Delay of synapse k of row `source` (the row is needed for the run form).
    [[nodiscard]] std::uint16_t delay(std::uint32_t source, std::uint64_t k) const;
    [[nodiscard]] float weight(std::uint64_t k) const {
        switch (weights) {
            case weight_kind::table_u8:
                return weight_table[weight_u8[k]];
            case weight_kind::table_u16:
                return weight_table[weight_u16[k]];
            case weight_kind::scaled_i16:
                return static_cast<float>(static_cast<double>(weight_i16[k]) * weight_quantum);
            case weight_kind::f32:
                return weight_f32[k];
        }
        return 0.0f;
    }
    // Bytes this block holds in memory (capacities, not sizes: what is really resident).
    [[nodiscard]] std::size_t bytes() const;
};

// What a network builder knows about its weights: a quantum every weight is an integer
// multiple of (0 if none), so the scaled 16-bit form can be tried.
struct synapse_hints {
    double weight_quantum = 0.0;
};

// Sorts each row by delay (stably, keeping target order) and picks the narrowest delay and
// weight forms (internal to build_synapse_block).
void finish_synapse_block(synapse_block& b, std::vector<std::uint16_t>&& delays,
                          std::vector<float>&& weights, const synapse_hints& hints);

namespace detail {
// Pass one only counts: generators may skip drawing weights and delays when
// `Emit::needs_values` is false (draws come from separate streams, so sources do not shift).
struct counting_emitter {
    static constexpr bool needs_values = false;
    std::vector<std::uint64_t>* row_sizes;  // indexed by source + 1
    void operator()(std::uint32_t source, std::uint32_t, float, std::uint16_t) const {
        ++(*row_sizes)[source + 1];
    }
};
// Pass two collects a chunk of targets' synapses in generation order...
struct pending_synapse {
    std::uint32_t source;
    std::uint16_t target;  // within the block
    std::uint16_t delay;
    float weight;
};
struct collecting_emitter {
    static constexpr bool needs_values = true;
    std::vector<pending_synapse>* out;
    std::uint32_t first;
    void operator()(std::uint32_t source, std::uint32_t target, float w, std::uint16_t d) const {
        out->push_back({source, static_cast<std::uint16_t>(target - first), d, w});
    }
};
// ...and places it into the rows: a stable radix sort by source, then one contiguous copy per
// (source, chunk). Writing each synapse straight to its row instead costs a cache miss per
// synapse (rows are scattered over gigabytes); this way a chunk makes one jump per source.
struct row_filler {
    synapse_block& b;
    std::vector<std::uint64_t> cursor;
    std::vector<std::uint16_t> delays;
    std::vector<float> weights;
    std::vector<std::uint32_t> in_degree;
    std::vector<pending_synapse> scratch;
    void place(std::vector<pending_synapse>& chunk);
};
}  // namespace detail

// Collects a block's synapses in two passes over a deterministic generator: the first counts
// synapses per source, the second fills the rows. Memory peaks at the final size plus the
// uncompressed delay and weight arrays, never at a whole-network edge list.
//
// Gen is called as gen(targets, emit) and must call emit(source, target, weight, delay_steps)
// for every synapse onto `targets`, in the same order on both calls, targets in increasing
// order (so that rows come out sorted by target within each delay).
template <class Gen>
synapse_block build_synapse_block(std::uint32_t n_sources, index_range targets, Gen&& gen,
                                  const synapse_hints& hints = {}) {
    synapse_block b;
    b.targets = targets;
    b.row_offsets.assign(std::size_t{n_sources} + 1, 0);
    gen(targets, detail::counting_emitter{&b.row_offsets});
    for (std::size_t s = 0; s < n_sources; ++s) {
        b.row_offsets[s + 1] += b.row_offsets[s];
    }
    const std::uint64_t total = b.row_offsets[n_sources];
    b.target.resize(total);
    detail::row_filler fill{b,
                            {b.row_offsets.begin(), b.row_offsets.end() - 1},
                            std::vector<std::uint16_t>(total),
                            std::vector<float>(total),
                            std::vector<std::uint32_t>(targets.size(), 0),
                            {}};
    // Chunks of about 2^22 synapses (96 MiB while they are placed, with the sort's scratch).
    const std::uint64_t per_target = total / std::max<std::uint64_t>(1, targets.size()) + 1;
    const auto chunk_targets = static_cast<std::uint32_t>(
        std::max<std::uint64_t>(1, (std::uint64_t{1} << 22) / per_target));
    std::vector<detail::pending_synapse> chunk;
    for (std::uint32_t first = targets.first; first < targets.last; first += chunk_targets) {
        const index_range part{first, std::min(targets.last, first + chunk_targets)};
        chunk.clear();
        gen(part, detail::collecting_emitter{&chunk, targets.first});
        fill.place(chunk);
    }
    for (std::uint32_t n : fill.in_degree) {
        b.max_in_degree = n > b.max_in_degree ? n : b.max_in_degree;
    }
    finish_synapse_block(b, std::move(fill.delays), std::move(fill.weights), hints);
    return b;
}

}  // namespace brainemu
