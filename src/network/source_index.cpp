#include "network/source_index.hpp"

#include <bit>

#include "core/assert.hpp"

namespace brainemu {

source_index::source_index(std::span<const neuron_id> sorted) {
    BE_ASSERT(sorted.size() < npos, "a source index holds fewer than 2^32 ids");
    n_ = static_cast<std::uint32_t>(sorted.size());
    const std::size_t groups = (sorted.size() + group - 1) / group;
    first_.reserve(groups);
    at_.reserve(groups);
    width_.reserve(groups);
    std::uint64_t total = 0;
    for (std::size_t g = 0; g < groups; ++g) {
        const std::size_t b = g * group, e = std::min(sorted.size(), b + group);
        first_.push_back(sorted[b]);
        at_.push_back(total);
        // Fields ascend, so the last is the widest.
        const auto w = static_cast<unsigned>(std::bit_width(sorted[e - 1] - sorted[b]));
        width_.push_back(static_cast<std::uint8_t>(w));
        total += std::uint64_t{w} * (e - b);
    }
    bits_.assign((total + 63) / 64 + 1, 0);  // one word past the end: a field may straddle
    for (std::size_t g = 0; g < groups; ++g) {
        const std::size_t b = g * group, e = std::min(sorted.size(), b + group);
        const unsigned w = width_[g];
        for (std::size_t i = b; i < e; ++i) {
            BE_ASSERT(i == b || sorted[i] > sorted[i - 1], "source ids must ascend");
            if (w == 0) {
                continue;
            }
            const std::uint64_t v = sorted[i] - sorted[b];
            const std::uint64_t bit = at_[g] + (i - b) * w;
            const unsigned shift = bit & 63;
            bits_[bit >> 6] |= v << shift;
            if (shift + w > 64) {
                bits_[(bit >> 6) + 1] |= v >> (64 - shift);
            }
        }
    }
}

}  // namespace brainemu
