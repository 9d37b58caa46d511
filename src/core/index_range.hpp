#pragma once

#include <cstdint>

namespace brainemu {

// Half-open range of neuron indices [first, last).
struct index_range {
    std::uint32_t first = 0;
    std::uint32_t last = 0;
    [[nodiscard]] std::uint32_t size() const { return last - first; }
    [[nodiscard]] bool contains(std::uint32_t i) const { return i >= first && i < last; }
    [[nodiscard]] bool empty() const { return last <= first; }
    friend bool operator==(const index_range&, const index_range&) = default;
};

}  // namespace brainemu
