#include "partition/cut_metrics.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

namespace brainemu {
namespace {

double ratio(std::uint64_t num, std::uint64_t den) {
    return den > 0 ? static_cast<double>(num) / static_cast<double>(den) : 0.0;
}

template <class F>
double imbalance(const std::vector<part_metrics>& parts, F value) {
    double max = 0.0, sum = 0.0;
    for (const part_metrics& m : parts) {
        const double v = value(m);
        max = std::max(max, v);
        sum += v;
    }
    return sum > 0.0 ? max / (sum / static_cast<double>(parts.size())) : 1.0;
}

void check(const connectome& c, const partition& p) {
    if (p.size() != c.size() || p.parts == 0) {
        throw std::invalid_argument(
            fmt::format("a partition of {} neurons into {} parts for a "
                        "connectome of {} neurons",
                        p.size(), p.parts, c.size()));
    }
    for (std::uint32_t i = 0; i < p.size(); ++i) {
        if (p.part_of[i] >= p.parts) {
            throw std::invalid_argument(
                fmt::format("neuron {} in part {} of {}", i, p.part_of[i], p.parts));
        }
    }
}

}  // namespace

cut_metrics measure_cut(const connectome& c, const partition& p,
                        const resident_bytes_model& bytes) {
    check(c, p);
    cut_metrics m;
    m.parts.resize(p.parts);
    for (std::uint32_t i = 0; i < c.size(); ++i) {
        ++m.parts[p.part_of[i]].neurons;
    }
    // Marks which parts the current source has reached; stamped with the source's index so
    // that it never needs clearing.
    std::vector<std::uint32_t> reached_by(p.parts, UINT32_MAX);
    for (std::uint32_t s = 0; s < c.size(); ++s) {
        const std::uint32_t own = p.part_of[s];
        for (std::uint64_t e = c.row_offsets[s]; e < c.row_offsets[s + 1]; ++e) {
            const std::uint32_t part = p.part_of[c.post[e]];
            part_metrics& t = m.parts[part];
            ++t.synapses;
            t.synapse_count += c.count[e];
            if (part != own) {
                ++t.synapses_cut;
                m.synapse_count_cut += c.count[e];
            }
            if (reached_by[part] != s) {
                reached_by[part] = s;
                ++m.source_part_pairs;
                if (part != own) {
                    ++m.source_part_pairs_crossing_count;
                    ++t.sources_elsewhere;
                }
            }
        }
    }
    for (part_metrics& t : m.parts) {
        m.synapses += t.synapses;
        m.synapse_count += t.synapse_count;
        m.synapses_cut += t.synapses_cut;
        t.resident_bytes = static_cast<double>(t.synapses) * bytes.bytes_per_synapse +
                           static_cast<double>(t.neurons) * bytes.bytes_per_neuron;
    }
    m.cut_fraction = ratio(m.synapses_cut, m.synapses);
    m.cut_count_fraction = ratio(m.synapse_count_cut, m.synapse_count);
    m.source_part_pairs_crossing = ratio(m.source_part_pairs_crossing_count, m.source_part_pairs);
    m.imbalance_neurons =
        imbalance(m.parts, [](const part_metrics& t) { return static_cast<double>(t.neurons); });
    m.imbalance_synapses =
        imbalance(m.parts, [](const part_metrics& t) { return static_cast<double>(t.synapses); });
    m.imbalance_bytes = imbalance(m.parts, [](const part_metrics& t) { return t.resident_bytes; });
    return m;
}

}  // namespace brainemu
