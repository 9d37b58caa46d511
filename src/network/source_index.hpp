#pragma once
// A sorted set of 64-bit neuron ids in about 4 bytes each: the low 32 bits per id, and one entry
// per distinct high word saying where its ids start. A synapse block's sparse rows list their
// sources in it, so that naming any neuron of a 10^11-neuron network costs no more per row than
// naming one of a 10^4-neuron network (a part hears from few distinct high words: one for every
// network below 2^32 neurons, at most 2^8 below the 2^40 the random streams key).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/index_range.hpp"

namespace brainemu {

class source_index {
public:
    static constexpr std::uint32_t npos = UINT32_MAX;

    source_index() = default;
    // `sorted` must be ascending and unique, with fewer than 2^32 ids.
    explicit source_index(std::span<const neuron_id> sorted);

    [[nodiscard]] std::uint32_t size() const { return static_cast<std::uint32_t>(low_.size()); }
    [[nodiscard]] bool empty() const { return low_.empty(); }
    // The i-th id.
    [[nodiscard]] neuron_id operator[](std::uint32_t i) const {
        if (groups_.empty()) {
            return low_[i];
        }
        auto g = std::upper_bound(groups_.begin(), groups_.end(), i,
                                  [](std::uint32_t x, const group& y) { return x < y.first; });
        return (neuron_id{std::prev(g)->high} << 32) | low_[i];
    }
    // The position of `id`, or npos when absent.
    [[nodiscard]] std::uint32_t find(neuron_id id) const {
        const auto high = static_cast<std::uint32_t>(id >> 32);
        const auto low = static_cast<std::uint32_t>(id);
        auto first = low_.begin(), last = low_.end();
        if (groups_.empty()) {
            if (high != 0) {
                return npos;
            }
        } else {
            auto g = std::lower_bound(groups_.begin(), groups_.end(), high,
                                      [](const group& x, std::uint32_t h) { return x.high < h; });
            if (g == groups_.end() || g->high != high) {
                return npos;
            }
            first = low_.begin() + g->first;
            last = std::next(g) == groups_.end() ? low_.end() : low_.begin() + std::next(g)->first;
        }
        const auto it = std::lower_bound(first, last, low);
        return it != last && *it == low ? static_cast<std::uint32_t>(it - low_.begin()) : npos;
    }
    // Calls f(i, id) for every id in order.
    template <class F>
    void for_each(F&& f) const {
        std::size_t g = 0;
        neuron_id high = 0;
        for (std::uint32_t i = 0; i < size(); ++i) {
            while (g < groups_.size() && groups_[g].first == i) {
                high = neuron_id{groups_[g++].high} << 32;
            }
            f(i, high | low_[i]);
        }
    }
    // Bytes resident (capacities).
    [[nodiscard]] std::size_t bytes() const {
        return low_.capacity() * sizeof(std::uint32_t) + groups_.capacity() * sizeof(group);
    }
    friend bool operator==(const source_index&, const source_index&) = default;

private:
    struct group {
        std::uint32_t high;   // the high word of ids [first, next group's first)
        std::uint32_t first;  // position of its first id
        friend bool operator==(const group&, const group&) = default;
    };
    std::vector<std::uint32_t> low_;
    std::vector<group> groups_;  // empty: every id is below 2^32
};

}  // namespace brainemu
