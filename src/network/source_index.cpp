#include "network/source_index.hpp"

#include "core/assert.hpp"

namespace brainemu {

source_index::source_index(std::span<const neuron_id> sorted) {
    BE_ASSERT(sorted.size() < npos, "a source index holds fewer than 2^32 ids");
    low_.reserve(sorted.size());
    if (!sorted.empty() && (sorted.back() >> 32) != 0) {
        for (std::size_t i = 0; i < sorted.size(); ++i) {
            const auto high = static_cast<std::uint32_t>(sorted[i] >> 32);
            if (groups_.empty() || groups_.back().high != high) {
                groups_.push_back({high, static_cast<std::uint32_t>(i)});
            }
        }
        groups_.shrink_to_fit();
    }
    for (const neuron_id id : sorted) {
        low_.push_back(static_cast<std::uint32_t>(id));
    }
}

}  // namespace brainemu
