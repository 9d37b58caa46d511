#pragma once
// Unsigned values of one fixed width (1 to 64 bits) packed end to end in 64-bit words: an
// array whose elements cost exactly the bits the widest of them needs. A synapse block keeps
// its delay runs in one (each run's end within its row beside its delay).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/assert.hpp"
#include "network/bit_fields.hpp"

namespace brainemu {

class packed_words {
public:
    packed_words() = default;
    packed_words(unsigned width, std::uint64_t n)
        : width_(width), n_(n), bits_((n * width + 63) / 64 + 1, 0) {
        BE_ASSERT(width >= 1 && width <= 64, "packed words are 1 to 64 bits wide");
    }
    [[nodiscard]] static std::size_t bytes_for(unsigned width, std::uint64_t n) {
        return ((n * width + 63) / 64 + 1) * sizeof(std::uint64_t);
    }

    [[nodiscard]] std::uint64_t size() const { return n_; }
    [[nodiscard]] bool empty() const { return n_ == 0; }
    [[nodiscard]] unsigned width() const { return width_; }
    [[nodiscard]] std::uint64_t operator[](std::uint64_t i) const {
        return read_bits(bits_.data(), i * width_, width_);
    }
    // Element i must still be 0 (elements are written once).
    void set(std::uint64_t i, std::uint64_t v) { write_bits(bits_.data(), i * width_, width_, v); }
    [[nodiscard]] std::size_t bytes() const { return bits_.capacity() * sizeof(std::uint64_t); }

private:
    unsigned width_ = 1;
    std::uint64_t n_ = 0;
    std::vector<std::uint64_t> bits_;  // one word past the end: an element may straddle
};

}  // namespace brainemu
