#pragma once
// A sorted set of 64-bit neuron ids, coded by their spacing (a grouped_sequence): a synapse
// block's sparse rows list their sources in one, so an id costs what its neighbours' spacing
// costs, not 64 bits, nor 32: a rank of a 10^11-neuron sheet, whose far sources are ~3e4 ids
// apart, pays ~21 bits a far source and a few bits a near one. Finding an id is a binary search
// over the groups' first ids, then over the group's fields, read in place (as fast as a binary
// search over a plain array; an Elias-Fano code, tried before this one, took 40 times as long
// on the sheet's clustered sources).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/index_range.hpp"
#include "network/grouped_sequence.hpp"

namespace brainemu {

class source_index {
public:
    static constexpr std::uint32_t npos = UINT32_MAX;

    source_index() = default;
    // `sorted` must be ascending and unique, with fewer than 2^32 ids.
    explicit source_index(std::span<const neuron_id> sorted);

    [[nodiscard]] std::uint32_t size() const { return ids_.size(); }
    [[nodiscard]] bool empty() const { return ids_.empty(); }
    // The i-th id.
    [[nodiscard]] neuron_id operator[](std::uint32_t i) const { return ids_[i]; }
    // The position of `id`, or npos when absent.
    [[nodiscard]] std::uint32_t find(neuron_id id) const {
        const std::span<const std::uint64_t> firsts = ids_.group_firsts();
        if (firsts.empty() || id < firsts.front()) {
            return npos;
        }
        const auto g = static_cast<std::uint32_t>(
            std::upper_bound(firsts.begin(), firsts.end(), id) - firsts.begin() - 1);
        const std::uint64_t want = id - firsts[g];
        const std::uint32_t end = ids_.group_size(g);
        std::uint32_t lo = 0, hi = end;
        while (lo < hi) {  // a group's fields ascend
            const std::uint32_t mid = lo + (hi - lo) / 2;
            if (ids_.field(g, mid) < want) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < end && ids_.field(g, lo) == want ? g * grouped_sequence::group + lo : npos;
    }
    // Calls f(i, id) for every id in order.
    template <class F>
    void for_each(F&& f) const {
        for (std::uint32_t i = 0; i < size(); ++i) {
            f(i, ids_[i]);
        }
    }
    // Bytes resident (capacities).
    [[nodiscard]] std::size_t bytes() const { return ids_.bytes(); }
    friend bool operator==(const source_index&, const source_index&) = default;

private:
    grouped_sequence ids_;
};

}  // namespace brainemu
