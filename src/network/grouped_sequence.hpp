#pragma once
// An ascending sequence of 64-bit values in groups of 64: per group its first value, where its
// fields start and their width (17 bytes), and each value's distance from the group's first in
// that width. Values that lie close together cost a few bits each, wherever they lie, and any
// one is read in place. A synapse block keeps its rows' sources (source_index) and its row
// offsets in this form.

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/assert.hpp"
#include "network/bit_fields.hpp"

namespace brainemu {

class grouped_sequence {
public:
    static constexpr std::uint32_t group = 64;

    grouped_sequence() = default;
    // `values` (unsigned integers) must not descend; fewer than 2^32 of them.
    template <class T>
    explicit grouped_sequence(std::span<const T> values);

    // Bytes the sequence of `values` would hold (what the constructor allocates), without
    // building it.
    template <class T>
    [[nodiscard]] static std::size_t bytes_for(std::span<const T> values);

    [[nodiscard]] std::uint32_t size() const { return n_; }
    [[nodiscard]] bool empty() const { return n_ == 0; }
    [[nodiscard]] std::uint64_t operator[](std::uint32_t i) const {
        const std::uint32_t g = i / group;
        return first_[g] + field(g, i % group);
    }
    [[nodiscard]] std::uint64_t back() const { return (*this)[n_ - 1]; }
    [[nodiscard]] std::size_t bytes() const {
        return (first_.capacity() + at_.capacity() + bits_.capacity()) * sizeof(std::uint64_t) +
               width_.capacity();
    }
    friend bool operator==(const grouped_sequence&, const grouped_sequence&) = default;

    // The groups, for searches: their first values ascend.
    [[nodiscard]] std::span<const std::uint64_t> group_firsts() const { return first_; }
    [[nodiscard]] std::uint32_t group_size(std::uint32_t g) const {
        return std::min(group, n_ - g * group);
    }
    // Value k of group g minus the group's first.
    [[nodiscard]] std::uint64_t field(std::uint32_t g, std::uint32_t k) const {
        const unsigned w = width_[g];
        if (w == 0) {
            return 0;
        }
        return read_bits(bits_.data(), at_[g] + std::uint64_t{k} * w, w);
    }

private:
    void place(std::size_t g, std::size_t i, std::uint64_t distance);

    std::uint32_t n_ = 0;
    std::vector<std::uint64_t> first_;  // per group: its first value
    std::vector<std::uint64_t> at_;     // per group: where its fields start in bits_
    std::vector<std::uint8_t> width_;   // per group: bits per field
    std::vector<std::uint64_t> bits_;   // the fields, packed
};

template <class T>
std::size_t grouped_sequence::bytes_for(std::span<const T> values) {
    const std::size_t groups = (values.size() + group - 1) / group;
    std::uint64_t total = 0;
    for (std::size_t g = 0; g < groups; ++g) {
        const std::size_t b = g * group, e = std::min(values.size(), b + group);
        total += std::uint64_t{static_cast<unsigned>(
                     std::bit_width(static_cast<std::uint64_t>(values[e - 1] - values[b])))} *
                 (e - b);
    }
    return groups * (2 * sizeof(std::uint64_t) + 1) +
           ((total + 63) / 64 + 1) * sizeof(std::uint64_t);
}

template <class T>
grouped_sequence::grouped_sequence(std::span<const T> values) {
    BE_ASSERT(values.size() < UINT32_MAX, "a grouped sequence holds fewer than 2^32 values");
    n_ = static_cast<std::uint32_t>(values.size());
    const std::size_t groups = (values.size() + group - 1) / group;
    first_.reserve(groups);
    at_.reserve(groups);
    width_.reserve(groups);
    std::uint64_t total = 0;
    for (std::size_t g = 0; g < groups; ++g) {
        const std::size_t b = g * group, e = std::min(values.size(), b + group);
        first_.push_back(values[b]);
        at_.push_back(total);
        // Fields do not descend, so the last is the widest.
        const auto w = static_cast<unsigned>(
            std::bit_width(static_cast<std::uint64_t>(values[e - 1] - values[b])));
        width_.push_back(static_cast<std::uint8_t>(w));
        total += std::uint64_t{w} * (e - b);
    }
    bits_.assign((total + 63) / 64 + 1, 0);  // one word past the end: a field may straddle
    for (std::size_t i = 0; i < values.size(); ++i) {
        const std::size_t g = i / group;
        place(g, i - g * group, static_cast<std::uint64_t>(values[i] - values[g * group]));
    }
}

}  // namespace brainemu
