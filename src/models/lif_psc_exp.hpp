#pragma once
// lif_psc_exp: leaky integrate-and-fire with exponential synaptic currents, NEST's iaf_psc_exp.
//
// Exact integration (Rotter and Diesmann 1999): over one step the linear system
//   dV/dt = -(V - E_L)/tau_m + (I_ex + I_in + I_e + I_ext)/C_m,  dI_x/dt = -I_x/tau_syn_x
// is advanced by its propagator matrix, so the only error is round-off (~1e-15 relative).
// Step order, as NEST: V advances with the currents at the start of the step (unless
// refractory); currents decay; this step's synaptic input is added to the currents; V >= V_th
// fires, V = V_reset and V is clamped for round(t_ref/dt) steps while currents go on.
// External current (DC) given for step n acts over step n.

#include <array>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/index_range.hpp"
#include "models/lif_params.hpp"
#include "models/model_common.hpp"

namespace brainemu {

struct lif_psc_exp : integrate_and_fire<lif_psc_exp> {
    static constexpr std::string_view name = "lif_psc_exp";
    static constexpr std::string_view summary =
        "LIF, exponential current synapses (ex/in), exact integration; NEST iaf_psc_exp";
    static constexpr bool accepts_current = true;  // DC and step-current stimuli
    static constexpr std::string_view weight_unit = "pA";
    static constexpr model_drive measure_drive = {360.0, 40.0};  // brainemu models --measure

    struct params : current_lif_params {};  // NEST's defaults (lif_params.hpp)

    // Excitatory (w > 0) and inhibitory (w < 0) currents need separate ring channels only when
    // their time constants differ; with equal ones their sum evolves alike.
    [[nodiscard]] static int channels(const params& p) {
        return p.tau_syn_ex_ms == p.tau_syn_in_ms ? 1 : 2;
    }

    static constexpr std::array fields = {
        param_field<params>{"c_m_pF", &params::c_m_pF, "membrane capacitance"},
        param_field<params>{"tau_m_ms", &params::tau_m_ms, "membrane time constant"},
        param_field<params>{"tau_syn_ex_ms", &params::tau_syn_ex_ms,
                            "excitatory synaptic current time constant"},
        param_field<params>{"tau_syn_in_ms", &params::tau_syn_in_ms,
                            "inhibitory synaptic current time constant"},
        param_field<params>{"t_ref_ms", &params::t_ref_ms, "refractory period (V clamped)"},
        param_field<params>{"e_l_mV", &params::e_l_mV, "resting potential"},
        param_field<params>{"v_reset_mV", &params::v_reset_mV, "reset potential"},
        param_field<params>{"v_th_mV", &params::v_th_mV, "threshold (spike when V >= V_th)"},
        param_field<params>{"i_e_pA", &params::i_e_pA, "constant external current"},
    };

    // Exact propagators for one step of dt.
    struct derived {
        double p22, p11_ex, p11_in, p21_ex, p21_in, p20;
        std::int32_t ref_steps;

        static derived from(const params& p, double dt_ms) {
            derived d{};
            d.p22 = std::exp(-dt_ms / p.tau_m_ms);
            d.p11_ex = std::exp(-dt_ms / p.tau_syn_ex_ms);
            d.p11_in = std::exp(-dt_ms / p.tau_syn_in_ms);
            d.p21_ex = propagator_21(p.tau_syn_ex_ms, p.tau_m_ms, p.c_m_pF, dt_ms);
            d.p21_in = propagator_21(p.tau_syn_in_ms, p.tau_m_ms, p.c_m_pF, dt_ms);
            d.p20 = -p.tau_m_ms / p.c_m_pF * std::expm1(-dt_ms / p.tau_m_ms);
            d.ref_steps = refractory_steps(p.t_ref_ms, dt_ms);
            return d;
        }

        // Voltage response at dt to a unit current that decays with tau_s:
        // tau_m tau_s / (C (tau_m - tau_s)) (e^{-h/tau_m} - e^{-h/tau_s}), written with expm1
        // to stay accurate when tau_s approaches tau_m, and its limit h/C e^{-h/tau} at equality.
        static double propagator_21(double tau_s, double tau_m, double c_m, double h) {
            const double rate_gap = 1.0 / tau_s - 1.0 / tau_m;
            const double em = std::exp(-h / tau_m);
            if (std::abs(rate_gap) * h < 1e-12) {
                return h / c_m * em;
            }
            return -em * std::expm1(-h * rate_gap) / (c_m * rate_gap);
        }
    };

    // One neuron's state, wherever an engine keeps it: the CPU's arrays (state::at) or the
    // GPU's lanes (at): lane 0 is V, then I_ex, I_in.
    struct neuron {
        double& v_mV;
        double& i_ex_pA;
        double& i_in_pA;
        std::int32_t& refractory_left;
    };
    static constexpr int lanes = 3;
    [[nodiscard]] BRAINEMU_HD static neuron at(double* const* lane, std::int32_t* ref,
                                               std::uint64_t i) {
        return {lane[0][i], lane[1][i], lane[2][i], ref[i]};
    }
    [[nodiscard]] static double rest_mV(const params& p) { return p.e_l_mV; }

    struct state {
        std::vector<double> v_mV, i_ex_pA, i_in_pA;
        std::vector<std::int32_t> refractory_left;  // steps V stays clamped
        std::vector<std::int32_t> ref_steps;        // per neuron (stimuli may override)

        void resize(std::size_t n, const params& p, const derived& d) {
            v_mV.assign(n, rest_mV(p));
            i_ex_pA.assign(n, 0.0);
            i_in_pA.assign(n, 0.0);
            refractory_left.assign(n, 0);
            ref_steps.assign(n, d.ref_steps);
        }
        [[nodiscard]] std::array<double*, lanes> lane_data() {
            return {v_mV.data(), i_ex_pA.data(), i_in_pA.data()};
        }
        [[nodiscard]] state_columns columns() {
            return {{{"v_mV", v_mV}, {"i_ex_pA", i_ex_pA}, {"i_in_pA", i_in_pA}},
                    {{"refractory_left", refractory_left}}};
        }
        [[nodiscard]] std::size_t bytes() const {
            return (v_mV.capacity() + i_ex_pA.capacity() + i_in_pA.capacity()) * sizeof(double) +
                   (refractory_left.capacity() + ref_steps.capacity()) * sizeof(std::int32_t);
        }
    };

    // The integration of one step, without branches (so the CPU loop vectorises).
    template <class K>
    BRAINEMU_HD static void integrate_one(const params& p, const derived& d, neuron s,
                                          const neuron_input& in) {
        const double in_ex = static_cast<double>(in.fx0) * in.unit_per_fx;
        double in_in = 0.0;
        if constexpr (K::two) {
            in_in = static_cast<double>(in.fx1) * in.unit_per_fx;
        }
        double i_ext = p.i_e_pA;
        if constexpr (K::current) {
            i_ext = p.i_e_pA + in.current_pA;
        }
        // The state is read into locals first: selects between registers, not memory, keep
        // the loop free of branches (and vectorised).
        const double v = s.v_mV, ie = s.i_ex_pA, ii = s.i_in_pA;
        const std::int32_t ref = s.refractory_left;
        const bool active = ref == 0;
        double vn =
            p.e_l_mV + (v - p.e_l_mV) * d.p22 + ie * d.p21_ex + ii * d.p21_in + i_ext * d.p20;
        if constexpr (K::jump) {
            vn += in.jump_mV;  // like delta input: lost while V is clamped
        }
        s.v_mV = active ? vn : v;
        s.refractory_left = active ? 0 : ref - 1;
        s.i_ex_pA = ie * d.p11_ex + in_ex;
        s.i_in_pA = ii * d.p11_in + in_in;
    }

    // Advances neurons [r.first, r.last) of the group by one step; appends those that fire.
    static void step(const params& p, const derived& d, state& s, local_range r,
                     const step_input& in, std::vector<std::uint32_t>& spiked) {
        step_two_pass<lif_psc_exp>(p, d, s, r, in, spiked);
    }

    static model_cost cost() {
        // V update: 4 mul + 5 add; two current decays with input: 2 mul + 2 add; threshold 1.
        return {14.0, 3 * sizeof(double) + 2 * sizeof(std::int32_t)};
    }
};

}  // namespace brainemu
