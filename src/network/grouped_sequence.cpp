#include "network/grouped_sequence.hpp"

namespace brainemu {

void grouped_sequence::place(std::size_t g, std::size_t k, std::uint64_t distance) {
    const unsigned w = width_[g];
    if (w == 0) {
        return;
    }
    write_bits(bits_.data(), at_[g] + k * w, w, distance);
}

}  // namespace brainemu
