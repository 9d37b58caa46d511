#pragma once
// iaf_psc_alpha: leaky integrate-and-fire with alpha-shaped synaptic currents, NEST's default
// neuron (iaf_psc_alpha) and PyNN's IF_curr_alpha.
//
//   dV/dt = -(V - E_L)/tau_m + (I_ex + I_in + I_e + I_ext)/C_m
//   dI_x/dt = dI_x - I_x/tau_syn_x,   d(dI_x)/dt = -dI_x/tau_syn_x
// A weight w (pA) adds w e / tau_syn to dI_x, so a lone input's current is
// w (t / tau_syn) e^{1 - t/tau_syn}: it peaks at w pA, tau_syn after it arrives.
// Exact integration (Rotter and Diesmann 1999) of the three-variable linear system per
// channel, so only round-off remains. Step order as NEST and lif_psc_exp: V advances with the
// currents at the start of the step (unless refractory); the currents advance; this step's
// input is added to dI; V >= V_th fires, V = V_reset and V is clamped for round(t_ref/dt)
// steps while the currents go on. External current given for step n acts over step n (as
// lif_psc_exp; NEST applies a current one step later).

#include <array>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/index_range.hpp"
#include "models/lif_params.hpp"
#include "models/model_common.hpp"

namespace brainemu {

struct iaf_psc_alpha : integrate_and_fire<iaf_psc_alpha> {
    static constexpr std::string_view name = "iaf_psc_alpha";
    static constexpr std::string_view summary =
        "LIF, alpha-shaped current synapses (ex/in), exact integration; NEST iaf_psc_alpha, "
        "PyNN IF_curr_alpha";
    static constexpr bool accepts_current = true;
    static constexpr std::string_view weight_unit = "pA";        // the current's peak
    static constexpr model_drive measure_drive = {360.0, 15.0};  // brainemu models --measure

    struct params : current_lif_params {};  // NEST's defaults (lif_params.hpp)

    // Excitatory and inhibitory inputs share a channel when their time constants are equal:
    // their sum then evolves as one alpha current.
    [[nodiscard]] static int channels(const params& p) {
        return p.tau_syn_ex_ms == p.tau_syn_in_ms ? 1 : 2;
    }

    static constexpr std::array fields = {
        param_field<params>{"c_m_pF", &params::c_m_pF, "membrane capacitance"},
        param_field<params>{"tau_m_ms", &params::tau_m_ms, "membrane time constant"},
        param_field<params>{"tau_syn_ex_ms", &params::tau_syn_ex_ms,
                            "excitatory alpha current's rise time (to its peak)"},
        param_field<params>{"tau_syn_in_ms", &params::tau_syn_in_ms,
                            "inhibitory alpha current's rise time (to its peak)"},
        param_field<params>{"t_ref_ms", &params::t_ref_ms, "refractory period (V clamped)"},
        param_field<params>{"e_l_mV", &params::e_l_mV, "resting potential"},
        param_field<params>{"v_reset_mV", &params::v_reset_mV, "reset potential"},
        param_field<params>{"v_th_mV", &params::v_th_mV, "threshold (spike when V >= V_th)"},
        param_field<params>{"i_e_pA", &params::i_e_pA, "constant external current"},
    };

    // One channel's propagators over a step h: dI' = p11 dI; I' = p21 dI + p11 I;
    // V's response to dI (p31) and to I (p32); `jump` turns a weight into dI's increment.
    struct alpha_propagators {
        double p11, p21, p31, p32, jump;

        static alpha_propagators from(double tau_s, double tau_m, double c_m, double h) {
            alpha_propagators a{};
            a.p11 = std::exp(-h / tau_s);
            a.p21 = h * a.p11;
            a.jump = std::exp(1.0) / tau_s;
            // With r = 1/tau_m - 1/tau_s and x = r h:
            //   p32 = e^{-h/tau_m} (e^x - 1) / (C r)
            //   p31 = e^{-h/tau_m} (x + (x - 1)(e^x - 1)) / (C r^2)
            // expm1 keeps both accurate; near x = 0 the second loses digits (x - x), so its
            // series h^2/(2C) e^{-h/tau_m} (1 + 2x/3 + x^2/4 + x^3/15) takes over (error
            // below x^4/72 relative, under 2e-14 for |x| < 1e-3).
            const double r = 1.0 / tau_m - 1.0 / tau_s;
            const double x = r * h;
            const double em = std::exp(-h / tau_m);
            if (std::abs(x) < 1e-3) {
                a.p32 = em * h / c_m * (1.0 + x / 2.0 + x * x / 6.0 + x * x * x / 24.0);
                a.p31 = em * h * h / (2.0 * c_m) *
                        (1.0 + 2.0 * x / 3.0 + x * x / 4.0 + x * x * x / 15.0);
            } else {
                const double e1 = std::expm1(x);
                a.p32 = em * e1 / (c_m * r);
                a.p31 = em * (x + (x - 1.0) * e1) / (c_m * r * r);
            }
            return a;
        }
    };

    struct derived {
        double p33, p30;  // V's own decay; response to a constant current
        alpha_propagators ex, in;
        std::int32_t ref_steps;

        static derived from(const params& p, double dt_ms) {
            derived d{};
            d.p33 = std::exp(-dt_ms / p.tau_m_ms);
            d.p30 = -p.tau_m_ms / p.c_m_pF * std::expm1(-dt_ms / p.tau_m_ms);
            d.ex = alpha_propagators::from(p.tau_syn_ex_ms, p.tau_m_ms, p.c_m_pF, dt_ms);
            d.in = alpha_propagators::from(p.tau_syn_in_ms, p.tau_m_ms, p.c_m_pF, dt_ms);
            d.ref_steps = refractory_steps(p.t_ref_ms, dt_ms);
            return d;
        }
    };

    // One neuron's state, wherever an engine keeps it: the CPU's arrays (state::at) or the
    // GPU's lanes (at): V, then I_ex, dI_ex, I_in, dI_in.
    struct neuron {
        double& v_mV;
        double& i_ex_pA;
        double& di_ex_pA_per_ms;
        double& i_in_pA;
        double& di_in_pA_per_ms;
        std::int32_t& refractory_left;
    };
    static constexpr int lanes = 5;
    [[nodiscard]] BRAINEMU_HD static neuron at(double* const* lane, std::int32_t* ref,
                                               std::uint64_t i) {
        return {lane[0][i], lane[1][i], lane[2][i], lane[3][i], lane[4][i], ref[i]};
    }
    [[nodiscard]] static double rest_mV(const params& p) { return p.e_l_mV; }

    struct state {
        std::vector<double> v_mV, i_ex_pA, di_ex_pA_per_ms, i_in_pA, di_in_pA_per_ms;
        std::vector<std::int32_t> refractory_left;  // steps V stays clamped
        std::vector<std::int32_t> ref_steps;        // per neuron (stimuli may override)

        void resize(std::size_t n, const params& p, const derived& d) {
            v_mV.assign(n, rest_mV(p));
            i_ex_pA.assign(n, 0.0);
            di_ex_pA_per_ms.assign(n, 0.0);
            i_in_pA.assign(n, 0.0);
            di_in_pA_per_ms.assign(n, 0.0);
            refractory_left.assign(n, 0);
            ref_steps.assign(n, d.ref_steps);
        }
        [[nodiscard]] std::array<double*, lanes> lane_data() {
            return {v_mV.data(), i_ex_pA.data(), di_ex_pA_per_ms.data(), i_in_pA.data(),
                    di_in_pA_per_ms.data()};
        }
        [[nodiscard]] state_columns columns() {
            return {{{"v_mV", v_mV},
                     {"i_ex_pA", i_ex_pA},
                     {"di_ex_pA_per_ms", di_ex_pA_per_ms},
                     {"i_in_pA", i_in_pA},
                     {"di_in_pA_per_ms", di_in_pA_per_ms}},
                    {{"refractory_left", refractory_left}}};
        }
        [[nodiscard]] std::size_t bytes() const {
            return (v_mV.capacity() + i_ex_pA.capacity() + di_ex_pA_per_ms.capacity() +
                    i_in_pA.capacity() + di_in_pA_per_ms.capacity()) *
                       sizeof(double) +
                   (refractory_left.capacity() + ref_steps.capacity()) * sizeof(std::int32_t);
        }
    };

    // The integration of one step, without branches (so the CPU loop vectorises).
    template <class K>
    BRAINEMU_HD static void integrate_one(const params& p, const derived& d, neuron s,
                                          const neuron_input& in) {
        const double w_ex = static_cast<double>(in.fx0) * in.unit_per_fx;
        double w_in = 0.0;
        if constexpr (K::two) {
            w_in = static_cast<double>(in.fx1) * in.unit_per_fx;
        }
        double i_ext = p.i_e_pA;
        if constexpr (K::current) {
            i_ext = p.i_e_pA + in.current_pA;
        }
        // The state is read into locals first: selects between registers keep the loop free
        // of branches (and vectorised).
        const double v = s.v_mV, ie = s.i_ex_pA, die = s.di_ex_pA_per_ms;
        const double ii = s.i_in_pA, dii = s.di_in_pA_per_ms;
        const std::int32_t ref = s.refractory_left;
        const bool active = ref == 0;
        double vn = p.e_l_mV + (v - p.e_l_mV) * d.p33 + die * d.ex.p31 + ie * d.ex.p32 +
                    dii * d.in.p31 + ii * d.in.p32 + i_ext * d.p30;
        if constexpr (K::jump) {
            vn += in.jump_mV;  // lost while V is clamped
        }
        s.v_mV = active ? vn : v;
        s.refractory_left = active ? 0 : ref - 1;
        s.i_ex_pA = die * d.ex.p21 + ie * d.ex.p11;
        s.di_ex_pA_per_ms = die * d.ex.p11 + w_ex * d.ex.jump;
        s.i_in_pA = dii * d.in.p21 + ii * d.in.p11;
        s.di_in_pA_per_ms = dii * d.in.p11 + w_in * d.in.jump;
    }

    static void step(const params& p, const derived& d, state& s, local_range r,
                     const step_input& in, std::vector<std::uint32_t>& spiked) {
        step_two_pass<iaf_psc_alpha>(p, d, s, r, in, spiked);
    }

    static model_cost cost() {
        // V update: 7 mul + 7 add; per channel I (2 mul, 1 add), dI with input (2 mul, 1 add);
        // threshold 1.
        return {27.0, 5 * sizeof(double) + 2 * sizeof(std::int32_t)};
    }
};

}  // namespace brainemu
