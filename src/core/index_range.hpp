#pragma once

#include <cstdint>

namespace brainemu {

// A neuron's global index: 64-bit, because a human brain has 8.6e10 neurons. Inside one part,
// what is counted per neuron uses 32-bit indices relative to the part's first neuron (a part
// holds fewer than 2^32 neurons); the random streams key ids below 2^40 (random_stream.hpp).
using neuron_id = std::uint64_t;

// Half-open range of neuron indices [first, last).
struct index_range {
    neuron_id first = 0;
    neuron_id last = 0;
    [[nodiscard]] neuron_id size() const { return last - first; }
    [[nodiscard]] bool contains(neuron_id i) const { return i >= first && i < last; }
    [[nodiscard]] bool empty() const { return last <= first; }
    friend bool operator==(const index_range&, const index_range&) = default;
};

// Half-open range of 32-bit local indices: neurons counted within one part or one model group.
struct local_range {
    std::uint32_t first = 0;
    std::uint32_t last = 0;
    [[nodiscard]] std::uint32_t size() const { return last - first; }
    [[nodiscard]] bool empty() const { return last <= first; }
    friend bool operator==(const local_range&, const local_range&) = default;
};

}  // namespace brainemu
