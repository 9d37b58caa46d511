#pragma once
// hh: single-compartment Hodgkin-Huxley (1952) squid axon at 6.3 C, modern sign convention
// (rest near -65 mV), with exponential current synapses in pA.
//
//   C dV/dt = I - g_Na m^3 h (V - E_Na) - g_K n^4 (V - E_K) - g_L (V - E_L)
//   dx/dt = alpha_x(V) (1 - x) - beta_x(V) x,   x in {m, h, n}, the classic rate functions
// Parameters are per membrane area (uF/cm2, mS/cm2) as in the paper; currents in the engine are
// pA, converted with the patch area: I [uA/cm2] = I [pA] * 100 / area_um2, so the default
// 10,000 um2 (1e-4 cm2, NEST hh_psc_alpha's 100 pF) makes 1 uA/cm2 = 100 pA.
//
// Scheme: `substeps` sub-steps of h = dt / substeps per step, each exponential Euler (Rush and
// Larsen 1978): the gates relax exactly towards x_inf(V) with tau_x(V) frozen at the
// sub-step's start V; then V relaxes exactly towards its equilibrium with the new conductances
// frozen. Global error measured O(h^2) against scipy's DOP853 (rtol 1e-10): at 10 uA/cm2 the
// 14th spike in 200 ms is 0.06 ms off at h = 0.025 ms (the default, 4 sub-steps at dt = 0.1)
// and 0.01 ms off at h = 0.01 ms. It is unconditionally stable for the gates, but at h = 0.2 ms
// it produces no spike at all, so a sub-step above 0.05 ms is refused (derived::from names
// `substeps`). A spike is an upward crossing of v_spike_mV within a step (no reset).
// Synaptic currents decay exactly; this step's input is added at its end (as lif_psc_exp).

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/index_range.hpp"
#include "models/model_common.hpp"

namespace brainemu {

struct hh {
    static constexpr std::string_view name = "hh";
    static constexpr std::string_view summary =
        "Hodgkin-Huxley 1952 squid axon, exponential Euler sub-steps, exp current synapses";
    static constexpr bool accepts_current = true;
    static constexpr std::string_view weight_unit = "pA";
    static constexpr model_drive measure_drive = {500.0, 40.0};  // brainemu models --measure
    static constexpr double max_substep_ms = 0.05;

    struct params {
        double c_m_uF_per_cm2 = 1.0;
        double g_na_mS_per_cm2 = 120.0;
        double g_k_mS_per_cm2 = 36.0;
        double g_l_mS_per_cm2 = 0.3;
        double e_na_mV = 50.0;
        double e_k_mV = -77.0;
        double e_l_mV = -54.4;
        double area_um2 = 10000.0;
        double tau_syn_ex_ms = 0.2;
        double tau_syn_in_ms = 0.2;
        double i_e_pA = 0.0;
        double v_spike_mV = 0.0;
        double substeps = 4.0;

        void validate(const input_location& where) const {
            require_positive(where, "c_m_uF_per_cm2", c_m_uF_per_cm2);
            require_non_negative(where, "g_na_mS_per_cm2", g_na_mS_per_cm2);
            require_non_negative(where, "g_k_mS_per_cm2", g_k_mS_per_cm2);
            require_positive(where, "g_l_mS_per_cm2", g_l_mS_per_cm2);
            require_finite(where, "e_na_mV", e_na_mV);
            require_finite(where, "e_k_mV", e_k_mV);
            require_finite(where, "e_l_mV", e_l_mV);
            require_positive(where, "area_um2", area_um2);
            require_positive(where, "tau_syn_ex_ms", tau_syn_ex_ms);
            require_positive(where, "tau_syn_in_ms", tau_syn_in_ms);
            require_finite(where, "i_e_pA", i_e_pA);
            require_finite(where, "v_spike_mV", v_spike_mV);
            if (!(substeps >= 1.0 && substeps <= 1e6 && substeps == std::floor(substeps))) {
                param_problem(where, "substeps",
                              fmt::format("must be a whole number in [1, 1e6], got {}", substeps));
            }
        }
    };

    [[nodiscard]] static int channels(const params& p) {
        return p.tau_syn_ex_ms == p.tau_syn_in_ms ? 1 : 2;
    }

    static constexpr std::array fields = {
        param_field<params>{"c_m_uF_per_cm2", &params::c_m_uF_per_cm2, "specific capacitance"},
        param_field<params>{"g_na_mS_per_cm2", &params::g_na_mS_per_cm2, "peak Na conductance"},
        param_field<params>{"g_k_mS_per_cm2", &params::g_k_mS_per_cm2, "peak K conductance"},
        param_field<params>{"g_l_mS_per_cm2", &params::g_l_mS_per_cm2, "leak conductance"},
        param_field<params>{"e_na_mV", &params::e_na_mV, "Na reversal potential"},
        param_field<params>{"e_k_mV", &params::e_k_mV, "K reversal potential"},
        param_field<params>{"e_l_mV", &params::e_l_mV, "leak reversal potential"},
        param_field<params>{"area_um2", &params::area_um2,
                            "membrane area: I [uA/cm2] = I [pA] * 100 / area_um2"},
        param_field<params>{"tau_syn_ex_ms", &params::tau_syn_ex_ms,
                            "excitatory synaptic current time constant"},
        param_field<params>{"tau_syn_in_ms", &params::tau_syn_in_ms,
                            "inhibitory synaptic current time constant"},
        param_field<params>{"i_e_pA", &params::i_e_pA, "constant external current"},
        param_field<params>{"v_spike_mV", &params::v_spike_mV,
                            "spike detection: upward crossing of this voltage"},
        param_field<params>{"substeps", &params::substeps,
                            "exponential Euler sub-steps per step (sub-step <= 0.05 ms)"},
    };

    struct derived {
        double hs;                          // sub-step, ms
        double hs_over_c;                   // ms / (uF/cm2)
        double pA_to_density;               // uA/cm2 per pA
        double sub_decay_ex, sub_decay_in;  // synaptic current decay over one sub-step
        std::int32_t substeps;

        static derived from(const params& p, double dt_ms) {
            derived d{};
            d.substeps = static_cast<std::int32_t>(p.substeps);
            d.hs = dt_ms / p.substeps;
            if (d.hs > max_substep_ms) {
                param_problem(
                    {}, "substeps",
                    fmt::format("dt_ms / substeps = {} / {} = {} ms is above {} ms, where "
                                "exponential Euler loses Hodgkin-Huxley spikes; use "
                                "substeps >= {}",
                                dt_ms, p.substeps, d.hs, max_substep_ms,
                                std::ceil(dt_ms / max_substep_ms)));
            }
            d.hs_over_c = d.hs / p.c_m_uF_per_cm2;
            d.pA_to_density = 100.0 / p.area_um2;
            d.sub_decay_ex = std::exp(-d.hs / p.tau_syn_ex_ms);
            d.sub_decay_in = std::exp(-d.hs / p.tau_syn_in_ms);
            return d;
        }
    };

    struct rates {
        double am, bm, ah, bh, an, bn;
    };
    // x / (1 - exp(-x / y)), with its limit y at x = 0.
    static double vtrap(double x, double y) {
        const double z = x / y;
        return std::abs(z) < 1e-7 ? y * (1.0 + 0.5 * z) : x / -std::expm1(-z);
    }
    static rates rates_at(double v) {
        return {0.1 * vtrap(v + 40.0, 10.0),         4.0 * std::exp(-(v + 65.0) / 18.0),
                0.07 * std::exp(-(v + 65.0) / 20.0), 1.0 / (1.0 + std::exp(-(v + 35.0) / 10.0)),
                0.01 * vtrap(v + 55.0, 10.0),        0.125 * std::exp(-(v + 65.0) / 80.0)};
    }

    struct state {
        std::vector<double> v_mV, m, h, n, i_ex_pA, i_in_pA;
        std::vector<std::uint8_t> crossed;  // scratch: spike in this step

        // Gates start at their steady state for -65 mV, whatever V the experiment sets.
        void resize(std::size_t count, const params&, const derived&) {
            const rates r = rates_at(-65.0);
            v_mV.assign(count, -65.0);
            m.assign(count, r.am / (r.am + r.bm));
            h.assign(count, r.ah / (r.ah + r.bh));
            n.assign(count, r.an / (r.an + r.bn));
            i_ex_pA.assign(count, 0.0);
            i_in_pA.assign(count, 0.0);
            crossed.assign(count, 0);
        }
        [[nodiscard]] state_columns columns() {
            return {{{"v_mV", v_mV},
                     {"m", m},
                     {"h", h},
                     {"n", n},
                     {"i_ex_pA", i_ex_pA},
                     {"i_in_pA", i_in_pA}},
                    {}};
        }
        [[nodiscard]] std::size_t bytes() const {
            return (v_mV.capacity() + m.capacity() + h.capacity() + n.capacity() +
                    i_ex_pA.capacity() + i_in_pA.capacity()) *
                       sizeof(double) +
                   crossed.capacity();
        }
    };

    // Pass 1 integrates and marks upward crossings; pass 2 collects them. Without a vector
    // math library the exp() calls keep pass 1 scalar; they are most of its cost.
    static void step(const params& p, const derived& d, state& s, local_range r,
                     const step_input& in, std::vector<std::uint32_t>& spiked) {
        with_input_kinds(in, [&](auto two, auto has_current, auto has_jump) {
            integrate<two(), has_current(), has_jump()>(p, d, s, r, in);
        });
        for (std::uint32_t i = r.first; i < r.last; ++i) {
            if (s.crossed[i] != 0) {
                spiked.push_back(i);
            }
        }
    }

    template <bool two_channels, bool has_current, bool has_jump>
    static void integrate(const params& p, const derived& d, state& s, local_range r,
                          const step_input& in) {
        const std::uint32_t f = r.first;
        double* v = s.v_mV.data() + f;
        double* gm = s.m.data() + f;
        double* gh = s.h.data() + f;
        double* gn = s.n.data() + f;
        double* ie = s.i_ex_pA.data() + f;
        double* ii = s.i_in_pA.data() + f;
        std::uint8_t* crossed = s.crossed.data() + f;
        const std::uint32_t count = r.size();
        for (std::uint32_t k = 0; k < count; ++k) {
            double i_pA = p.i_e_pA;
            if constexpr (has_current) {
                i_pA += in.current_pA[k];
            }
            double x = v[k], m = gm[k], h = gh[k], n = gn[k], e = ie[k], i = ii[k];
            const double v_start = x;
            for (std::int32_t j = 0; j < d.substeps; ++j) {
                const rates a = rates_at(x);
                m = relax(m, a.am, a.bm, d.hs);
                h = relax(h, a.ah, a.bh, d.hs);
                n = relax(n, a.an, a.bn, d.hs);
                const double g_na = p.g_na_mS_per_cm2 * m * m * m * h;
                const double n2 = n * n;
                const double g_k = p.g_k_mS_per_cm2 * n2 * n2;
                const double g = g_na + g_k + p.g_l_mS_per_cm2;
                const double drive = (i_pA + e + i) * d.pA_to_density;
                const double x_inf =
                    (g_na * p.e_na_mV + g_k * p.e_k_mV + p.g_l_mS_per_cm2 * p.e_l_mV + drive) / g;
                x = x_inf + (x - x_inf) * std::exp(-g * d.hs_over_c);
                e *= d.sub_decay_ex;
                i *= d.sub_decay_in;
            }
            if constexpr (has_jump) {
                x += in.v_jump_mV[k];
            }
            crossed[k] = (v_start < p.v_spike_mV && x >= p.v_spike_mV) ? 1 : 0;
            v[k] = x;
            gm[k] = m;
            gh[k] = h;
            gn[k] = n;
            ie[k] = e + static_cast<double>(in.syn_ch0[k]) * in.unit_per_fx;
            in.syn_ch0[k] = 0;
            if constexpr (two_channels) {
                ii[k] = i + static_cast<double>(in.syn_ch1[k]) * in.unit_per_fx;
                in.syn_ch1[k] = 0;
            } else {
                ii[k] = i;
            }
        }
    }

    // Exact relaxation of a gate over h with frozen rates.
    static double relax(double x, double alpha, double beta, double h) {
        const double sum = alpha + beta;
        const double inf = alpha / sum;
        return inf + (x - inf) * std::exp(-h * sum);
    }

    // Counted from integrate(), per sub-step: rates 147 (six exp/expm1 at 20 FLOP each, by
    // convention, plus 27 arithmetic); three gate relaxations 3 x 27 (exp + 7); conductances 9;
    // drive 3; equilibrium 7 (one division); V relaxation 25 (exp + 5); synaptic decay 2.
    static constexpr double flop_per_substep = 274.0;

    // At the default 4 sub-steps; input conversion 4 and the crossing test 2 per step.
    static model_cost cost() {
        return {flop_per_substep * params{}.substeps + 6.0,
                6 * sizeof(double) + sizeof(std::uint8_t)};
    }
};

}  // namespace brainemu
