#include "io/import/name_keyed_edges.hpp"

#include <algorithm>
#include <numeric>

namespace brainemu {

std::uint32_t name_keyed_edges::key(std::string_view name) {
    auto [it, added] = keys_.emplace(std::string(name), static_cast<std::uint32_t>(names_.size()));
    if (added) {
        names_.emplace_back(name);
    }
    return it->second;
}

void name_keyed_edges::add_chemical(std::string_view pre, std::string_view post,
                                    std::uint32_t count, std::string_view transmitter) {
    auto [it, added] = transmitter_keys_.emplace(std::string(transmitter),
                                                 static_cast<std::uint32_t>(transmitters_.size()));
    if (added) {
        transmitters_.emplace_back(transmitter);
    }
    chemical_.push_back({key(pre), key(post), count, it->second});
}

void name_keyed_edges::add_gap(std::string_view a, std::string_view b, std::uint32_t count) {
    gaps_.push_back({key(a), key(b), count, 0});
}

void name_keyed_edges::build(connectome_builder& b) {
    std::vector<std::uint32_t> order(names_.size());
    std::iota(order.begin(), order.end(), 0U);
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t x, std::uint32_t y) { return names_[x] < names_[y]; });
    std::vector<std::uint32_t> index(names_.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) {
        index[order[i]] = *b.add_neuron(i, names_[order[i]]);
    }
    // A neuron's transmitter when all its chemical edges agree; else every edge keeps its own.
    std::vector<std::uint32_t> of(names_.size(), 0);
    bool per_edge = false;
    for (const auto& e : chemical_) {
        if (e.transmitter == 0) {
            continue;
        }
        if (of[e.pre] != 0 && of[e.pre] != e.transmitter) {
            per_edge = true;
        }
        of[e.pre] = e.transmitter;
    }
    for (std::uint32_t n = 0; n < names_.size(); ++n) {
        if (of[n] != 0) {
            b.set_transmitter(index[n], transmitters_[of[n]]);
        }
    }
    for (const auto& e : chemical_) {
        if (e.count == 0) {
            continue;
        }
        if (per_edge) {
            b.add_synapses(index[e.pre], index[e.post], e.count, transmitters_[e.transmitter]);
        } else {
            b.add_synapses(index[e.pre], index[e.post], e.count);
        }
    }
    gap_table gaps;
    for (const auto& g : gaps_) {
        if (g.count != 0) {
            gaps.add(index[g.pre], index[g.post], g.count);
        }
    }
    gaps.flush(b);
}

}  // namespace brainemu
