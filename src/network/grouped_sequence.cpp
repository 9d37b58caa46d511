#include "network/grouped_sequence.hpp"

namespace brainemu {

void grouped_sequence::place(std::size_t g, std::size_t k, std::uint64_t distance) {
    const unsigned w = width_[g];
    if (w == 0) {
        return;
    }
    const std::uint64_t bit = at_[g] + k * w;
    const unsigned shift = bit & 63;
    bits_[bit >> 6] |= distance << shift;
    if (shift + w > 64) {
        bits_[(bit >> 6) + 1] |= distance >> (64 - shift);
    }
}

}  // namespace brainemu
