#include "network/network.hpp"

#include <algorithm>

namespace brainemu {

std::uint64_t synapse_store::count() const {
    std::uint64_t n = 0;
    for (const auto& b : blocks) {
        n += b.size();
    }
    return n;
}

std::size_t synapse_store::bytes() const {
    std::size_t n = 0;
    for (const auto& b : blocks) {
        n += b.bytes();
    }
    return n;
}

std::uint16_t synapse_store::min_delay() const {
    std::uint16_t d = 0;
    for (const auto& b : blocks) {
        if (b.size() > 0 && (d == 0 || b.min_delay < d)) {
            d = b.min_delay;
        }
    }
    return d;
}

std::uint16_t synapse_store::max_delay() const {
    std::uint16_t d = 0;
    for (const auto& b : blocks) {
        d = std::max(d, b.max_delay);
    }
    return d;
}

std::uint32_t synapse_store::max_in_degree() const {
    std::uint32_t d = 0;
    for (const auto& b : blocks) {
        d = std::max(d, b.max_in_degree);
    }
    return d;
}

float synapse_store::max_abs_weight() const {
    float w = 0.0f;
    for (const auto& b : blocks) {
        w = std::max(w, b.max_abs_weight);
    }
    return w;
}

const population* network::find_population(std::string_view name) const {
    for (const auto& p : populations) {
        if (p.name == name) {
            return &p;
        }
    }
    return nullptr;
}

std::vector<index_range> split_blocks(std::uint32_t n, unsigned parts) {
    parts = std::max(1u, parts);
    std::vector<index_range> out;
    std::uint32_t first = 0;
    for (unsigned p = 0; p < parts; ++p) {
        const std::uint32_t size = n / parts + (p < n % parts ? 1 : 0);
        out.push_back({first, first + size});
        first += size;
    }
    return out;
}

}  // namespace brainemu
