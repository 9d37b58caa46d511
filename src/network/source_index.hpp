#pragma once
// A sorted set of 64-bit neuron ids in groups of 64: per group its first id, and each id's
// distance from it in as many bits as the group's widest distance needs. A synapse block's
// sparse rows list their sources in one, so an id costs what its neighbours' spacing costs,
// not 64 bits, nor 32: a rank of a 10^11-neuron sheet, whose far sources are ~3e4 ids apart,
// pays ~21 bits a far source and a few bits a near one. Finding an id is a binary search over
// the groups' first ids, then over the group's fixed-width fields (as fast as a binary search
// over a plain array: the fields are read in place; an Elias-Fano code, tried before this one,
// took 40 times as long on the sheet's clustered sources).

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

    [[nodiscard]] std::uint32_t size() const { return n_; }
    [[nodiscard]] bool empty() const { return n_ == 0; }
    // The i-th id.
    [[nodiscard]] neuron_id operator[](std::uint32_t i) const {
        const std::uint32_t g = i / group;
        return first_[g] + field(g, i % group);
    }
    // The position of `id`, or npos when absent.
    [[nodiscard]] std::uint32_t find(neuron_id id) const {
        if (n_ == 0 || id < first_.front()) {
            return npos;
        }
        const auto g = static_cast<std::uint32_t>(
            std::upper_bound(first_.begin(), first_.end(), id) - first_.begin() - 1);
        const std::uint64_t want = id - first_[g];
        std::uint32_t lo = 0, hi = std::min(group, n_ - g * group);
        const std::uint32_t end = hi;
        while (lo < hi) {  // a group's fields ascend
            const std::uint32_t mid = lo + (hi - lo) / 2;
            if (field(g, mid) < want) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < end && field(g, lo) == want ? g * group + lo : npos;
    }
    // Calls f(i, id) for every id in order.
    template <class F>
    void for_each(F&& f) const {
        for (std::uint32_t i = 0; i < n_; ++i) {
            f(i, (*this)[i]);
        }
    }
    // Bytes resident (capacities).
    [[nodiscard]] std::size_t bytes() const {
        return (first_.capacity() + at_.capacity() + bits_.capacity()) * sizeof(std::uint64_t) +
               width_.capacity();
    }
    friend bool operator==(const source_index&, const source_index&) = default;

private:
    static constexpr std::uint32_t group = 64;

    // Field k of group g: its id minus the group's first.
    [[nodiscard]] std::uint64_t field(std::uint32_t g, std::uint32_t k) const {
        const unsigned w = width_[g];
        if (w == 0) {
            return 0;
        }
        const std::uint64_t bit = at_[g] + std::uint64_t{k} * w;
        const std::size_t word = bit >> 6;
        const unsigned shift = bit & 63;
        std::uint64_t v = bits_[word] >> shift;
        if (shift + w > 64) {
            v |= bits_[word + 1] << (64 - shift);
        }
        return w == 64 ? v : v & ((std::uint64_t{1} << w) - 1);
    }

    std::uint32_t n_ = 0;
    std::vector<neuron_id> first_;     // per group: its first id (ascending)
    std::vector<std::uint64_t> at_;    // per group: where its fields start in bits_
    std::vector<std::uint8_t> width_;  // per group: bits per field
    std::vector<std::uint64_t> bits_;  // the fields, packed
};

}  // namespace brainemu
