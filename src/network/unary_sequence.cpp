#include "network/unary_sequence.hpp"

namespace brainemu {

unary_sequence::unary_sequence(std::span<const std::uint32_t> values) {
    BE_ASSERT(values.size() < UINT32_MAX, "a unary sequence holds fewer than 2^32 values");
    n_ = static_cast<std::uint32_t>(values.size());
    if (values.empty()) {
        return;
    }
    first_ = values.front();
    const std::uint64_t bits = bits_for(values.size(), values.back() - values.front());
    BE_ASSERT(bits < UINT32_MAX, "a unary sequence's code holds fewer than 2^32 bits");
    bits_.assign((bits + 63) / 64 + 1, 0);
    shift_ = sample_shift(values.size(), values.back() - values.front());
    const std::uint64_t every = std::uint64_t{1} << shift_;
    zeros_.reserve((values.size() + every - 1) / every);
    std::uint64_t at = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const std::uint64_t step = i == 0 ? 0 : values[i] - values[i - 1];
        BE_ASSERT(i == 0 || values[i] >= values[i - 1], "a unary sequence must not descend");
        for (std::uint64_t j = 0; j < step; ++j, ++at) {
            bits_[at >> 6] |= std::uint64_t{1} << (at & 63);
        }
        if ((i & (every - 1)) == 0) {
            zeros_.push_back(static_cast<std::uint32_t>(at));
        }
        ++at;  // the zero that ends value i
    }
}

}  // namespace brainemu
