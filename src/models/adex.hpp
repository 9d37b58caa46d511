#pragma once
// adex: adaptive exponential integrate-and-fire (Brette and Gerstner 2005, J. Neurophysiol.
// 94:3637), with exponential current synapses in pA as NEST's aeif_psc_exp.
//
//   C dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_T) / Delta_T) - w + I_syn + I_e + I_ext
//   tau_w dw/dt = a (V - E_L) - w;   V >= V_peak: V = V_reset, w += b, V clamped for t_ref
// Defaults: the paper's Fig. 2 cell (models.md section 4), V_peak = 0 mV, t_ref = 0 (NEST).
// As NEST does, V in the exponential (and in w's equation) is capped at V_peak, so a step that
// overshoots stays finite.
//
// Scheme: classical RK4 at dt, the synaptic currents exact at the stage times. Below
// V_fine = min(V_T + 3 Delta_T, V_peak) the exponential term's rate is at most 20 g_L / C
// (2.1 / ms by default), so RK4's local error is ~(0.21)^5 / 120 = 3e-6 of a step's change. A
// neuron whose V is or would get above V_fine keeps its start-of-step state and is integrated
// again in RK4 sub-steps of at most 5 us, shortened in the upstroke so that h times the
// exponential's rate stays <= 0.2; where V reaches V_peak the crossing is
// interpolated in z = exp(-(V - V_T) / Delta_T) (close to linear in time during the upstroke),
// the reset is applied there and the rest of the step continues from it. So spike times follow
// the continuous model to well under a step instead of being rounded up to the grid.
// Measured against scipy's DOP853 with event detection (tests/models/adex_test.cpp): all 17
// spike times of the adapting train (1000 pA, 500 ms) fall in the step reported, and V and w
// 1 ms apart agree within 2e-5 mV and 3e-5 pA.
// Step order as NEST: integrate (clamped while refractory: V = V_reset, w relaxes exactly);
// synaptic currents decay and this step's input is added; V >= V_peak fires.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/index_range.hpp"
#include "models/model_common.hpp"

namespace brainemu {

struct adex {
    static constexpr std::string_view name = "adex";
    static constexpr std::string_view summary =
        "adaptive exponential IF (Brette-Gerstner 2005), exp current synapses; NEST aeif_psc_exp";
    static constexpr bool accepts_current = true;
    static constexpr std::string_view weight_unit = "pA";
    static constexpr model_drive measure_drive = {800.0, 40.0};  // brainemu models --measure
    static constexpr double max_fine_step_ms = 0.005;

    struct params {
        double c_m_pF = 281.0;
        double g_l_nS = 30.0;
        double e_l_mV = -70.6;
        double v_t_mV = -50.4;
        double delta_t_mV = 2.0;
        double tau_w_ms = 144.0;
        double a_nS = 4.0;
        double b_pA = 80.5;
        double v_reset_mV = -70.6;
        double v_peak_mV = 0.0;
        double t_ref_ms = 0.0;
        double tau_syn_ex_ms = 0.2;
        double tau_syn_in_ms = 0.2;
        double i_e_pA = 0.0;

        void validate(const input_location& where) const {
            require_positive(where, "c_m_pF", c_m_pF);
            require_positive(where, "g_l_nS", g_l_nS);
            require_finite(where, "e_l_mV", e_l_mV);
            require_finite(where, "v_t_mV", v_t_mV);
            require_positive(where, "delta_t_mV", delta_t_mV);
            require_positive(where, "tau_w_ms", tau_w_ms);
            require_finite(where, "a_nS", a_nS);
            require_finite(where, "b_pA", b_pA);
            require_non_negative(where, "t_ref_ms", t_ref_ms);
            require_positive(where, "tau_syn_ex_ms", tau_syn_ex_ms);
            require_positive(where, "tau_syn_in_ms", tau_syn_in_ms);
            require_finite(where, "i_e_pA", i_e_pA);
            if (!(v_peak_mV > v_t_mV) || !std::isfinite(v_peak_mV)) {
                param_problem(where, "v_peak_mV",
                              fmt::format("must be above v_t_mV ({}), got {}", v_t_mV, v_peak_mV));
            }
            if (!(v_reset_mV < v_peak_mV)) {
                param_problem(
                    where, "v_reset_mV",
                    fmt::format("must be below v_peak_mV ({}), got {}", v_peak_mV, v_reset_mV));
            }
        }
    };

    [[nodiscard]] static int channels(const params& p) {
        return p.tau_syn_ex_ms == p.tau_syn_in_ms ? 1 : 2;
    }

    static constexpr std::array fields = {
        param_field<params>{"c_m_pF", &params::c_m_pF, "membrane capacitance"},
        param_field<params>{"g_l_nS", &params::g_l_nS, "leak conductance"},
        param_field<params>{"e_l_mV", &params::e_l_mV, "leak reversal (resting) potential"},
        param_field<params>{"v_t_mV", &params::v_t_mV, "threshold of the exponential term"},
        param_field<params>{"delta_t_mV", &params::delta_t_mV, "slope factor (sharpness)"},
        param_field<params>{"tau_w_ms", &params::tau_w_ms, "adaptation time constant"},
        param_field<params>{"a_nS", &params::a_nS, "subthreshold adaptation"},
        param_field<params>{"b_pA", &params::b_pA, "spike-triggered adaptation (w += b)"},
        param_field<params>{"v_reset_mV", &params::v_reset_mV, "reset potential"},
        param_field<params>{"v_peak_mV", &params::v_peak_mV, "spike cut-off (spike when V >= it)"},
        param_field<params>{"t_ref_ms", &params::t_ref_ms, "refractory period (V clamped)"},
        param_field<params>{"tau_syn_ex_ms", &params::tau_syn_ex_ms,
                            "excitatory synaptic current time constant"},
        param_field<params>{"tau_syn_in_ms", &params::tau_syn_in_ms,
                            "inhibitory synaptic current time constant"},
        param_field<params>{"i_e_pA", &params::i_e_pA, "constant external current"},
    };

    // Synaptic current decay factors over a span: at its middle and at its end.
    struct decay {
        double ex_mid, ex_end, in_mid, in_end;
        static decay over(const params& p, double h) {
            return {std::exp(-0.5 * h / p.tau_syn_ex_ms), std::exp(-h / p.tau_syn_ex_ms),
                    std::exp(-0.5 * h / p.tau_syn_in_ms), std::exp(-h / p.tau_syn_in_ms)};
        }
    };

    struct derived {
        double h, hs;  // step and fine sub-step
        decay step;
        double w_decay;  // exp(-h / tau_w): w while V is clamped
        double v_fine_mV;
        std::int32_t fine_steps, ref_steps;

        static derived from(const params& p, double dt_ms) {
            derived d{};
            d.h = dt_ms;
            d.fine_steps = std::max(1, static_cast<int>(std::ceil(dt_ms / max_fine_step_ms)));
            d.hs = dt_ms / d.fine_steps;
            d.step = decay::over(p, d.h);
            d.w_decay = std::exp(-d.h / p.tau_w_ms);
            d.v_fine_mV = std::min(p.v_t_mV + 3.0 * p.delta_t_mV, p.v_peak_mV);
            d.ref_steps = refractory_steps(p.t_ref_ms, dt_ms);
            return d;
        }
    };

    struct state {
        std::vector<double> v_mV, w_pA, i_ex_pA, i_in_pA;
        std::vector<std::int32_t> refractory_left;
        std::vector<std::int32_t> ref_steps;  // per neuron (stimuli may override)
        std::vector<std::uint8_t> fine;       // scratch: step done again finely

        void resize(std::size_t n, const params& p, const derived& d) {
            v_mV.assign(n, p.e_l_mV);
            w_pA.assign(n, 0.0);
            i_ex_pA.assign(n, 0.0);
            i_in_pA.assign(n, 0.0);
            refractory_left.assign(n, 0);
            ref_steps.assign(n, d.ref_steps);
            fine.assign(n, 0);
        }
        [[nodiscard]] state_columns columns() {
            return {{{"v_mV", v_mV}, {"w_pA", w_pA}, {"i_ex_pA", i_ex_pA}, {"i_in_pA", i_in_pA}},
                    {{"refractory_left", refractory_left}}};
        }
        [[nodiscard]] std::size_t bytes() const {
            return (v_mV.capacity() + w_pA.capacity() + i_ex_pA.capacity() + i_in_pA.capacity()) *
                       sizeof(double) +
                   (refractory_left.capacity() + ref_steps.capacity()) * sizeof(std::int32_t) +
                   fine.capacity();
        }
    };

    // One RK4 step of length h from (v, w); constant current i_c, synaptic currents (ex, in)
    // at the start, decaying by dc over the step.
    static void rk4(const params& p, double i_c, double ex, double in, const decay& dc, double h,
                    double& v, double& w) {
        const double inv_c = 1.0 / p.c_m_pF, inv_tw = 1.0 / p.tau_w_ms;
        const auto fv = [&](double x, double y, double is) {
            const double xc = std::min(x, p.v_peak_mV);
            return (p.g_l_nS * (p.e_l_mV - x) +
                    p.g_l_nS * p.delta_t_mV * std::exp((xc - p.v_t_mV) / p.delta_t_mV) - y + is +
                    i_c) *
                   inv_c;
        };
        const auto fw = [&](double x, double y) {
            return (p.a_nS * (std::min(x, p.v_peak_mV) - p.e_l_mV) - y) * inv_tw;
        };
        const double is0 = ex + in;
        const double is_mid = ex * dc.ex_mid + in * dc.in_mid;
        const double is1 = ex * dc.ex_end + in * dc.in_end;
        const double k1v = fv(v, w, is0), k1w = fw(v, w);
        const double v2 = v + 0.5 * h * k1v, w2 = w + 0.5 * h * k1w;
        const double k2v = fv(v2, w2, is_mid), k2w = fw(v2, w2);
        const double v3 = v + 0.5 * h * k2v, w3 = w + 0.5 * h * k2w;
        const double k3v = fv(v3, w3, is_mid), k3w = fw(v3, w3);
        const double v4 = v + h * k3v, w4 = w + h * k3w;
        const double k4v = fv(v4, w4, is1), k4w = fw(v4, w4);
        v += h / 6.0 * (k1v + 2.0 * (k2v + k3v) + k4v);
        w += h / 6.0 * (k1w + 2.0 * (k2w + k3w) + k4w);
    }

    static void step(const params& p, const derived& d, state& s, local_range r,
                     const step_input& in, std::vector<std::uint32_t>& spiked) {
        with_input_kinds(in, [&](auto two, auto has_current, auto has_jump) {
            integrate<two(), has_current(), has_jump()>(p, d, s, r, in);
        });
        const std::uint8_t* fine = s.fine.data();
        for (std::uint32_t i = r.first; i < r.last; ++i) {
            if (fine[i] != 0 && fine_step(p, d, s, i, in, i - r.first)) {
                spiked.push_back(i);
            }
        }
    }

    // Pass 1, without branches: a neuron at or heading above V_fine keeps its start-of-step
    // state, currents and ring entry for fine_step.
    template <bool two_channels, bool has_current, bool has_jump>
    static void integrate(const params& p, const derived& d, state& s, local_range r,
                          const step_input& in) {
        const std::uint32_t f = r.first;
        double* v = s.v_mV.data() + f;
        double* w = s.w_pA.data() + f;
        double* ie = s.i_ex_pA.data() + f;
        double* ii = s.i_in_pA.data() + f;
        std::int32_t* ref = s.refractory_left.data() + f;
        std::uint8_t* fine = s.fine.data() + f;
        std::int64_t* ch0 = in.syn_ch0;
        std::int64_t* ch1 = in.syn_ch1;
        const double w_inf_clamped = p.a_nS * (p.v_reset_mV - p.e_l_mV);
        const std::uint32_t n = r.size();
        for (std::uint32_t k = 0; k < n; ++k) {
            double i_c = p.i_e_pA;
            if constexpr (has_current) {
                i_c += in.current_pA[k];
            }
            const bool active = ref[k] == 0;
            double vn = v[k], wn = w[k];
            rk4(p, i_c, ie[k], ii[k], d.step, d.h, vn, wn);
            if constexpr (has_jump) {
                vn += in.v_jump_mV[k];
            }
            const double w_clamped = w_inf_clamped + (w[k] - w_inf_clamped) * d.w_decay;
            const bool redo = active && std::max(v[k], vn) >= d.v_fine_mV;
            fine[k] = redo ? 1 : 0;
            v[k] = redo ? v[k] : (active ? vn : p.v_reset_mV);
            w[k] = redo ? w[k] : (active ? wn : w_clamped);
            ref[k] = active ? 0 : ref[k] - 1;
            const double in_ex = static_cast<double>(ch0[k]) * in.unit_per_fx;
            ch0[k] = redo ? ch0[k] : 0;
            ie[k] = redo ? ie[k] : ie[k] * d.step.ex_end + in_ex;
            if constexpr (two_channels) {
                const double in_in = static_cast<double>(ch1[k]) * in.unit_per_fx;
                ch1[k] = redo ? ch1[k] : 0;
                ii[k] = redo ? ii[k] : ii[k] * d.step.in_end + in_in;
            } else {
                ii[k] = redo ? ii[k] : ii[k] * d.step.in_end;
            }
        }
    }

    // The step of neuron i (input index k) again from its start in fine sub-steps, with the
    // reset where V crosses V_peak. True if it fired.
    static bool fine_step(const params& p, const derived& d, state& s, std::uint32_t i,
                          const step_input& in, std::uint32_t k) {
        const bool two = in.syn_ch1 != nullptr;
        const double in_ex = two ? in.take(in.syn_ch0, k) : in.take_total(k);
        const double in_in = two ? in.take(in.syn_ch1, k) : 0.0;
        const double jump = in.v_jump_mV ? in.v_jump_mV[k] : 0.0;
        const double i_c = p.i_e_pA + (in.current_pA ? in.current_pA[k] : 0.0);
        const double w_inf_clamped = p.a_nS * (p.v_reset_mV - p.e_l_mV);
        const double z_peak = z_of(p, p.v_peak_mV);
        double v = s.v_mV[i], w = s.w_pA[i], ex = s.i_ex_pA[i], inh = s.i_in_pA[i];
        bool fired = false;
        // Adaptive sub-steps: at most hs, and short enough that h times the exponential term's
        // rate g_L/C exp((V - V_T)/Delta_T) stays <= 0.2 (RK4 local error ~3e-6 of a sub-step's
        // change), so the blow-up is followed to V_peak in ~(V_peak - V_T)/(0.2 Delta_T) steps.
        double t = 0.0;
        for (int guard = 0; t < d.h && guard < 100'000; ++guard) {
            const double rate = p.g_l_nS / p.c_m_pF * z_inv(p, std::min(v, p.v_peak_mV));
            const double h = std::min({d.hs, d.h - t, 0.2 / rate});
            const decay dc = decay::over(p, h);
            if (fired && s.ref_steps[i] > 0) {
                w = w_inf_clamped + (w - w_inf_clamped) * std::exp(-h / p.tau_w_ms);  // clamped
            } else {
                const double v0 = v, w0 = w;
                rk4(p, i_c, ex, inh, dc, h, v, w);
                if (v >= p.v_peak_mV) {
                    // z = exp(-(V - V_T)/Delta_T) is close to linear in time in the upstroke.
                    const double z0 = z_of(p, v0), z1 = z_of(p, v);
                    const double theta =
                        z0 > z1 ? std::clamp((z0 - z_peak) / (z0 - z1), 0.0, 1.0) : 1.0;
                    v = p.v_reset_mV;
                    w = w0 + theta * (w - w0) + p.b_pA;
                    fired = true;
                    const double rest = (1.0 - theta) * h;
                    if (s.ref_steps[i] > 0) {
                        w = w_inf_clamped + (w - w_inf_clamped) * std::exp(-rest / p.tau_w_ms);
                    } else {
                        const decay at = decay::over(p, theta * h);
                        rk4(p, i_c, ex * at.ex_end, inh * at.in_end, decay::over(p, rest), rest, v,
                            w);
                    }
                }
            }
            ex *= dc.ex_end;
            inh *= dc.in_end;
            t += h;
        }
        if (!(fired && s.ref_steps[i] > 0)) {
            v += jump;
            if (v >= p.v_peak_mV) {  // the jump crossed (or a second crossing: one spike)
                v = p.v_reset_mV;
                w += p.b_pA;
                fired = true;
            }
        }
        s.v_mV[i] = v;
        s.w_pA[i] = w;
        s.i_ex_pA[i] = ex + in_ex;
        s.i_in_pA[i] = inh + in_in;
        s.refractory_left[i] = fired ? s.ref_steps[i] : 0;
        return fired;
    }

    static double z_of(const params& p, double v) {
        return std::exp(-(v - p.v_t_mV) / p.delta_t_mV);
    }
    static double z_inv(const params& p, double v) {
        return std::exp((v - p.v_t_mV) / p.delta_t_mV);
    }

    static model_cost cost() {
        // Counted from integrate(): RK4 with four evaluations of V' (exp at 20 by convention +
        // 11) and w' (5), three stage points (2 x 4), the combination (2 x 6), synaptic current
        // at stage times 6: 4 x 36 + 8 + 12 + 6 = 170; the clamped w 3; jump 1; select 2;
        // current decay and input 6; threshold scan 1. Steps above V_fine run fine_step
        // instead (~20 RK4 sub-steps at dt = 0.1 ms, ~3,400 FLOP), a few per spike.
        return {183.0, 4 * sizeof(double) + 2 * sizeof(std::int32_t) + sizeof(std::uint8_t)};
    }
};

}  // namespace brainemu
