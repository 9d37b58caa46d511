#include "network/synapse_block.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <unordered_map>

#include "core/assert.hpp"

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
        case delay_kind::runs:
            return "runs";
        case delay_kind::u8:
            return "u8";
        case delay_kind::u16:
            return "u16";
    }
    return "?";
}

std::uint16_t synapse_block::delay(std::uint32_t row, std::uint64_t k) const {
    switch (delays) {
        case delay_kind::constant:
            return constant_delay;
        case delay_kind::u8:
            return delay_u8[k];
        case delay_kind::u16:
            return delay_u16[k];
        case delay_kind::runs: {
            const std::uint64_t in_row = k - row_offsets[row];
            for (std::uint32_t r = run_offsets[row]; r < run_offsets[row + 1]; ++r) {
                if (in_row < run_end[r]) {
                    return run_delay[r];
                }
            }
            return 0;
        }
    }
    return 0;
}

std::size_t synapse_block::bytes() const {
    return row_source.capacity() * sizeof(std::uint32_t) +
           row_offsets.capacity() * sizeof(std::uint64_t) +
           target.capacity() * sizeof(std::uint16_t) + delay_u8.capacity() +
           delay_u16.capacity() * sizeof(std::uint16_t) +
           run_offsets.capacity() * sizeof(std::uint32_t) +
           run_delay.capacity() * sizeof(std::uint16_t) +
           run_end.capacity() * sizeof(std::uint32_t) + weight_table.capacity() * sizeof(float) +
           weight_u8.capacity() + weight_u16.capacity() * sizeof(std::uint16_t) +
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
    std::uint32_t max_key = 0;
    for (const T& x : v) {
        max_key = std::max(max_key, key(x));
    }
    scratch.resize(v.size());
    std::vector<std::uint64_t> count(buckets + 1);
    for (int shift = 0; shift == 0 || (shift < 32 && (max_key >> shift) > 0); shift += bits) {
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

void row_counter::add(std::vector<std::uint32_t>& chunk_sources) {
    radix_sort(chunk_sources, scratch, [](std::uint32_t s) { return s; });
    merged_sources.clear();
    merged_counts.clear();
    std::size_t i = 0;
    for (std::size_t k = 0; k < chunk_sources.size();) {
        const std::uint32_t s = chunk_sources[k];
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
        merged_sources.push_back(s);
        merged_counts.push_back(n);
        k = j;
    }
    merged_sources.insert(merged_sources.end(), sources.begin() + static_cast<long>(i),
                          sources.end());
    merged_counts.insert(merged_counts.end(), counts.begin() + static_cast<long>(i), counts.end());
    sources.swap(merged_sources);
    counts.swap(merged_counts);
}

void lay_out_rows(synapse_block& b, std::uint32_t n_sources, row_counter&& counted) {
    BE_ASSERT(counted.sources.empty() || counted.sources.back() < n_sources,
              "a generator named a source outside the network");
    // Dense rows cost 8 bytes per source of the network, sparse rows 12 per source with a row
    // here (plus, with runs of delays, 4 more each way): dense when it is not larger.
    const std::uint64_t d = counted.sources.size();
    const bool dense = d > 0 && 2 * std::uint64_t{n_sources} <= 3 * d;
    if (dense) {
        b.row_offsets.assign(std::size_t{n_sources} + 1, 0);
        for (std::size_t i = 0; i < d; ++i) {
            b.row_offsets[counted.sources[i] + 1] = counted.counts[i];
        }
    } else {
        b.row_source = std::move(counted.sources);
        b.row_source.shrink_to_fit();  // merging grew it by doubling
        b.row_offsets.assign(d + 1, 0);
        std::copy(counted.counts.begin(), counted.counts.end(), b.row_offsets.begin() + 1);
    }
    for (std::size_t r = 1; r < b.row_offsets.size(); ++r) {
        b.row_offsets[r] += b.row_offsets[r - 1];
    }
}

void row_filler::place(std::vector<pending_synapse>& chunk) {
    // Stable, so each row keeps generation order.
    radix_sort(chunk, scratch, [](const pending_synapse& p) { return p.source; });
    const std::vector<std::uint32_t>& rows = b.row_source;
    auto next = rows.begin();
    std::uint32_t row = 0;
    std::uint32_t last_source = synapse_block::no_row;
    for (const pending_synapse& p : chunk) {
        if (p.source != last_source) {
            last_source = p.source;
            if (rows.empty()) {
                row = p.source;
            } else {
                next = std::lower_bound(next, rows.end(), p.source);
                BE_ASSERT(next != rows.end() && *next == p.source,
                          "a generator emitted a synapse it did not count");
                row = static_cast<std::uint32_t>(next - rows.begin());
            }
        }
        const std::uint64_t k = cursor[row]++;
        b.target[k] = p.target;
        delays[k] = p.delay;
        weights[k] = p.weight;
        ++in_degree[p.target];
    }
}

}  // namespace detail

namespace {

// Stable counting sort of every row by delay: targets keep their increasing order within a
// delay, so one spike's writes go slot by slot, each slot in address order.
void sort_rows_by_delay(synapse_block& b, std::vector<std::uint16_t>& delays,
                        std::vector<float>& weights) {
    const std::size_t rows = b.row_offsets.size() - 1;
    std::vector<std::uint32_t> count(std::size_t{b.max_delay} + 2, 0);
    std::vector<std::uint16_t> t_tmp, d_tmp;
    std::vector<float> w_tmp;
    for (std::size_t s = 0; s < rows; ++s) {
        const std::uint64_t begin = b.row_offsets[s], end = b.row_offsets[s + 1];
        if (end - begin < 2) {
            continue;
        }
        const auto [lo, hi] = std::minmax_element(delays.begin() + static_cast<long>(begin),
                                                  delays.begin() + static_cast<long>(end));
        if (*lo == *hi) {
            continue;
        }
        const std::uint16_t d0 = *lo, d1 = *hi;
        std::fill(count.begin() + d0, count.begin() + d1 + 2, 0u);
        for (std::uint64_t k = begin; k < end; ++k) {
            ++count[delays[k] + 1u];
        }
        for (std::uint32_t d = d0; d <= d1; ++d) {
            count[d + 1] += count[d];
        }
        const std::uint64_t n = end - begin;
        t_tmp.resize(n);
        d_tmp.resize(n);
        w_tmp.resize(n);
        for (std::uint64_t k = begin; k < end; ++k) {
            const std::uint32_t pos = count[delays[k]]++;
            t_tmp[pos] = b.target[k];
            d_tmp[pos] = delays[k];
            w_tmp[pos] = weights[k];
        }
        std::copy(t_tmp.begin(), t_tmp.end(), b.target.begin() + static_cast<long>(begin));
        std::copy(d_tmp.begin(), d_tmp.end(), delays.begin() + static_cast<long>(begin));
        std::copy(w_tmp.begin(), w_tmp.end(), weights.begin() + static_cast<long>(begin));
    }
}

void choose_delay_form(synapse_block& b, std::vector<std::uint16_t>&& delays) {
    if (b.min_delay == b.max_delay) {
        b.delays = delay_kind::constant;
        b.constant_delay = b.min_delay;
        return;
    }
    const std::size_t rows = b.row_offsets.size() - 1;
    std::uint64_t runs = 0;
    for (std::size_t s = 0; s < rows; ++s) {
        for (std::uint64_t k = b.row_offsets[s]; k < b.row_offsets[s + 1]; ++k) {
            runs += (k == b.row_offsets[s] || delays[k] != delays[k - 1]) ? 1 : 0;
        }
    }
    const std::uint64_t per_synapse = delays.size() * (b.max_delay <= 255 ? 1u : 2u);
    const std::uint64_t as_runs = runs * 6u + (rows + 1) * 4u;
    if (as_runs < per_synapse && runs < UINT32_MAX) {
        b.delays = delay_kind::runs;
        b.run_offsets.reserve(rows + 1);
        b.run_delay.reserve(runs);
        b.run_end.reserve(runs);
        for (std::size_t s = 0; s < rows; ++s) {
            b.run_offsets.push_back(static_cast<std::uint32_t>(b.run_delay.size()));
            const std::uint64_t begin = b.row_offsets[s];
            for (std::uint64_t k = begin; k < b.row_offsets[s + 1]; ++k) {
                if (k == begin || delays[k] != delays[k - 1]) {
                    b.run_delay.push_back(delays[k]);
                    b.run_end.push_back(0);
                }
                b.run_end.back() = static_cast<std::uint32_t>(k + 1 - begin);
            }
        }
        b.run_offsets.push_back(static_cast<std::uint32_t>(b.run_delay.size()));
    } else if (b.max_delay <= 255) {
        b.delays = delay_kind::u8;
        b.delay_u8.assign(delays.begin(), delays.end());
    } else {
        b.delays = delay_kind::u16;
        b.delay_u16 = std::move(delays);
    }
}

// Every weight an exact integer multiple of the quantum, within 16 bits?
bool try_scaled(synapse_block& b, const std::vector<float>& weights, double quantum) {
    if (!(quantum > 0.0)) {
        return false;
    }
    std::vector<std::int16_t> codes(weights.size());
    for (std::size_t k = 0; k < weights.size(); ++k) {
        const double m = std::round(static_cast<double>(weights[k]) / quantum);
        if (std::abs(m) > 32767.0 || static_cast<float>(m * quantum) != weights[k]) {
            return false;
        }
        codes[k] = static_cast<std::int16_t>(m);
    }
    b.weights = weight_kind::scaled_i16;
    b.weight_quantum = quantum;
    b.weight_i16 = std::move(codes);
    return true;
}

void choose_weight_form(synapse_block& b, std::vector<float>&& weights,
                        const synapse_hints& hints) {
    for (float w : weights) {
        b.max_abs_weight = std::max(b.max_abs_weight, std::abs(w));
    }
    // Distinct values by bit pattern (so -0.0 and 0.0 stay distinct and lossless); stop
    // counting as soon as a table could not hold them.
    std::unordered_map<std::uint32_t, std::uint32_t> index;
    auto count_distinct_up_to = [&](std::size_t limit) {
        for (float w : weights) {
            index.try_emplace(std::bit_cast<std::uint32_t>(w), 0u);
            if (index.size() > limit) {
                return;
            }
        }
    };
    // A 1-byte table beats everything; then the scaled form (2 bytes, no table to look up);
    // then a 2-byte table; then floats.
    constexpr std::size_t max_table = 65536;
    count_distinct_up_to(256);
    if (index.size() > 256) {
        if (try_scaled(b, weights, hints.weight_quantum)) {
            return;
        }
        index.clear();
        count_distinct_up_to(max_table);
    }
    if (index.size() > max_table) {
        b.weights = weight_kind::f32;
        b.weight_f32 = std::move(weights);
        return;
    }
    // Table sorted by bit pattern so that equal networks give equal tables whatever the order.
    for (const auto& [bits, unused] : index) {
        b.weight_table.push_back(std::bit_cast<float>(bits));
    }
    std::sort(b.weight_table.begin(), b.weight_table.end(), [](float x, float y) {
        return std::bit_cast<std::uint32_t>(x) < std::bit_cast<std::uint32_t>(y);
    });
    for (std::uint32_t i = 0; i < b.weight_table.size(); ++i) {
        index[std::bit_cast<std::uint32_t>(b.weight_table[i])] = i;
    }
    const auto code = [&](float w) { return index.find(std::bit_cast<std::uint32_t>(w))->second; };
    if (b.weight_table.size() <= 256) {
        b.weights = weight_kind::table_u8;
        b.weight_u8.resize(weights.size());
        for (std::size_t k = 0; k < weights.size(); ++k) {
            b.weight_u8[k] = static_cast<std::uint8_t>(code(weights[k]));
        }
    } else {
        b.weights = weight_kind::table_u16;
        b.weight_u16.resize(weights.size());
        for (std::size_t k = 0; k < weights.size(); ++k) {
            b.weight_u16[k] = static_cast<std::uint16_t>(code(weights[k]));
        }
    }
}

}  // namespace

void finish_synapse_block(synapse_block& b, std::vector<std::uint16_t>&& delays,
                          std::vector<float>&& weights, const synapse_hints& hints) {
    if (!delays.empty()) {
        const auto [lo, hi] = std::minmax_element(delays.begin(), delays.end());
        b.min_delay = *lo;
        b.max_delay = *hi;
        sort_rows_by_delay(b, delays, weights);
        choose_delay_form(b, std::move(delays));
    } else {
        b.row_offsets.shrink_to_fit();
    }
    choose_weight_form(b, std::move(weights), hints);
}

}  // namespace brainemu
