#pragma once
// Incoming synapses of one block of at most 65,536 target neurons, stored with that block
// (design.md): CSR rows, one per source that has a target in the block, so that one spike
// touches exactly one contiguous row per block. Within a row synapses are sorted by (delay,
// target): a spike then writes one ring-buffer slot at a time, in increasing address order. Per
// synapse: the target's index within the block in a 16-bit word, and the delay and the weight
// each in the narrowest form that represents every value of this block exactly; a block of few
// targets keeps the delay in the bits of the target's word the target leaves free.
//
// Which row a source has is the block's own business and costs what the block holds, not what
// the network holds: a block whose rows come from a few of the network's sources (a part of a
// large, local network) lists those sources in a source_index (64-bit ids in the bits of their
// spacing, ~2.4 bytes each on a sheet's rank) and finds a spike's row by binary search; a block
// that hears from most sources (rows indexed by source directly) keeps one offset per source,
// which is then smaller than the list and needs no search. Offsets are coded either way (a bit
// a row and a bit a synapse when rows are short), so that bytes per synapse stay flat however
// finely a network is cut.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/index_range.hpp"
#include "network/grouped_sequence.hpp"
#include "network/packed_words.hpp"
#include "network/source_index.hpp"
#include "network/unary_sequence.hpp"

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
    packed,    // per synapse, above min_delay, in the bits of its target word the target leaves
    runs,      // per row, runs of equal delay (rows are sorted by delay): 6 bytes per run
    u8,        // per synapse, delays <= 255 steps
    u16,
};

[[nodiscard]] std::string_view to_string(weight_kind k);
[[nodiscard]] std::string_view to_string(delay_kind k);

// A block's row offsets (row r's synapses are [offset r, offset r + 1)): a plain array while
// the block is built, then coded in whichever of two forms is smaller: by spacing in groups
// (rows of many synapses, or few rows with synapses among many empty ones) or by steps in unary
// (rows of a synapse or two, most rows used: the form of a finely cut network's blocks).
class row_offset_table {
public:
    [[nodiscard]] std::vector<std::uint32_t>& building() { return plain_; }
    // Bytes the offsets would hold once frozen.
    [[nodiscard]] static std::size_t coded_bytes(std::span<const std::uint32_t> offsets);
    void freeze();
    [[nodiscard]] std::uint64_t operator[](std::uint32_t r) const {
        switch (form_) {
            case form::plain:
                return plain_[r];
            case form::grouped:
                return grouped_[r];
            case form::unary:
                return unary_[r];
        }
        return 0;
    }
    // Offsets r and r + 1: row r's synapses.
    [[nodiscard]] std::pair<std::uint64_t, std::uint64_t> row(std::uint32_t r) const {
        if (form_ == form::unary) {
            return unary_.pair_at(r);
        }
        return {(*this)[r], (*this)[r + 1]};
    }
    [[nodiscard]] std::uint32_t size() const {
        switch (form_) {
            case form::plain:
                return static_cast<std::uint32_t>(plain_.size());
            case form::grouped:
                return grouped_.size();
            case form::unary:
                return unary_.size();
        }
        return 0;
    }
    [[nodiscard]] bool empty() const { return size() == 0; }
    [[nodiscard]] std::uint64_t back() const { return (*this)[size() - 1]; }
    [[nodiscard]] std::size_t bytes() const {
        return plain_.capacity() * sizeof(std::uint32_t) + grouped_.bytes() + unary_.bytes();
    }
    [[nodiscard]] std::string_view form_name() const;

private:
    enum class form : std::uint8_t { plain, grouped, unary };
    std::vector<std::uint32_t> plain_;
    grouped_sequence grouped_;
    unary_sequence unary_;
    form form_ = form::plain;
};

struct synapse_block {
    static constexpr std::uint32_t no_row = UINT32_MAX;

    index_range targets;  // at most max_block_targets neurons
    // Sparse rows: row r holds source row_source[r] (sorted, unique). Dense rows (row_source
    // empty): row r holds source r, for every source of the network.
    source_index row_source;
    row_offset_table row_offsets;  // one per row, plus one (< 2^32 synapses a block)
    // Per synapse: its target's index within `targets` in the low `target_bits` bits; with
    // packed delays, its delay minus min_delay above them (a block of few targets keeps both
    // in 2 bytes).
    std::vector<std::uint16_t> target_word;
    std::uint8_t target_bits = 16;

    delay_kind delays = delay_kind::constant;
    std::uint16_t constant_delay = 0;
    std::vector<std::uint8_t> delay_u8;
    std::vector<std::uint16_t> delay_u16;
    row_offset_table run_offsets;  // runs of row r: [run_offsets[r], run_offsets[r + 1])
    // Per run: its end (row-relative, one past its last synapse) in the low `run_end_bits`
    // bits, its delay minus min_delay above them.
    packed_words runs;
    std::uint8_t run_end_bits = 0;

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

    [[nodiscard]] std::uint64_t size() const { return target_word.size(); }
    [[nodiscard]] std::uint32_t target_mask() const {
        return (std::uint32_t{1} << target_bits) - 1;
    }
    // Synapse k's target, within `targets`.
    [[nodiscard]] std::uint16_t target_of(std::uint64_t k) const {
        return static_cast<std::uint16_t>(target_word[k] & target_mask());
    }
    [[nodiscard]] bool dense() const { return row_source.empty(); }
    [[nodiscard]] std::uint32_t rows() const {
        return row_offsets.empty() ? 0 : row_offsets.size() - 1;
    }
    [[nodiscard]] neuron_id source_of(std::uint32_t row) const {
        return dense() ? row : row_source[row];
    }
    // The row of `source`, or no_row when it has no synapse here.
    [[nodiscard]] std::uint32_t row_of(neuron_id source) const {
        if (dense()) {
            return source < rows() ? static_cast<std::uint32_t>(source) : no_row;
        }
        static_assert(source_index::npos == no_row);
        return row_source.find(source);
    }
    // Calls f(source, begin, end) for every row with synapses, in source order.
    template <class F>
    void for_each_row(F&& f) const {
        auto visit = [&](std::uint32_t r, neuron_id source) {
            const auto [begin, end] = row_offsets.row(r);
            if (end > begin) {
                f(source, begin, end);
            }
        };
        if (dense()) {
            for (std::uint32_t r = 0; r < rows(); ++r) {
                visit(r, r);
            }
        } else {
            row_source.for_each(visit);
        }
    }
    // Run `run`'s end within its row and its delay.
    [[nodiscard]] std::uint64_t run_end(std::uint64_t run) const {
        return runs[run] & ((std::uint64_t{1} << run_end_bits) - 1);
    }
    [[nodiscard]] std::uint16_t run_delay(std::uint64_t run) const {
        return static_cast<std::uint16_t>(min_delay + (runs[run] >> run_end_bits));
    }
    // Delay of synapse k of row `row` (the row is needed for the run form).
    [[nodiscard]] std::uint16_t delay(std::uint32_t row, std::uint64_t k) const;
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

namespace detail {

// A block's delays as they are placed: one byte each while every delay fits, two after.
class delay_collector {
public:
    explicit delay_collector(std::uint64_t n) : narrow_(n) {}
    void set(std::uint64_t k, std::uint16_t d) {
        if (!wide_) {
            if (d <= 255) {
                narrow_[k] = static_cast<std::uint8_t>(d);
                return;
            }
            widen();
        }
        wide_values_[k] = d;
    }
    [[nodiscard]] std::uint16_t get(std::uint64_t k) const {
        return wide_ ? wide_values_[k] : narrow_[k];
    }
    [[nodiscard]] bool wide() const { return wide_; }
    std::vector<std::uint8_t>& narrow() { return narrow_; }
    std::vector<std::uint16_t>& wide_values() { return wide_values_; }

private:
    void widen();
    bool wide_ = false;
    std::vector<std::uint8_t> narrow_;
    std::vector<std::uint16_t> wide_values_;
};

// A block's weights as they are placed, in 2 bytes a synapse while that can hold them exactly:
// integer multiples of the hinted quantum (the form most generated networks end in), else
// codes into a table of the distinct values met so far (at most 65,536), else floats. The
// final form is chosen when the block is complete (finish_synapse_block), mostly in place, so
// that building never holds a float per synapse beside the final array.
class weight_collector {
public:
    weight_collector(std::uint64_t n, double quantum);
    void set(std::uint64_t k, float w) {
        if (state_ == state::scaled) {
            // Rounded half away from zero as std::round does, inline (std::round is a libm call
            // per synapse); |x| <= 32767.5 keeps the cast in range.
            const double x = static_cast<double>(w) / quantum_;
            const double m =
                std::abs(x) <= 32767.5
                    ? static_cast<double>(static_cast<std::int32_t>(x < 0.0 ? x - 0.5 : x + 0.5))
                    : 65536.0;
            if (std::abs(m) <= 32767.0 && static_cast<float>(m * quantum_) == w) {
                const auto code = static_cast<std::int16_t>(m);
                const auto bits = static_cast<std::uint16_t>(code);
                scaled_codes_[k] = code;
                seen_[bits >> 6] |= std::uint64_t{1} << (bits & 63);
                return;
            }
            scaled_to_table();
        }
        if (state_ == state::table && set_code(k, w)) {
            return;
        }
        values_[k] = w;
    }
    [[nodiscard]] float get(std::uint64_t k) const;

    enum class state : std::uint8_t { scaled, table, values };
    state state_;
    double quantum_;
    std::vector<std::int16_t> scaled_codes_;  // scaled: weight = code x quantum
    std::vector<std::uint64_t> seen_;         // scaled: which of the 65,536 codes occur
    std::vector<std::uint16_t> table_codes_;  // table: index into table_
    std::vector<float> table_;                // table: distinct values, by first appearance
    std::unordered_map<std::uint32_t, std::uint16_t> index_;  // table: value bits -> code
    std::uint32_t last_bits_ = 0;
    std::uint16_t last_code_ = 0;
    bool has_last_ = false;
    std::vector<float> values_;  // values: one float per synapse

private:
    bool set_code(std::uint64_t k, float w);
    void scaled_to_table();
    void table_to_values();
};

}  // namespace detail

// Sorts each row by delay (stably, keeping target order) and picks the narrowest delay and
// weight forms (internal to build_synapse_block).
void finish_synapse_block(synapse_block& b, detail::delay_collector&& delays,
                          detail::weight_collector&& weights);

namespace detail {
// Pass one only collects sources: generators may skip drawing weights and delays when
// `Emit::needs_values` is false (draws come from separate streams, so sources do not shift).
struct source_emitter {
    static constexpr bool needs_values = false;
    std::vector<neuron_id>* out;
    void operator()(neuron_id source, neuron_id, float, std::uint16_t) const {
        out->push_back(source);
    }
};
// Networks of at most this many neurons are counted in one array over their sources (16 MiB
// of counters per building thread); larger ones chunk by chunk (row_counter), so that counting
// a part of a 10^9-neuron network holds only what the part hears from.
inline constexpr std::uint32_t dense_count_limit = 1u << 22;
struct dense_counter {
    static constexpr bool needs_values = false;
    std::uint32_t* count;
    void operator()(neuron_id source, neuron_id, float, std::uint16_t) const { ++count[source]; }
};
// The rows of a block being counted: its sources (sorted, unique) and their synapse counts,
// merged chunk by chunk so that counting never holds more than one chunk's sources and the
// block's own rows (never an array over the network's sources).
struct row_counter {
    std::vector<neuron_id> sources;
    std::vector<std::uint32_t> counts;  // a block holds fewer than 2^32 synapses
    std::vector<neuron_id> scratch;
    std::vector<neuron_id> merged_sources;
    std::vector<std::uint32_t> merged_counts;
    void add(std::vector<neuron_id>& chunk_sources);
};
// Chooses the row form (sparse unless dense is smaller), fills row_source and row_offsets.
void lay_out_rows(synapse_block& b, neuron_id n_sources, row_counter&& counted);
// Pass two collects a chunk of targets' synapses in generation order...
struct pending_synapse {
    neuron_id source;
    std::uint16_t target;  // within the block
    std::uint16_t delay;
    float weight;
};
struct collecting_emitter {
    static constexpr bool needs_values = true;
    std::vector<pending_synapse>* out;
    neuron_id first;
    void operator()(neuron_id source, neuron_id target, float w, std::uint16_t d) const {
        out->push_back({source, static_cast<std::uint16_t>(target - first), d, w});
    }
};
// ...and places it into the rows: a stable radix sort by source, then one contiguous copy per
// (source, chunk). Writing each synapse straight to its row instead costs a cache miss per
// synapse (rows are scattered over gigabytes); this way a chunk makes one jump per source.
struct row_filler {
    synapse_block& b;
    std::vector<std::uint32_t> cursor;  // per row (a block holds fewer than 2^32 synapses)
    delay_collector delays;
    weight_collector weights;
    std::vector<std::uint32_t> in_degree;
    std::vector<pending_synapse> scratch;
    void place(std::vector<pending_synapse>& chunk);
};
}  // namespace detail

// Collects a block's synapses in two passes over a deterministic generator: the first counts
// synapses per source, the second fills the rows. Memory peaks near the final size (plus a
// byte or two per synapse, see the collectors, and one chunk), never at a whole-network edge
// list.
//
// Gen is called as gen(targets, emit) and must call emit(source, target, weight, delay_steps)
// for every synapse onto `targets`, in the same order on both calls, targets in increasing
// order (so that rows come out sorted by target within each delay).
template <class Gen>
synapse_block build_synapse_block(neuron_id n_sources, index_range targets, Gen&& gen,
                                  const synapse_hints& hints = {}) {
    synapse_block b;
    b.targets = targets;
    if (n_sources <= detail::dense_count_limit) {
        // A network this small is counted in one array over its sources (at most 16 MiB).
        std::vector<std::uint32_t> count(n_sources, 0);
        gen(targets, detail::dense_counter{count.data()});
        detail::row_counter counter;
        for (neuron_id s = 0; s < n_sources; ++s) {
            if (count[s] > 0) {
                counter.sources.push_back(s);
                counter.counts.push_back(count[s]);
            }
        }
        detail::lay_out_rows(b, n_sources, std::move(counter));
    } else {
        // Counted in chunks of about 2^20 synapses (16 MiB of 64-bit ids with the sort's
        // scratch), sized from the synapses per target so far (the first chunk, 64 targets, is
        // the probe).
        detail::row_counter counter;
        std::vector<neuron_id> sources;
        std::uint64_t seen = 0;
        std::uint32_t step = 0;
        for (neuron_id first = targets.first; first < targets.last; first += step) {
            const std::uint64_t done = first - targets.first;
            const std::uint64_t wanted =
                done == 0 ? 64 : (std::uint64_t{1} << 20) * done / std::max<std::uint64_t>(1, seen);
            step = static_cast<std::uint32_t>(
                std::clamp<std::uint64_t>(wanted, 1, targets.last - first));
            sources.clear();
            gen(index_range{first, first + step}, detail::source_emitter{&sources});
            seen += sources.size();
            counter.add(sources);
        }
        detail::lay_out_rows(b, n_sources, std::move(counter));
    }
    const std::uint64_t total = b.row_offsets.back();
    b.target_word.resize(total);
    detail::row_filler fill{b,
                            {b.row_offsets.building().begin(), b.row_offsets.building().end() - 1},
                            detail::delay_collector(total),
                            detail::weight_collector(total, hints.weight_quantum),
                            std::vector<std::uint32_t>(targets.size(), 0),
                            {}};
    // Chunks of about 2^19 synapses (12 MiB while they are placed, with the sort's scratch):
    // enough synapses per source and chunk (7 in the full microcircuit) that each jump to a row
    // writes a run, not one synapse. Full microcircuit, 2 threads: 2^18 builds in 19 s, 2^19 in
    // 16.5 s with a build peak 1.22x the steady state, 2^20 in 15.9 s at 1.26x (15.3 s and
    // 2.4x before the collectors, with 2^22).
    const std::uint64_t per_target = total / std::max<std::uint64_t>(1, targets.size()) + 1;
    const auto chunk_targets = static_cast<std::uint32_t>(
        std::max<std::uint64_t>(1, (std::uint64_t{1} << 19) / per_target));
    std::vector<detail::pending_synapse> chunk;
    for (neuron_id first = targets.first; first < targets.last; first += chunk_targets) {
        const index_range part{first, std::min(targets.last, first + chunk_targets)};
        chunk.clear();
        gen(part, detail::collecting_emitter{&chunk, targets.first});
        fill.place(chunk);
    }
    for (std::uint32_t n : fill.in_degree) {
        b.max_in_degree = n > b.max_in_degree ? n : b.max_in_degree;
    }
    // Assigning a new empty vector frees it (`v = {}` clears it and keeps the capacity).
    fill.cursor = decltype(fill.cursor)();
    fill.scratch = decltype(fill.scratch)();
    finish_synapse_block(b, std::move(fill.delays), std::move(fill.weights));
    return b;
}

}  // namespace brainemu
