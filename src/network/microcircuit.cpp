#include "network/microcircuit.hpp"

#include <algorithm>
#include <cmath>

#include "core/random_stream.hpp"

namespace brainemu {

using tables = microcircuit_tables;

double tables::full_synapses(int t, int s) {
    const double prod = full_size[s] * full_size[t];
    return std::log(1.0 - conn_prob[t][s]) / std::log((prod - 1.0) / prod);
}

double tables::mean_psc_pA(int t, int s) {
    const bool inhibitory = s % 2 == 1;
    double w = inhibitory ? g * psc_e_pA : psc_e_pA;
    if (t == 0 && s == 2) {
        w *= 2.0;  // L4E -> L23E
    }
    return w;
}

double weight_quantum(const microcircuit_params& p) {
    // The power of two at or above PSC_E / 4096 / sqrt(k_scale): codes stay below 2^15, and
    // code x quantum is exact in float (delivery multiplies integers).
    return std::exp2(std::ceil(std::log2(tables::psc_e_pA / 4096.0 / std::sqrt(p.k_scale))));
}

std::vector<microcircuit_population_setup> microcircuit_setup(const microcircuit_params& p) {
    std::vector<microcircuit_population_setup> out;
    const double sqrt_k = std::sqrt(p.k_scale);
    for (int t = 0; t < 8; ++t) {
        microcircuit_population_setup s{};
        s.name = tables::names[t];
        s.size = static_cast<std::uint32_t>(std::lround(tables::full_size[t] * p.scale));
        s.v0_mean_mV = tables::v0_mean[t];
        s.v0_sd_mV = tables::v0_sd[t];
        // Reference: helpers.dc_input_compensating_poisson = bg_rate K_ext PSC_ext tau_syn 1e-3.
        s.dc_drive_pA =
            tables::bg_rate_hz * tables::k_ext[t] * tables::psc_e_pA * tables::tau_syn_ms * 1e-3;
        // Reference: adjust_weights_and_input_to_synapse_scaling, recurrent part; the external
        // part is added for Poisson drive below.
        double input_rec = 0.0;
        for (int src = 0; src < 8; ++src) {
            const double indegree_full = tables::full_synapses(t, src) / tables::full_size[t];
            input_rec += tables::mean_psc_pA(t, src) * indegree_full * p.compensation_rates_hz[src];
        }
        s.dc_correction_pA = 0.001 * tables::tau_syn_ms * (1.0 - sqrt_k) * input_rec;
        const double k_ext_scaled = std::round(tables::k_ext[t] * p.k_scale);
        s.poisson_rate_hz = k_ext_scaled * tables::bg_rate_hz;
        s.poisson_weight_pA = tables::psc_e_pA / sqrt_k;
        s.reference_rate_hz = tables::reference_rate[t];
        out.push_back(s);
    }
    return out;
}

namespace {

struct pair_plan {
    std::uint64_t synapses = 0;
    std::vector<std::uint32_t> in_degree;  // per target of the target population
};

// The multinomial split of Q synapses over N_t targets, as a chain of binomials: target i gets
// Binomial(remaining, 1 / (targets left)). Equal in law to drawing each synapse's target
// uniformly, as NEST's fixed_total_number does.
std::vector<std::uint32_t> split_over_targets(std::uint64_t q, std::uint32_t n_t,
                                              std::uint64_t seed, std::uint32_t pair) {
    std::vector<std::uint32_t> out(n_t, 0);
    random_stream rs(seed, purpose_code(stream_purpose::indegree, pair), 0, 0);
    std::uint64_t remaining = q;
    for (std::uint32_t i = 0; i < n_t && remaining > 0; ++i) {
        const double p = 1.0 / static_cast<double>(n_t - i);
        const std::uint64_t k = rs.binomial(remaining, p);
        out[i] = static_cast<std::uint32_t>(k);
        remaining -= k;
    }
    return out;
}

// The reference's delay rule, "normal, redrawn below 0.1 ms, then rounded to the step (at least
// one)", as a discrete distribution over steps, sampled by inverting its CDF with one uniform:
// the same law as drawing and redrawing, without a normal deviate per synapse.
class rounded_normal_delay {
public:
    rounded_normal_delay(double mean_ms, double sd_ms, double dt_ms) {
        constexpr double t0 = 0.1;  // redraw below this
        auto phi = [&](double t) {
            return 0.5 * std::erfc(-(t - mean_ms) / (sd_ms * std::sqrt(2.0)));
        };
        const double kept = 1.0 - phi(t0);
        double cdf = 0.0;
        for (std::uint32_t k = 0; k < 65535; ++k) {
            const double lo = std::max(t0, (k - 0.5) * dt_ms);
            const double hi = (k + 0.5) * dt_ms;
            const double upper = phi(hi);
            if (hi > lo) {
                cdf += (upper - phi(lo)) / kept;
            }
            cdf_.push_back(std::min(cdf, 1.0));
            // Past the mean, stop once no mass is left (in double precision) above hi.
            if (hi > mean_ms && (1.0 - cdf < 1e-17 || upper == 1.0)) {
                break;
            }
        }
        cdf_.back() = 1.0;
    }
    // Steps (at least one) for a uniform u in [0, 1).
    [[nodiscard]] std::uint16_t draw(double u) const {
        const auto it = std::upper_bound(cdf_.begin(), cdf_.end(), u);
        const auto k = static_cast<std::uint16_t>(it - cdf_.begin());
        return std::max<std::uint16_t>(k, 1);
    }

private:
    std::vector<double> cdf_;  // P(steps <= k)
};

}  // namespace

std::uint64_t microcircuit_pair_synapses(const microcircuit_params& p, int t, int s) {
    return static_cast<std::uint64_t>(
        std::round(tables::full_synapses(t, s) * p.scale * p.k_scale));
}

network build_microcircuit(const microcircuit_params& p, std::uint64_t seed, double dt_ms,
                           const neuron_layout& blocks, const weight_map& to_models) {
    return build_microcircuit(p, microcircuit_setup(p), seed, dt_ms, blocks, to_models);
}

network build_microcircuit(const microcircuit_params& p,
                           const std::vector<microcircuit_population_setup>& setup,
                           std::uint64_t seed, double dt_ms, const neuron_layout& blocks,
                           const weight_map& to_models) {
    network net;
    std::uint32_t first = 0;
    for (const auto& s : setup) {
        net.populations.push_back(
            {std::string(s.name), {first, first + s.size}, s.reference_rate_hz});
        first += s.size;
    }
    net.size = first;

    std::array<std::array<pair_plan, 8>, 8> plan;
    for (int t = 0; t < 8; ++t) {
        for (int s = 0; s < 8; ++s) {
            plan[t][s].synapses = microcircuit_pair_synapses(p, t, s);
            plan[t][s].in_degree = split_over_targets(plan[t][s].synapses, setup[t].size, seed,
                                                      static_cast<std::uint32_t>(t * 8 + s));
        }
    }
    const double sqrt_k = std::sqrt(p.k_scale);
    const double quantum = weight_quantum(p);
    const rounded_normal_delay delay_e(tables::delay_e_ms, tables::delay_e_sd_ms, dt_ms);
    const rounded_normal_delay delay_i(tables::delay_i_ms, tables::delay_i_sd_ms, dt_ms);
    auto population_of = [&](neuron_id neuron) {
        int t = 0;
        while (!net.populations[t].range.contains(neuron)) {
            ++t;
        }
        return t;
    };
    auto gen = [&](index_range targets, auto&& emit) {
        for (neuron_id tgt = targets.first; tgt < targets.last; ++tgt) {
            const int t = population_of(tgt);
            const auto local = static_cast<std::uint32_t>(tgt - net.populations[t].range.first);
            for (int s = 0; s < 8; ++s) {
                const std::uint32_t k = plan[t][s].in_degree[local];
                if (k == 0) {
                    continue;
                }
                const index_range src = net.populations[s].range;
                const auto pair = static_cast<std::uint32_t>(t * 8 + s);
                const double w_mean = tables::mean_psc_pA(t, s) / sqrt_k;
                const bool inhibitory = s % 2 == 1;
                random_stream sources(seed, purpose_code(stream_purpose::connectivity, pair), tgt,
                                      0);
                random_stream weights(seed, purpose_code(stream_purpose::weights, pair), tgt, 0);
                random_stream delays(seed, purpose_code(stream_purpose::delays, pair), tgt, 0);
                constexpr bool values = std::decay_t<decltype(emit)>::needs_values;
                for (std::uint32_t j = 0; j < k; ++j) {
                    const neuron_id source =
                        src.first + sources.below(static_cast<std::uint32_t>(src.size()));
                    if constexpr (!values) {
                        emit(source, tgt, 0.0f, 0);
                        continue;
                    }
                    double w;
                    do {
                        w = w_mean + 0.1 * std::abs(w_mean) * weights.normal();
                        w = quantum * std::round(w / quantum);
                    } while ((w > 0.0) != (w_mean > 0.0));
                    const std::uint16_t steps =
                        (inhibitory ? delay_i : delay_e).draw(delays.uniform());
                    emit(source, tgt, static_cast<float>(w), steps);
                }
            }
        }
    };
    net.layout = blocks;
    net.synapses =
        build_synapse_store(net.size, blocks, gen, synapse_hints{weight_quantum(p)}, to_models);
    return net;
}

}  // namespace brainemu
