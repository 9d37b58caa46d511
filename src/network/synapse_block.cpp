#include "network/synapse_block.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include "core/assert.hpp"
#include "core/input_error.hpp"

namespace brainemu {

std::string_view to_string(weight_kind k) {
    switch (k) {
        case weight_kind::table_u8:
            return "table_u8";
        case weight_kind::table_u16:
            return "table_u16";
        case weight_kind::scaled_i16:
            return "scaled_i16";
        case weight_kind::f32:
            return "f32";
    }
    return "?";
}

std::string_view to_string(delay_kind k) {
    switch (k) {
        case delay_kind::constant:
            return "constant";
        case delay_kind::packed:
            return "packed";
        case delay_kind::runs:
            return "runs";
        case delay_kind::u8:
            return "u8";
        case delay_kind::u16:
            return "u16";
    }
    return "?";
}

namespace {
// The unary form's size when it can hold `offsets`, else nothing fits (SIZE_MAX).
std::size_t unary_bytes(std::span<const std::uint32_t> offsets) {
    if (offsets.empty()) {
        return SIZE_MAX;
    }
    const std::uint64_t climb = offsets.back() - offsets.front();
    return unary_sequence::bits_for(offsets.size(), climb) < UINT32_MAX
               ? unary_sequence::bytes_for(offsets.size(), climb)
               : SIZE_MAX;
}
}  // namespace

std::size_t row_offset_table::coded_bytes(std::span<const std::uint32_t> offsets) {
    return std::min(grouped_sequence::bytes_for(offsets), unary_bytes(offsets));
}

void row_offset_table::freeze() {
    const std::span<const std::uint32_t> offsets(plain_);
    if (unary_bytes(offsets) < grouped_sequence::bytes_for(offsets)) {
        unary_ = unary_sequence(offsets);
        form_ = form::unary;
    } else {
        grouped_ = grouped_sequence(offsets);
        form_ = form::grouped;
    }
    plain_ = decltype(plain_)();
}

std::string_view row_offset_table::form_name() const {
    switch (form_) {
        case form::plain:
            return "plain";
        case form::grouped:
            return "grouped";
        case form::unary:
            return "unary";
    }
    return "?";
}

std::uint16_t synapse_block::delay(std::uint32_t row, std::uint64_t k) const {
    switch (delays) {
        case delay_kind::constant:
            return constant_delay;
        case delay_kind::packed:
            return static_cast<std::uint16_t>(min_delay + (target_word[k] >> target_bits));
        case delay_kind::u8:
            return delay_u8[k];
        case delay_kind::u16:
            return delay_u16[k];
        case delay_kind::runs: {
            const std::uint64_t in_row = k - row_offsets[row];
            const auto [first_run, end_run] = run_offsets.row(row);
            for (std::uint64_t r = first_run; r < end_run; ++r) {
                if (in_row < run_end(r)) {
                    return run_delay(r);
                }
            }
            return 0;
        }
    }
    return 0;
}

std::size_t synapse_block::bytes() const {
    return row_source.bytes() + row_offsets.bytes() +
           target_word.capacity() * sizeof(std::uint16_t) + delay_u8.capacity() +
           delay_u16.capacity() * sizeof(std::uint16_t) + run_offsets.bytes() + runs.bytes() +
           weight_table.capacity() * sizeof(float) + weight_u8.capacity() +
           weight_u16.capacity() * sizeof(std::uint16_t) +
           weight_i16.capacity() * sizeof(std::int16_t) + weight_f32.capacity() * sizeof(float);
}

namespace detail {

namespace {

// Sorts by key, stably: least significant digit first, 11 bits a pass, as many passes as the
// largest key needs.
template <class T, class Key>
void radix_sort(std::vector<T>& v, std::vector<T>& scratch, Key key) {
    constexpr int bits = 11;
    constexpr std::uint32_t buckets = 1u << bits;
    using K = decltype(key(v.front()));
    K max_key = 0;
    for (const T& x : v) {
        max_key = std::max(max_key, key(x));
    }
    scratch.resize(v.size());
    std::vector<std::uint64_t> count(buckets + 1);
    constexpr int key_bits = 8 * sizeof(K);
    for (int shift = 0; shift == 0 || (shift < key_bits && (max_key >> shift) > 0); shift += bits) {
        std::fill(count.begin(), count.end(), 0);
        for (const T& x : v) {
            ++count[((key(x) >> shift) & (buckets - 1)) + 1];
        }
        for (std::uint32_t d = 0; d < buckets; ++d) {
            count[d + 1] += count[d];
        }
        for (const T& x : v) {
            scratch[count[(key(x) >> shift) & (buckets - 1)]++] = x;
        }
        v.swap(scratch);
    }
}

}  // namespace

void delay_collector::widen() {
    wide_values_.assign(narrow_.begin(), narrow_.end());
    narrow_ = decltype(narrow_)();
    wide_ = true;
}

weight_collector::weight_collector(std::uint64_t n, double quantum)
    : state_(quantum > 0.0 ? state::scaled : state::table), quantum_(quantum) {
    if (state_ == state::scaled) {
        scaled_codes_.resize(n);
        seen_.assign(65536 / 64, 0);
    } else {
        table_codes_.resize(n);
    }
}

float weight_collector::get(std::uint64_t k) const {
    switch (state_) {
        case state::scaled:
            return static_cast<float>(static_cast<double>(scaled_codes_[k]) * quantum_);
        case state::table:
            return table_[table_codes_[k]];
        case state::values:
            return values_[k];
    }
    return 0.0f;
}

bool weight_collector::set_code(std::uint64_t k, float w) {
    const auto bits = std::bit_cast<std::uint32_t>(w);
    if (!has_last_ || bits != last_bits_) {
        auto it = index_.find(bits);
        if (it == index_.end()) {
            if (table_.size() == 65536) {
                table_to_values();
                return false;
            }
            it = index_.emplace(bits, static_cast<std::uint16_t>(table_.size())).first;
            table_.push_back(w);
        }
        last_bits_ = bits;
        last_code_ = it->second;
        has_last_ = true;
    }
    table_codes_[k] = last_code_;
    return true;
}

// A weight off the quantum's grid: the codes so far become a table of their values (the
// slots not yet set hold code 0 and are overwritten later, whatever they map to).
void weight_collector::scaled_to_table() {
    std::vector<std::uint16_t> lut(65536, 0);
    for (std::uint32_t bits = 0; bits < 65536; ++bits) {
        if ((seen_[bits >> 6] >> (bits & 63) & 1) != 0) {
            const auto code = static_cast<std::int16_t>(static_cast<std::uint16_t>(bits));
            const auto w = static_cast<float>(static_cast<double>(code) * quantum_);
            lut[bits] = static_cast<std::uint16_t>(table_.size());
            index_.emplace(std::bit_cast<std::uint32_t>(w), lut[bits]);
            table_.push_back(w);
        }
    }
    table_codes_.resize(scaled_codes_.size());
    for (std::size_t k = 0; k < scaled_codes_.size(); ++k) {
        table_codes_[k] = lut[static_cast<std::uint16_t>(scaled_codes_[k])];
    }
    scaled_codes_ = decltype(scaled_codes_)();
    seen_ = decltype(seen_)();
    state_ = state::table;
}

void weight_collector::table_to_values() {
    values_.resize(table_codes_.size());
    for (std::size_t k = 0; k < table_codes_.size(); ++k) {
        values_[k] = table_[table_codes_[k]];
    }
    table_codes_ = decltype(table_codes_)();
    table_ = decltype(table_)();
    index_ = decltype(index_)();
    state_ = state::values;
}

void row_counter::add(std::vector<neuron_id>& chunk_sources) {
    radix_sort(chunk_sources, scratch, [](neuron_id s) { return s; });
    merged_sources.clear();
    merged_counts.clear();
    std::size_t i = 0;
    for (std::size_t k = 0; k < chunk_sources.size();) {
        const neuron_id s = chunk_sources[k];
        std::size_t j = k;
        while (j < chunk_sources.size() && chunk_sources[j] == s) {
            ++j;
        }
        for (; i < sources.size() && sources[i] < s; ++i) {
            merged_sources.push_back(sources[i]);
            merged_counts.push_back(counts[i]);
        }
        std::uint64_t n = j - k;
        if (i < sources.size() && sources[i] == s) {
            n += counts[i++];
        }
        if (n > UINT32_MAX) {
            throw resource_error(fmt::format(
                "neuron {} would make more than 2^32 - 1 synapses in one block of 65,536 targets",
                s));
        }
        merged_sources.push_back(s);
        merged_counts.push_back(static_cast<std::uint32_t>(n));
        k = j;
    }
    merged_sources.insert(merged_sources.end(), sources.begin() + static_cast<long>(i),
                          sources.end());
    merged_counts.insert(merged_counts.end(), counts.begin() + static_cast<long>(i), counts.end());
    sources.swap(merged_sources);
    counts.swap(merged_counts);
}

void lay_out_rows(synapse_block& b, neuron_id n_sources, row_counter&& counted) {
    BE_ASSERT(counted.sources.empty() || counted.sources.back() < n_sources,
              "a generator named a source outside the network");
    const std::uint64_t d = counted.sources.size();
    std::uint64_t total = 0;
    for (std::uint64_t c : counted.counts) {
        total += c;
    }
    if (total > UINT32_MAX) {
        throw resource_error(fmt::format(
            "the synapse block of neurons [{}, {}) would hold {} synapses; a block holds at most "
            "2^32 - 1 (an average in-degree of 65,535 over its 65,536 targets)",
            b.targets.first, b.targets.last, total));
    }
    // Each form is priced as it will be held: sparse rows their sources' index and their
    // offsets, dense rows an offset per source of the network, both coded (row_offset_table).
    // Dense wins a tie (no search). Dense offsets cost at least a bit a source (the unary
    // form), so a network too large for that is not laid out densely even to be priced.
    std::vector<std::uint32_t> offsets(d + 1, 0);
    for (std::size_t i = 0; i < d; ++i) {
        offsets[i + 1] = offsets[i] + counted.counts[i];  // total < 2^32
    }
    source_index sparse(counted.sources);
    const std::size_t sparse_bytes = sparse.bytes() + row_offset_table::coded_bytes(offsets);
    if (d > 0 && (n_sources + 1) / 8 < sparse_bytes) {
        std::vector<std::uint32_t> dense(n_sources + 1, 0);
        for (std::size_t i = 0; i < d; ++i) {
            dense[counted.sources[i] + 1] = counted.counts[i];
        }
        for (std::size_t r = 1; r < dense.size(); ++r) {
            dense[r] += dense[r - 1];
        }
        if (row_offset_table::coded_bytes(dense) <= sparse_bytes) {
            b.row_offsets.building() = std::move(dense);
            return;
        }
    }
    b.row_source = std::move(sparse);
    b.row_offsets.building() = std::move(offsets);
}

void row_filler::place(std::vector<pending_synapse>& chunk) {
    // Stable, so each row keeps generation order.
    radix_sort(chunk, scratch, [](const pending_synapse& p) { return p.source; });
    std::uint32_t row = 0;
    neuron_id last_source = UINT64_MAX;
    for (const pending_synapse& p : chunk) {
        if (p.source != last_source) {
            last_source = p.source;
            row = b.row_of(p.source);
            BE_ASSERT(row != synapse_block::no_row,
                      "a generator emitted a synapse it did not count");
        }
        const std::uint64_t k = cursor[row]++;
        b.target_word[k] = p.target;
        delays.set(k, p.delay);
        weights.set(k, p.weight);
        ++in_degree[p.target];
    }
}

}  // namespace detail

namespace {

// Moves the elements of v in [begin, begin + pos.size()) so that element i goes to pos[i].
template <class T>
void permute_row(std::vector<T>& v, std::uint64_t begin, const std::vector<std::uint32_t>& pos,
                 std::vector<T>& tmp) {
    tmp.resize(pos.size());
    for (std::size_t i = 0; i < pos.size(); ++i) {
        tmp[pos[i]] = v[begin + i];
    }
    std::copy(tmp.begin(), tmp.end(), v.begin() + static_cast<long>(begin));
}

// Stable counting sort of every row by delay: targets keep their increasing order within a
// delay, so one spike's writes go slot by slot, each slot in address order.
void sort_rows_by_delay(synapse_block& b, detail::delay_collector& delays,
                        detail::weight_collector& weights) {
    using state = detail::weight_collector::state;
    std::vector<std::uint32_t> count(std::size_t{b.max_delay} + 2, 0);
    std::vector<std::uint32_t> pos;
    std::vector<std::uint16_t> u16_tmp;
    std::vector<std::uint8_t> u8_tmp;
    std::vector<std::int16_t> i16_tmp;
    std::vector<float> f_tmp;
    for (std::uint32_t row = 0; row < b.rows(); ++row) {
        const std::uint64_t begin = b.row_offsets[row], end = b.row_offsets[row + 1];
        if (end - begin < 2) {
            continue;
        }
        std::uint16_t d0 = UINT16_MAX, d1 = 0;
        for (std::uint64_t k = begin; k < end; ++k) {
            d0 = std::min(d0, delays.get(k));
            d1 = std::max(d1, delays.get(k));
        }
        if (d0 == d1) {
            continue;
        }
        std::fill(count.begin() + d0, count.begin() + d1 + 2, 0u);
        for (std::uint64_t k = begin; k < end; ++k) {
            ++count[delays.get(k) + 1u];
        }
        for (std::uint32_t d = d0; d <= d1; ++d) {
            count[d + 1] += count[d];
        }
        pos.resize(end - begin);
        for (std::uint64_t k = begin; k < end; ++k) {
            pos[k - begin] = count[delays.get(k)]++;
        }
        permute_row(b.target_word, begin, pos, u16_tmp);
        if (delays.wide()) {
            permute_row(delays.wide_values(), begin, pos, u16_tmp);
        } else {
            permute_row(delays.narrow(), begin, pos, u8_tmp);
        }
        switch (weights.state_) {
            case state::scaled:
                permute_row(weights.scaled_codes_, begin, pos, i16_tmp);
                break;
            case state::table:
                permute_row(weights.table_codes_, begin, pos, u16_tmp);
                break;
            case state::values:
                permute_row(weights.values_, begin, pos, f_tmp);
                break;
        }
    }
}

// Packed beats every other form (no byte of its own); then runs (each its end and its delay
// in the bits they need) or one value per synapse, whichever is smaller.
void choose_delay_form(synapse_block& b, detail::delay_collector&& delays) {
    if (b.min_delay == b.max_delay) {
        b.delays = delay_kind::constant;
        b.constant_delay = b.min_delay;
        return;
    }
    const auto target_bits =
        static_cast<unsigned>(std::bit_width(static_cast<std::uint32_t>(b.targets.size() - 1)));
    const auto delay_bits =
        static_cast<unsigned>(std::bit_width(static_cast<unsigned>(b.max_delay - b.min_delay)));
    if (target_bits + delay_bits <= 16) {
        b.delays = delay_kind::packed;
        b.target_bits = static_cast<std::uint8_t>(target_bits);
        for (std::uint64_t k = 0; k < b.size(); ++k) {
            b.target_word[k] = static_cast<std::uint16_t>(
                b.target_word[k] | (delays.get(k) - b.min_delay) << target_bits);
        }
        return;
    }
    const std::uint32_t rows = b.rows();
    std::vector<std::uint32_t>& run_offsets = b.run_offsets.building();
    run_offsets.assign(std::size_t{rows} + 1, 0);
    std::uint64_t runs = 0, longest_row = 0;
    for (std::uint32_t r = 0; r < rows; ++r) {
        const auto [begin, end] = b.row_offsets.row(r);
        for (std::uint64_t k = begin; k < end; ++k) {
            runs += (k == begin || delays.get(k) != delays.get(k - 1)) ? 1 : 0;
        }
        longest_row = std::max(longest_row, end - begin);
        run_offsets[r + 1] = static_cast<std::uint32_t>(std::min<std::uint64_t>(runs, UINT32_MAX));
    }
    const auto end_bits = static_cast<unsigned>(std::bit_width(longest_row));
    const unsigned width = end_bits + delay_bits;  // <= 32 + 16
    const std::uint64_t per_synapse = b.size() * (b.max_delay <= 255 ? 1u : 2u);
    if (runs < UINT32_MAX &&
        packed_words::bytes_for(width, runs) + row_offset_table::coded_bytes(run_offsets) <
            per_synapse) {
        b.delays = delay_kind::runs;
        b.run_offsets.freeze();
        b.run_end_bits = static_cast<std::uint8_t>(end_bits);
        b.runs = packed_words(width, runs);
        std::uint64_t run = 0;
        for (std::uint32_t r = 0; r < rows; ++r) {
            const auto [begin, end] = b.row_offsets.row(r);
            for (std::uint64_t k = begin; k < end; ++k) {
                if (k + 1 == end || delays.get(k) != delays.get(k + 1)) {  // a run ends at k
                    const std::uint64_t d = delays.get(k) - b.min_delay;
                    b.runs.set(run++, d << end_bits | (k + 1 - begin));
                }
            }
        }
        return;
    }
    b.run_offsets = row_offset_table();
    if (!delays.wide()) {  // every delay <= 255
        b.delays = delay_kind::u8;
        b.delay_u8 = std::move(delays.narrow());
    } else {
        b.delays = delay_kind::u16;
        b.delay_u16 = std::move(delays.wide_values());
    }
}

// The table's values sorted by bit pattern (so that equal networks give equal tables whatever
// the order) and each old code's new index.
std::vector<std::uint32_t> sort_table(std::vector<float>& table) {
    std::vector<std::uint32_t> order(table.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
        return std::bit_cast<std::uint32_t>(table[x]) < std::bit_cast<std::uint32_t>(table[y]);
    });
    std::vector<std::uint32_t> new_code(table.size());
    std::vector<float> sorted(table.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) {
        new_code[order[i]] = i;
        sorted[i] = table[order[i]];
    }
    table = std::move(sorted);
    return new_code;
}

// A 1-byte table beats everything; then the scaled form (2 bytes, no table to look up); then
// a 2-byte table; then floats. The collector has already ruled out what could not hold every
// weight exactly.
void choose_weight_form(synapse_block& b, detail::weight_collector&& w) {
    using state = detail::weight_collector::state;
    if (w.state_ == state::values) {
        for (float x : w.values_) {
            b.max_abs_weight = std::max(b.max_abs_weight, std::abs(x));
        }
        b.weights = weight_kind::f32;
        b.weight_f32 = std::move(w.values_);
        return;
    }
    if (w.state_ == state::scaled) {
        std::uint32_t distinct = 0;
        for (std::uint64_t word : w.seen_) {
            distinct += static_cast<std::uint32_t>(std::popcount(word));
        }
        if (distinct > 256) {
            for (std::uint32_t bits = 0; bits < 65536; ++bits) {
                if ((w.seen_[bits >> 6] >> (bits & 63) & 1) != 0) {
                    const auto code = static_cast<std::int16_t>(static_cast<std::uint16_t>(bits));
                    b.max_abs_weight = std::max(
                        b.max_abs_weight,
                        std::abs(static_cast<float>(static_cast<double>(code) * w.quantum_)));
                }
            }
            b.weights = weight_kind::scaled_i16;
            b.weight_quantum = w.quantum_;
            b.weight_i16 = std::move(w.scaled_codes_);
            return;
        }
        // Few values: a 1-byte table, straight from the codes.
        std::vector<std::uint16_t> slot(65536, 0);
        for (std::uint32_t bits = 0; bits < 65536; ++bits) {
            if ((w.seen_[bits >> 6] >> (bits & 63) & 1) != 0) {
                const auto code = static_cast<std::int16_t>(static_cast<std::uint16_t>(bits));
                slot[bits] = static_cast<std::uint16_t>(b.weight_table.size());
                b.weight_table.push_back(
                    static_cast<float>(static_cast<double>(code) * w.quantum_));
            }
        }
        for (float x : b.weight_table) {
            b.max_abs_weight = std::max(b.max_abs_weight, std::abs(x));
        }
        const std::vector<std::uint32_t> new_code = sort_table(b.weight_table);
        b.weights = weight_kind::table_u8;
        b.weight_u8.resize(w.scaled_codes_.size());
        for (std::size_t k = 0; k < w.scaled_codes_.size(); ++k) {
            b.weight_u8[k] = static_cast<std::uint8_t>(
                new_code[slot[static_cast<std::uint16_t>(w.scaled_codes_[k])]]);
        }
        return;
    }
    for (float x : w.table_) {
        b.max_abs_weight = std::max(b.max_abs_weight, std::abs(x));
    }
    const std::vector<std::uint32_t> new_code = sort_table(w.table_);
    b.weight_table = std::move(w.table_);
    if (b.weight_table.size() <= 256) {
        b.weights = weight_kind::table_u8;
        b.weight_u8.resize(w.table_codes_.size());
        for (std::size_t k = 0; k < w.table_codes_.size(); ++k) {
            b.weight_u8[k] = static_cast<std::uint8_t>(new_code[w.table_codes_[k]]);
        }
    } else {
        b.weights = weight_kind::table_u16;
        for (std::uint16_t& c : w.table_codes_) {
            c = static_cast<std::uint16_t>(new_code[c]);
        }
        b.weight_u16 = std::move(w.table_codes_);
    }
}

}  // namespace

void finish_synapse_block(synapse_block& b, detail::delay_collector&& delays,
                          detail::weight_collector&& weights) {
    if (b.size() > 0) {
        std::uint16_t lo = UINT16_MAX, hi = 0;
        for (std::uint64_t k = 0; k < b.size(); ++k) {
            lo = std::min(lo, delays.get(k));
            hi = std::max(hi, delays.get(k));
        }
        b.min_delay = lo;
        b.max_delay = hi;
        sort_rows_by_delay(b, delays, weights);
        choose_delay_form(b, std::move(delays));
    }
    b.row_offsets.freeze();
    delays = detail::delay_collector(0);  // freed before the weights take their final form
    choose_weight_form(b, std::move(weights));
}

}  // namespace brainemu
