#include "network/composed_network.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "core/random_stream.hpp"

namespace brainemu {
namespace {

// Stream purposes: rules drawn per target use (connectivity, source population) with the
// target neuron as id and the repeat as step; rules drawn per source neuron (out-degree) set
// bit 14 and take (target population << 16 | repeat) as step; rules drawn per projection
// (total number) set bit 13, with the target population as id. No two share a stream (at most
// 2^13 populations: composed_toml.cpp refuses more). Random positions use (initial_state, 2),
// apart from initial voltages (0) and the fly surrogate's (1).
constexpr std::uint32_t drawn_per_source = 1u << 14;
constexpr std::uint32_t drawn_per_projection = 1u << 13;

std::uint32_t connectivity_purpose(const projection& p, std::uint32_t extra = 0) {
    return purpose_code(stream_purpose::connectivity, p.source | extra);
}

// The side of the square a population's positions wrap around.
double side_um(const composed_network& c, std::uint32_t p) {
    const population_positions& pos = c.populations[p].positions;
    if (pos.layout == population_positions::kind::grid) {
        const auto columns = static_cast<neuron_id>(
            std::ceil(std::sqrt(static_cast<double>(c.populations[p].size))));
        return static_cast<double>(columns) * pos.spacing_um;
    }
    return pos.extent_um;
}

double distance_um(point_um a, point_um b, double periodic_side) {
    double dx = std::abs(a.x - b.x);
    double dy = std::abs(a.y - b.y);
    if (periodic_side > 0.0) {
        dx = std::min(dx, periodic_side - dx);
        dy = std::min(dy, periodic_side - dy);
    }
    return std::sqrt(dx * dx + dy * dy);
}

// Synapses of the rules drawn per source or per projection, in global ids: each block asks
// for its targets, so these are drawn once for the whole network and sorted by target.
edge_list drawn_whole(const composed_network& c, std::uint64_t seed, const neuron_layout& blocks) {
    edge_list out;
    // Only synapses onto targets this process builds are kept (an MPI rank holds its part).
    auto held = [&](neuron_id t) {
        if (blocks.built.empty()) {
            return true;
        }
        const auto it =
            std::upper_bound(blocks.partitions.begin(), blocks.partitions.end(), t,
                             [](neuron_id x, const index_range& r) { return x < r.last; });
        return it != blocks.partitions.end() &&
               blocks.holds(static_cast<std::size_t>(it - blocks.partitions.begin()));
    };
    auto add = [&](neuron_id s, neuron_id t, const projection& p) {
        if (!held(t)) {
            return;
        }
        out.source.push_back(static_cast<std::uint32_t>(s));
        out.target.push_back(static_cast<std::uint32_t>(t));
        out.weight.push_back(p.weight);
        out.delay_steps.push_back(p.delay_steps);
    };
    for (const projection& p : c.projections) {
        const index_range src = c.range_of(p.source);
        const index_range tgt = c.range_of(p.target);
        const auto n_tgt = static_cast<std::uint32_t>(tgt.size());
        const auto n_src = static_cast<std::uint32_t>(src.size());
        if (p.rule == connection_rule::fixed_outdegree) {
            for (neuron_id s = src.first; s < src.last; ++s) {
                random_stream rs(seed, connectivity_purpose(p, drawn_per_source), s,
                                 (p.target << 16) | p.repeat);
                std::unordered_set<neuron_id> chosen;
                for (std::uint64_t k = 0; k < p.count;) {
                    const neuron_id t = tgt.first + rs.below(n_tgt);
                    if ((!p.autapses && t == s) || (!p.multapses && !chosen.insert(t).second)) {
                        continue;
                    }
                    add(s, t, p);
                    ++k;
                }
            }
        } else if (p.rule == connection_rule::fixed_total) {
            random_stream rs(seed, connectivity_purpose(p, drawn_per_projection), p.target,
                             p.repeat);
            std::unordered_set<std::uint64_t> chosen;
            for (std::uint64_t k = 0; k < p.count;) {
                const neuron_id s = src.first + rs.below(n_src);
                const neuron_id t = tgt.first + rs.below(n_tgt);
                if ((!p.autapses && t == s) ||
                    (!p.multapses && !chosen.insert(s * (tgt.last + 1) + t).second)) {
                    continue;
                }
                add(s, t, p);
                ++k;
            }
        } else if (p.rule == connection_rule::arrays) {
            const edge_list& a = *p.arrays;
            for (std::size_t k = 0; k < a.size(); ++k) {
                if (held(a.target[k])) {
                    out.source.push_back(a.source[k]);
                    out.target.push_back(a.target[k]);
                    out.weight.push_back(a.weight[k]);
                    out.delay_steps.push_back(a.delay_steps[k]);
                }
            }
        }
    }
    return out;
}

// The synapses onto target t of a rule drawn per target.
template <class Emit>
void emit_onto(const composed_network& c, const projection& p, neuron_id t, std::uint64_t seed,
               Emit&& emit) {
    const index_range src = c.range_of(p.source);
    const auto n_src = static_cast<std::uint32_t>(src.size());
    auto ok = [&](neuron_id s) { return p.autapses || s != t; };
    switch (p.rule) {
        case connection_rule::all_to_all:
            for (neuron_id s = src.first; s < src.last; ++s) {
                if (ok(s)) {
                    emit(s, t, p.weight, p.delay_steps);
                }
            }
            break;
        case connection_rule::one_to_one:
            if (const neuron_id s = src.first + (t - c.range_of(p.target).first); ok(s)) {
                emit(s, t, p.weight, p.delay_steps);
            }
            break;
        case connection_rule::fixed_indegree: {
            random_stream rs(seed, connectivity_purpose(p), t, p.repeat);
            std::unordered_set<neuron_id> chosen;
            for (std::uint64_t k = 0; k < p.count;) {
                const neuron_id s = src.first + rs.below(n_src);
                if (!ok(s) || (!p.multapses && !chosen.insert(s).second)) {
                    continue;
                }
                emit(s, t, p.weight, p.delay_steps);
                ++k;
            }
            break;
        }
        case connection_rule::fixed_probability: {
            if (p.probability <= 0.0) {
                break;
            }
            random_stream rs(seed, connectivity_purpose(p), t, p.repeat);
            // Geometric gaps between chosen sources: one draw per synapse, not per pair.
            const double log_q = std::log1p(-std::min(p.probability, 1.0));
            for (neuron_id k = 0;; ++k) {
                if (p.probability < 1.0) {
                    const double gap = std::floor(std::log(rs.uniform_open0()) / log_q);
                    if (gap >= static_cast<double>(n_src - k)) {
                        break;
                    }
                    k += static_cast<neuron_id>(gap);
                }
                if (k >= n_src) {
                    break;
                }
                if (ok(src.first + k)) {
                    emit(src.first + k, t, p.weight, p.delay_steps);
                }
            }
            break;
        }
        case connection_rule::distance: {
            random_stream rs(seed, connectivity_purpose(p), t, p.repeat);
            const point_um at = position_of(c, p.target, t, seed);
            const double side = p.periodic ? side_um(c, p.target) : 0.0;
            for (neuron_id s = src.first; s < src.last; ++s) {
                const double d = distance_um(position_of(c, p.source, s, seed), at, side);
                if (!ok(s) || (p.max_distance_um > 0.0 && d > p.max_distance_um)) {
                    continue;
                }
                const double prob =
                    p.sigma_um > 0.0
                        ? p.probability * std::exp(-d * d / (2.0 * p.sigma_um * p.sigma_um))
                        : p.probability * std::exp(-d / p.lambda_um);
                if (rs.bernoulli(prob)) {
                    emit(s, t, p.weight, p.delay_steps);
                }
            }
            break;
        }
        case connection_rule::fixed_outdegree:
        case connection_rule::fixed_total:
        case connection_rule::arrays:
            break;  // drawn whole (drawn_whole)
    }
}

}  // namespace

neuron_id composed_network::size() const {
    neuron_id n = 0;
    for (const composed_population& p : populations) {
        n += p.size;
    }
    return n;
}

index_range composed_network::range_of(std::uint32_t population) const {
    neuron_id first = 0;
    for (std::uint32_t p = 0; p < population; ++p) {
        first += populations[p].size;
    }
    return {first, first + populations[population].size};
}

std::vector<population> composed_network::population_table() const {
    std::vector<population> out;
    neuron_id first = 0;
    for (const composed_population& p : populations) {
        out.push_back({p.name, {first, first + p.size}});
        first += p.size;
    }
    return out;
}

std::optional<std::uint64_t> composed_network::synapses_total() const {
    std::uint64_t total = 0;
    for (const projection& p : projections) {
        const std::uint64_t n_src = populations[p.source].size;
        const std::uint64_t n_tgt = populations[p.target].size;
        const bool self = p.source == p.target && !p.autapses;
        switch (p.rule) {
            case connection_rule::all_to_all:
                total += n_src * n_tgt - (self ? n_tgt : 0);
                break;
            case connection_rule::one_to_one:
                total += self ? 0 : n_tgt;
                break;
            case connection_rule::fixed_indegree:
                total += p.count * n_tgt;
                break;
            case connection_rule::fixed_outdegree:
                total += p.count * n_src;
                break;
            case connection_rule::fixed_total:
                total += p.count;
                break;
            case connection_rule::arrays:
                total += p.arrays->size();
                break;
            case connection_rule::fixed_probability:
            case connection_rule::distance:
                return std::nullopt;
        }
    }
    return total;
}

point_um position_of(const composed_network& c, std::uint32_t p, neuron_id id, std::uint64_t seed) {
    const population_positions& pos = c.populations[p].positions;
    const neuron_id local = id - c.range_of(p).first;
    if (pos.layout == population_positions::kind::grid) {
        const auto columns = static_cast<neuron_id>(
            std::ceil(std::sqrt(static_cast<double>(c.populations[p].size))));
        return {static_cast<double>(local % columns) * pos.spacing_um,
                static_cast<double>(local / columns) * pos.spacing_um};
    }
    random_stream rs(seed, purpose_code(stream_purpose::initial_state, 2), id, 0);
    const double x = rs.uniform() * pos.extent_um;
    return {x, rs.uniform() * pos.extent_um};
}

network build_composed(const composed_network& c, std::uint64_t seed, const neuron_layout& blocks,
                       const std::vector<std::uint8_t>& silenced, const weight_map& to_models) {
    network net;
    net.size = c.size();
    net.populations = c.population_table();
    const edge_list whole = drawn_whole(c, seed, blocks);
    const edges_by_target drawn(whole);
    // Per target population, the projections drawn per target onto it.
    std::vector<std::vector<const projection*>> onto(c.populations.size());
    for (const projection& p : c.projections) {
        onto[p.target].push_back(&p);
    }
    auto gen = [&](index_range targets, auto&& emit) {
        auto keep = [&](neuron_id s, neuron_id t, float w, std::uint16_t d) {
            if (silenced.empty() || silenced[s] == 0) {
                emit(s, t, w, d);
            }
        };
        std::uint32_t pop = 0;
        index_range range = c.range_of(0);
        for (neuron_id t = targets.first; t < targets.last; ++t) {
            while (!range.contains(t)) {  // populations are consecutive ranges
                range = {range.last, range.last + c.populations[++pop].size};
            }
            for (const projection* p : onto[pop]) {
                emit_onto(c, *p, t, seed, keep);
            }
        }
        drawn.emit_onto(targets, keep);
    };
    net.layout = blocks;
    net.synapses = build_synapse_store(net.size, blocks, gen, {}, to_models);
    return net;
}

}  // namespace brainemu
