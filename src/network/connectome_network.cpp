#include "network/connectome_network.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "core/input_error.hpp"

namespace brainemu {

std::map<std::string, double> default_transmitter_signs() {
    return {{"acetylcholine", 1.0}, {"ach", 1.0},        {"gaba", -1.0},      {"glutamate", -1.0},
            {"glut", -1.0},         {"excitatory", 1.0}, {"inhibitory", -1.0}};
}

double sign_of(const connectome_weights& w, std::string_view transmitter) {
    std::string key(transmitter);
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    const auto it = w.signs.find(key);
    return it == w.signs.end() ? w.default_sign : it->second;
}

namespace {

// `field` names where the delay came from: network.delay_ms, or the connectome's own edge
// delays (a bad one was blamed on network.delay_ms).
std::uint16_t delay_steps(double delay_ms, double dt_ms, const std::string& where,
                          const std::string& field) {
    const double steps = std::round(delay_ms / dt_ms);
    if (!(steps >= 1.0) || steps > 65535.0) {
        throw input_error({where, 0, field},
                          fmt::format("a delay of {} ms is {} steps of {} ms; delays must be 1 to "
                                      "65535 steps",
                                      delay_ms, steps, dt_ms));
    }
    return static_cast<std::uint16_t>(steps);
}

}  // namespace

network build_connectome_network(std::shared_ptr<const connectome> c, const connectome_weights& w,
                                 double dt_ms, const neuron_layout& blocks,
                                 std::span<const std::uint8_t> silenced, const std::string& where,
                                 std::uint64_t* clamped_delays, const weight_map& to_models) {
    network net;
    net.size = c->size();
    net.populations.push_back({"all", {0, net.size}});
    net.labels = labels_of(*c);
    const std::uint64_t m = c->pairs();
    if (m >= UINT32_MAX) {
        throw input_error({where, 0, "network.connectome"},
                          "more than 2^32 connected pairs: not supported yet");
    }

    // Per edge: its weight and delay once, then the edges by target (counting sort), so that
    // each block visits only its own.
    std::vector<float> weight(m);
    std::vector<std::uint16_t> delay(m);
    const bool has_common = c->edge_delay_ms.empty() || w.delay_ms > 0.0;
    const std::uint16_t common_delay =
        has_common ? delay_steps(w.delay_ms, dt_ms, where, "network.delay_ms") : 0;
    std::map<std::uint16_t, double> sign_cache;
    for (std::uint32_t pre = 0; pre < net.size; ++pre) {
        for (std::uint64_t e = c->row_offsets[pre]; e < c->row_offsets[pre + 1]; ++e) {
            if (w.edge_weights) {
                weight[e] = c->edge_weight[e];
            } else {
                const std::uint16_t tx =
                    c->edge_transmitter.empty() ? c->transmitter[pre] : c->edge_transmitter[e];
                auto it = sign_cache.find(tx);
                if (it == sign_cache.end()) {
                    it = sign_cache.emplace(tx, sign_of(w, c->transmitter_names[tx])).first;
                }
                weight[e] = static_cast<float>(it->second * c->count[e] * w.unit_weight);
            }
            const bool own = !c->edge_delay_ms.empty() && !std::isnan(c->edge_delay_ms[e]);
            if (!own && !has_common) {
                throw input_error({where, 0, "network.delay_ms"},
                                  "some synapses of this connectome have no delay of their own: "
                                  "give network.delay_ms");
            }
            if (own && w.clamp_short_delays && std::round(c->edge_delay_ms[e] / dt_ms) < 1.0) {
                delay[e] = 1;
                if (clamped_delays != nullptr) {
                    ++*clamped_delays;
                }
                continue;
            }
            delay[e] = own ? delay_steps(c->edge_delay_ms[e], dt_ms, where,
                                         fmt::format("the connectome's delay of synapse {} -> {}",
                                                     pre, c->post[e]))
                           : common_delay;
        }
    }
    std::vector<std::uint32_t> by_post_offsets(std::size_t{net.size} + 1, 0);
    for (std::uint32_t p : c->post) {
        ++by_post_offsets[p + 1];
    }
    std::partial_sum(by_post_offsets.begin(), by_post_offsets.end(), by_post_offsets.begin());
    std::vector<std::uint32_t> edge_of(m), pre_of(m);
    {
        std::vector<std::uint32_t> fill(by_post_offsets.begin(), by_post_offsets.end() - 1);
        for (std::uint32_t pre = 0; pre < net.size; ++pre) {
            for (std::uint64_t e = c->row_offsets[pre]; e < c->row_offsets[pre + 1]; ++e) {
                const std::uint32_t k = fill[c->post[e]]++;
                edge_of[k] = static_cast<std::uint32_t>(e);
                pre_of[k] = pre;
            }
        }
    }
    auto gen = [&](index_range targets, auto&& emit) {
        for (neuron_id t = targets.first; t < targets.last; ++t) {
            for (std::uint32_t k = by_post_offsets[t]; k < by_post_offsets[t + 1]; ++k) {
                const std::uint32_t pre = pre_of[k];
                if (!silenced.empty() && silenced[pre] != 0) {
                    continue;
                }
                const std::uint32_t e = edge_of[k];
                emit(pre, t, weight[e], delay[e]);
            }
        }
    };
    net.layout = blocks;
    net.synapses = build_synapse_store(net.size, blocks, gen, {}, to_models);

    if (w.gap_nS_per_junction > 0.0 && !c->gap_a.empty()) {
        std::vector<double> g(c->gap_count.size());
        for (std::size_t k = 0; k < g.size(); ++k) {
            g[k] = c->gap_count[k] * w.gap_nS_per_junction;
        }
        std::vector<std::uint32_t> a(c->gap_a.size()), b(c->gap_b.size());
        for (std::size_t k = 0; k < a.size(); ++k) {
            // The table is in engine indices (a connectome has fewer than 2^32 neurons).
            a[k] = static_cast<std::uint32_t>(blocks.engine(c->gap_a[k]));
            b[k] = static_cast<std::uint32_t>(blocks.engine(c->gap_b[k]));
        }
        net.gap_junctions = make_gap_junction_table(c->size(), a, b, g, blocks.global_of);
    }
    net.source = std::move(c);
    return net;
}

}  // namespace brainemu
