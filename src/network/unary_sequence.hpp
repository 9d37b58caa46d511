#pragma once
// A non-descending sequence coded by its steps in unary: step i (value i minus value i - 1) as
// that many one bits, then a zero, so value i is the count of ones before zero number i. It
// costs one bit per value plus one per unit the sequence climbs, and a directory of every S-th
// zero's position (4 bytes), S a power of two chosen so that samples lie ~512 bits apart (under
// 1% of the code). A synapse block's row offsets take this form when rows are short and most
// sources have one (a block of a finely cut network hears from most sources with a synapse or
// two each: ~1.4 bits a row against ~7 in a grouped_sequence).
//
// Reading value i finds zero number i: the directory gives the sampled zero before it, and the
// words after it are counted (~8 words on average: samples lie ~512 bits apart).

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "core/assert.hpp"

namespace brainemu {

class unary_sequence {
public:
    static constexpr std::uint64_t sample_spacing_bits = 512;

    unary_sequence() = default;
    // `values` must not descend, and hold fewer than 2^32 values whose bits (values plus
    // climb, see bits_for) are fewer than 2^32.
    explicit unary_sequence(std::span<const std::uint32_t> values);

    // The bits the code of n values climbing by `climb` takes; the code cannot hold 2^32 or more.
    [[nodiscard]] static std::uint64_t bits_for(std::uint64_t n, std::uint64_t climb) {
        return n + climb;
    }
    // Bytes resident for n values climbing by `climb` (what the constructor will allocate).
    [[nodiscard]] static std::size_t bytes_for(std::uint64_t n, std::uint64_t climb) {
        const unsigned shift = sample_shift(n, climb);
        return ((bits_for(n, climb) + 63) / 64 + 1) * sizeof(std::uint64_t) +
               ((n + (std::uint64_t{1} << shift) - 1) >> shift) * sizeof(std::uint32_t);
    }

    [[nodiscard]] std::uint32_t size() const { return n_; }
    [[nodiscard]] bool empty() const { return n_ == 0; }
    [[nodiscard]] std::uint64_t operator[](std::uint32_t i) const { return first_ + zero(i) - i; }
    // Values i and i + 1 together (one search: the ones right after zero i are the step).
    [[nodiscard]] std::pair<std::uint64_t, std::uint64_t> pair_at(std::uint32_t i) const {
        const std::uint64_t at = zero(i);
        const std::uint64_t begin = first_ + at - i;
        return {begin, begin + ones_after(at)};
    }
    [[nodiscard]] std::size_t bytes() const {
        return bits_.capacity() * sizeof(std::uint64_t) + zeros_.capacity() * sizeof(std::uint32_t);
    }
    friend bool operator==(const unary_sequence&, const unary_sequence&) = default;

private:
    // log2 of S: the largest power of two zeros that span at most ~512 bits on average.
    [[nodiscard]] static unsigned sample_shift(std::uint64_t n, std::uint64_t climb) {
        const std::uint64_t per_sample = std::max<std::uint64_t>(
            1, sample_spacing_bits * n / std::max<std::uint64_t>(1, bits_for(n, climb)));
        return static_cast<unsigned>(std::bit_width(per_sample) - 1);
    }
    // The position of zero number i (i < size()).
    [[nodiscard]] std::uint64_t zero(std::uint32_t i) const {
        std::uint64_t at = zeros_[i >> shift_];
        std::uint32_t skip = i & ((std::uint32_t{1} << shift_) - 1);
        std::size_t w = at >> 6;
        std::uint64_t x = ~bits_[w] & (~std::uint64_t{0} << (at & 63));
        for (;;) {
            const std::uint32_t c = ones(x);
            if (skip < c) {
                return std::uint64_t{w} * 64 + nth_set_bit(x, skip);
            }
            skip -= c;
            x = ~bits_[++w];
        }
    }
    // The run of ones that starts right after position `at`.
    [[nodiscard]] std::uint64_t ones_after(std::uint64_t at) const {
        std::uint64_t n = 0;
        std::size_t w = (at + 1) >> 6;
        unsigned shift = (at + 1) & 63;
        for (;;) {
            const std::uint64_t x = bits_[w] >> shift;
            const auto run = static_cast<unsigned>(std::countr_one(x));
            n += run;
            if (run < 64 - shift) {
                return n;
            }
            ++w;
            shift = 0;
        }
    }

    static constexpr std::uint64_t bytes_of_ones = 0x0101010101010101;
    static constexpr std::uint64_t high_bits = 0x8080808080808080;
    // Per byte of x, its count of one bits (the first steps of a population count).
    [[nodiscard]] static std::uint64_t byte_counts(std::uint64_t x) {
        x = x - ((x >> 1) & 0x5555555555555555);
        x = (x & 0x3333333333333333) + ((x >> 2) & 0x3333333333333333);
        return (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0f;
    }
    // Population count in registers: a build for baseline x86-64 (no popcnt instruction) makes
    // std::popcount a library call, which the zero search cannot afford.
    [[nodiscard]] static std::uint32_t ones(std::uint64_t x) {
#ifdef __POPCNT__
        return static_cast<std::uint32_t>(std::popcount(x));
#else
        return static_cast<std::uint32_t>((byte_counts(x) * bytes_of_ones) >> 56);
#endif
    }
    // The position of set bit number k (0-based) of x, which has more than k set bits, without
    // a loop over bits: the running byte counts (a multiply) find the byte, a table the bit.
    [[nodiscard]] static unsigned nth_set_bit(std::uint64_t x, std::uint32_t k) {
        const std::uint64_t sums = byte_counts(x) * bytes_of_ones;  // byte b: ones in bytes 0..b
        // High bit of byte b set where sums[b] <= k (no borrow: each byte is 128 + k - sums[b]
        // >= 64); those bytes come first, and the byte holding the bit follows them.
        const std::uint64_t at_most_k =
            ((std::uint64_t{k} * bytes_of_ones | high_bits) - sums) & high_bits;
        const auto place = static_cast<unsigned>(std::countr_zero(~at_most_k & high_bits)) - 7;
        const auto before = static_cast<std::uint32_t>(((sums << 8) >> place) & 0xff);
        return place + select_in_byte[((x >> place) & 0xff) * 8 + (k - before)];
    }
    // select_in_byte[b * 8 + k]: the position of set bit k of the byte b.
    static constexpr auto select_in_byte = [] {
        std::array<std::uint8_t, 256 * 8> t{};
        for (unsigned b = 0; b < 256; ++b) {
            unsigned k = 0;
            for (unsigned bit = 0; bit < 8; ++bit) {
                if ((b >> bit & 1) != 0) {
                    t[b * 8 + k++] = static_cast<std::uint8_t>(bit);
                }
            }
        }
        return t;
    }();

    std::uint32_t n_ = 0;
    unsigned shift_ = 0;  // log2 of S
    std::uint64_t first_ = 0;
    std::vector<std::uint64_t> bits_;   // the code, plus one zero word past the end
    std::vector<std::uint32_t> zeros_;  // the position of zero number S j
};

}  // namespace brainemu
