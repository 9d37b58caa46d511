#include "network/synapse_block.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <unordered_map>

namespace brainemu {

std::string_view to_string(weight_kind k) {
    switch (k) {
        case weight_kind::table_u8:
            return "table_u8";
        case weight_kind::table_u16:
            return "table_u16";
        case weight_kind::f32:
            return "f32";
    }
    return "?";
}

std::string_view to_string(delay_kind k) {
    switch (k) {
        case delay_kind::constant:
            return "constant";
        case delay_kind::u8:
            return "u8";
        case delay_kind::u16:
            return "u16";
    }
    return "?";
}

std::size_t synapse_block::bytes() const {
    return row_offsets.capacity() * sizeof(std::uint64_t) +
           target.capacity() * sizeof(std::uint32_t) + delay_u8.capacity() +
           delay_u16.capacity() * sizeof(std::uint16_t) + weight_table.capacity() * sizeof(float) +
           weight_u8.capacity() + weight_u16.capacity() * sizeof(std::uint16_t) +
           weight_f32.capacity() * sizeof(float);
}

namespace {

void compress_delays(synapse_block& b, std::vector<std::uint16_t>&& delays) {
    if (delays.empty()) {
        return;
    }
    const auto [lo, hi] = std::minmax_element(delays.begin(), delays.end());
    b.min_delay = *lo;
    b.max_delay = *hi;
    if (*lo == *hi) {
        b.delays = delay_kind::constant;
        b.constant_delay = *lo;
    } else if (*hi <= 255) {
        b.delays = delay_kind::u8;
        b.delay_u8.assign(delays.begin(), delays.end());
    } else {
        b.delays = delay_kind::u16;
        b.delay_u16 = std::move(delays);
    }
}

void compress_weights(synapse_block& b, std::vector<float>&& weights) {
    for (float w : weights) {
        b.max_abs_weight = std::max(b.max_abs_weight, std::abs(w));
    }
    // Distinct values by bit pattern (so -0.0 and 0.0 stay distinct and lossless); stop
    // counting as soon as a table could not hold them.
    std::unordered_map<std::uint32_t, std::uint32_t> index;
    constexpr std::size_t max_table = 65536;
    for (float w : weights) {
        index.try_emplace(std::bit_cast<std::uint32_t>(w), 0u);
        if (index.size() > max_table) {
            break;
        }
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

void compress_synapse_block(synapse_block& b, std::vector<std::uint16_t>&& delays,
                            std::vector<float>&& weights) {
    compress_delays(b, std::move(delays));
    compress_weights(b, std::move(weights));
}

}  // namespace brainemu
