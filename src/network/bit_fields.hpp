#pragma once
// Fields of 1 to 64 bits at any bit position of an array of 64-bit words (a field may straddle
// two words; arrays keep one word past their end for that). The packed forms of a synapse
// block (grouped_sequence, packed_words) read and write their fields here.

#include <cstdint>

namespace brainemu {

[[nodiscard]] inline std::uint64_t read_bits(const std::uint64_t* words, std::uint64_t bit,
                                             unsigned width) {
    const unsigned shift = bit & 63;
    std::uint64_t v = words[bit >> 6] >> shift;
    if (shift + width > 64) {
        v |= words[(bit >> 6) + 1] << (64 - shift);
    }
    return width == 64 ? v : v & ((std::uint64_t{1} << width) - 1);
}

// The field must still be 0 (fields are written once), and value must fit `width` bits.
inline void write_bits(std::uint64_t* words, std::uint64_t bit, unsigned width,
                       std::uint64_t value) {
    const unsigned shift = bit & 63;
    words[bit >> 6] |= value << shift;
    if (shift + width > 64) {
        words[(bit >> 6) + 1] |= value >> (64 - shift);
    }
}

}  // namespace brainemu
