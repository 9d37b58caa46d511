#pragma once
// lif_cond_exp: leaky integrate-and-fire with exponential conductances, NEST's iaf_cond_exp.
//
//   C dV/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in) + I_e + I_ext
//   dg_x/dt = -g_x / tau_syn_x;  a spike of weight w nS adds w to g_ex (w > 0) or |w| to g_in
//
// NEST integrates this with an adaptive RKF45. Here, per step of h = dt: the conductances decay
// exactly; V advances by the exact solution of its equation with each conductance replaced by
// its exact mean over the step, g_x0 * tau_x / h * (1 - exp(-h / tau_x)). For a scalar linear
// equation V' = -a(t) V + b(t) the homogeneous factor exp(-integral of a) is then exact; only
// the forcing's time course inside the step is approximated, so the local error is O(h^3)
// (global O(h^2)), zero while no conductance changes. Measured against scipy's DOP853
// (tests/models/lif_cond_exp_test.cpp): PSPs of 5 and 50 nS excitatory jumps (tau 0.2 ms) at
// h = 0.1 ms stay within 2.8e-4 of their peak height, a 20 nS inhibitory one within 3e-5.
// Step order as NEST: V advances with the conductances at the start of the step (clamped to
// V_reset while refractory); conductances decay and this step's input is added; V >= V_th
// fires, V = V_reset, clamped for round(t_ref/dt) steps while conductances go on.

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/index_range.hpp"
#include "core/weight_scale.hpp"
#include "models/model_common.hpp"

namespace brainemu {

struct lif_cond_exp {
    static constexpr std::string_view name = "lif_cond_exp";
    static constexpr std::string_view summary =
        "LIF, exponential conductances (ex/in, reversal potentials); NEST iaf_cond_exp";
    static constexpr bool accepts_current = true;
    static constexpr std::string_view weight_unit = "nS";
    static constexpr model_drive measure_drive = {300.0, 1.0};  // brainemu models --measure

    struct params {  // NEST iaf_cond_exp defaults
        double c_m_pF = 250.0;
        double g_l_nS = 16.6667;
        double e_l_mV = -70.0;
        double e_ex_mV = 0.0;
        double e_in_mV = -85.0;
        double tau_syn_ex_ms = 0.2;
        double tau_syn_in_ms = 2.0;
        double t_ref_ms = 2.0;
        double v_reset_mV = -60.0;
        double v_th_mV = -55.0;
        double i_e_pA = 0.0;

        void validate(const input_location& where) const {
            require_positive(where, "c_m_pF", c_m_pF);
            require_positive(where, "g_l_nS", g_l_nS);
            require_positive(where, "tau_syn_ex_ms", tau_syn_ex_ms);
            require_positive(where, "tau_syn_in_ms", tau_syn_in_ms);
            require_non_negative(where, "t_ref_ms", t_ref_ms);
            require_finite(where, "e_l_mV", e_l_mV);
            require_finite(where, "e_ex_mV", e_ex_mV);
            require_finite(where, "e_in_mV", e_in_mV);
            require_finite(where, "i_e_pA", i_e_pA);
            require_finite(where, "v_th_mV", v_th_mV);
            if (!(v_reset_mV < v_th_mV)) {
                param_problem(
                    where, "v_reset_mV",
                    fmt::format("must be below v_th_mV ({}), got {}", v_th_mV, v_reset_mV));
            }
        }
    };

    // The two conductances pull towards different reversal potentials: always two channels.
    [[nodiscard]] static int channels(const params&) { return 2; }

    static constexpr std::array fields = {
        param_field<params>{"c_m_pF", &params::c_m_pF, "membrane capacitance"},
        param_field<params>{"g_l_nS", &params::g_l_nS, "leak conductance"},
        param_field<params>{"e_l_mV", &params::e_l_mV, "leak reversal (resting) potential"},
        param_field<params>{"e_ex_mV", &params::e_ex_mV, "excitatory reversal potential"},
        param_field<params>{"e_in_mV", &params::e_in_mV, "inhibitory reversal potential"},
        param_field<params>{"tau_syn_ex_ms", &params::tau_syn_ex_ms,
                            "excitatory conductance time constant"},
        param_field<params>{"tau_syn_in_ms", &params::tau_syn_in_ms,
                            "inhibitory conductance time constant"},
        param_field<params>{"t_ref_ms", &params::t_ref_ms, "refractory period (V clamped)"},
        param_field<params>{"v_reset_mV", &params::v_reset_mV, "reset potential"},
        param_field<params>{"v_th_mV", &params::v_th_mV, "threshold (spike when V >= V_th)"},
        param_field<params>{"i_e_pA", &params::i_e_pA, "constant external current"},
    };

    // Weights given in pA become the conductance that gives the same current at rest, with the
    // model's own time constants: w / |E_ex - E_L| for w > 0, w / |E_in - E_L| for w < 0.
    static constexpr std::string_view from_pA_rule =
        "w_nS = w_pA / |E_rev - e_l_mV|, E_rev = e_ex_mV (w > 0) or e_in_mV (same current at rest)";
    [[nodiscard]] static std::optional<weight_scale> from_pA(const params& p, double) {
        const double ex = std::abs(p.e_ex_mV - p.e_l_mV);
        const double in = std::abs(p.e_in_mV - p.e_l_mV);
        if (!(ex > 0.0) || !(in > 0.0)) {
            return std::nullopt;  // no driving force at rest
        }
        return weight_scale{1.0 / ex, 1.0 / in};
    }

    struct derived {
        double decay_ex, decay_in;  // exp(-h / tau_x)
        double mean_ex, mean_in;    // mean of exp(-t / tau_x) over [0, h]
        double h_over_c;            // dt / C_m (ms / pF)
        std::int32_t ref_steps;

        static derived from(const params& p, double dt_ms) {
            derived d{};
            d.decay_ex = std::exp(-dt_ms / p.tau_syn_ex_ms);
            d.decay_in = std::exp(-dt_ms / p.tau_syn_in_ms);
            d.mean_ex = -p.tau_syn_ex_ms / dt_ms * std::expm1(-dt_ms / p.tau_syn_ex_ms);
            d.mean_in = -p.tau_syn_in_ms / dt_ms * std::expm1(-dt_ms / p.tau_syn_in_ms);
            d.h_over_c = dt_ms / p.c_m_pF;
            d.ref_steps = refractory_steps(p.t_ref_ms, dt_ms);
            return d;
        }
    };

    struct state {
        std::vector<double> v_mV, g_ex_nS, g_in_nS;
        std::vector<std::int32_t> refractory_left;
        std::vector<std::int32_t> ref_steps;  // per neuron (stimuli may override)

        void resize(std::size_t n, const params& p, const derived& d) {
            v_mV.assign(n, p.e_l_mV);
            g_ex_nS.assign(n, 0.0);
            g_in_nS.assign(n, 0.0);
            refractory_left.assign(n, 0);
            ref_steps.assign(n, d.ref_steps);
        }
        [[nodiscard]] state_columns columns() {
            return {{{"v_mV", v_mV}, {"g_ex_nS", g_ex_nS}, {"g_in_nS", g_in_nS}},
                    {{"refractory_left", refractory_left}}};
        }
        [[nodiscard]] std::size_t bytes() const {
            return (v_mV.capacity() + g_ex_nS.capacity() + g_in_nS.capacity()) * sizeof(double) +
                   (refractory_left.capacity() + ref_steps.capacity()) * sizeof(std::int32_t);
        }
    };

    // Two passes, as lif_psc_exp: a branch-free integration loop, then the threshold scan.
    static void step(const params& p, const derived& d, state& s, local_range r,
                     const step_input& in, std::vector<std::uint32_t>& spiked) {
        with_input_kinds(in, [&](auto two, auto has_current, auto has_jump) {
            integrate<two(), has_current(), has_jump()>(p, d, s, r, in);
        });
        double* v = s.v_mV.data();
        std::int32_t* ref = s.refractory_left.data();
        for (std::uint32_t i = r.first; i < r.last; ++i) {
            if (v[i] >= p.v_th_mV) {
                v[i] = p.v_reset_mV;
                ref[i] = s.ref_steps[i];
                spiked.push_back(i);
            }
        }
    }

    template <bool two_channels, bool has_current, bool has_jump>
    static void integrate(const params& p, const derived& d, state& s, local_range r,
                          const step_input& in) {
        double* v = s.v_mV.data() + r.first;
        double* ge = s.g_ex_nS.data() + r.first;
        double* gi = s.g_in_nS.data() + r.first;
        std::int32_t* ref = s.refractory_left.data() + r.first;
        std::int64_t* ch0 = in.syn_ch0;
        std::int64_t* ch1 = in.syn_ch1;
        const double leak = p.g_l_nS * p.e_l_mV;
        const std::uint32_t n = r.size();
        for (std::uint32_t k = 0; k < n; ++k) {
            const double in_ex = static_cast<double>(ch0[k]) * in.unit_per_fx;
            ch0[k] = 0;
            double in_in = 0.0;
            if constexpr (two_channels) {
                in_in = -static_cast<double>(ch1[k]) * in.unit_per_fx;  // |w| of w < 0
                ch1[k] = 0;
            }
            double i_ext = p.i_e_pA;
            if constexpr (has_current) {
                i_ext += in.current_pA[k];
            }
            const double me = ge[k] * d.mean_ex;
            const double mi = gi[k] * d.mean_in;
            const double g_tot = p.g_l_nS + me + mi;
            const double v_inf = (leak + me * p.e_ex_mV + mi * p.e_in_mV + i_ext) / g_tot;
            double vn = v_inf + (v[k] - v_inf) * std::exp(-g_tot * d.h_over_c);
            if constexpr (has_jump) {
                vn += in.v_jump_mV[k];  // like delta input: lost while V is clamped
            }
            const bool active = ref[k] == 0;
            v[k] = active ? vn : p.v_reset_mV;
            ref[k] = active ? 0 : ref[k] - 1;
            ge[k] = ge[k] * d.decay_ex + in_ex;
            gi[k] = gi[k] * d.decay_in + in_in;
        }
    }

    static model_cost cost() {
        // Counted from integrate(): means 2 mul; g_tot 2 add; v_inf 3 mul + 3 add + 1 div;
        // exp argument 2 (neg, mul) + exp (counted as 20); V 1 mul + 2 add; conductance decay
        // with input 2 mul + 2 add; input conversion 2 mul; threshold 1.
        return {43.0, 3 * sizeof(double) + 2 * sizeof(std::int32_t)};
    }
};

}  // namespace brainemu
