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

gap_junction_table make_gap_junction_table(std::uint32_t neurons, std::span<const std::uint32_t> a,
                                           std::span<const std::uint32_t> b,
                                           std::span<const double> g_nS,
                                           std::span<const std::uint32_t> global_of) {
    const auto global = [&](std::uint32_t e) { return global_of.empty() ? e : global_of[e]; };
    gap_junction_table t;
    if (a.empty()) {
        return t;
    }
    t.offsets.assign(std::size_t{neurons} + 1, 0);
    for (std::size_t k = 0; k < a.size(); ++k) {
        ++t.offsets[a[k] + 1];
        ++t.offsets[b[k] + 1];
    }
    for (std::uint32_t i = 0; i < neurons; ++i) {
        t.offsets[i + 1] += t.offsets[i];
    }
    t.other.resize(2 * a.size());
    t.g_nS.resize(2 * a.size());
    std::vector<std::uint64_t> fill(t.offsets.begin(), t.offsets.end() - 1);
    for (std::size_t k = 0; k < a.size(); ++k) {
        t.other[fill[a[k]]] = b[k];
        t.g_nS[fill[a[k]]++] = g_nS[k];
        t.other[fill[b[k]]] = a[k];
        t.g_nS[fill[b[k]]++] = g_nS[k];
    }
    for (std::uint32_t i = 0; i < neurons; ++i) {
        const auto first = static_cast<std::ptrdiff_t>(t.offsets[i]);
        const auto last = static_cast<std::ptrdiff_t>(t.offsets[i + 1]);
        std::vector<std::pair<std::uint32_t, double>> row;
        for (auto k = first; k < last; ++k) {
            row.emplace_back(t.other[static_cast<std::size_t>(k)],
                             t.g_nS[static_cast<std::size_t>(k)]);
        }
        std::sort(row.begin(), row.end(), [&](const auto& x, const auto& y) {
            return std::pair(global(x.first), x.second) < std::pair(global(y.first), y.second);
        });
        for (auto k = first; k < last; ++k) {
            t.other[static_cast<std::size_t>(k)] = row[static_cast<std::size_t>(k - first)].first;
            t.g_nS[static_cast<std::size_t>(k)] = row[static_cast<std::size_t>(k - first)].second;
        }
    }
    return t;
}

std::map<std::string, std::vector<neuron_id>> labels_of(const connectome& c) {
    std::map<std::string, std::vector<neuron_id>> out;
    for (const auto& [name, members] : c.labels) {
        out.emplace(name, std::vector<neuron_id>(members.begin(), members.end()));
    }
    return out;
}

std::vector<neuron_id> held_neurons(const network& net) {
    std::vector<neuron_id> out;
    const neuron_layout& layout = net.layout;
    for (std::size_t p = 0; p < layout.partitions.size(); ++p) {
        if (layout.holds(p)) {
            for (neuron_id e = layout.partitions[p].first; e < layout.partitions[p].last; ++e) {
                out.push_back(layout.global(e));
            }
        }
    }
    if (layout.permuted()) {
        std::sort(out.begin(), out.end());
    }
    return out;
}

index_range split_block(neuron_id n, unsigned parts, unsigned p) {
    parts = std::max(1u, parts);
    const neuron_id q = n / parts, r = n % parts;
    const neuron_id first = p * q + std::min<neuron_id>(p, r);
    return {first, first + q + (p < r ? 1 : 0)};
}

unsigned split_block_of(neuron_id n, unsigned parts, neuron_id id) {
    parts = std::max(1u, parts);
    const neuron_id q = n / parts, r = n % parts;
    const neuron_id in_larger = r * (q + 1);  // the first r blocks hold q + 1 each
    return static_cast<unsigned>(id < in_larger ? id / (q + 1) : r + (id - in_larger) / q);
}

std::vector<index_range> split_blocks(neuron_id n, unsigned parts) {
    parts = std::max(1u, parts);
    std::vector<index_range> out;
    for (unsigned p = 0; p < parts; ++p) {
        out.push_back(split_block(n, parts, p));
    }
    return out;
}

}  // namespace brainemu
