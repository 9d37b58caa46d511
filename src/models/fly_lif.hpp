#pragma once
// fly_lif: the whole-fly-brain LIF of Shiu et al. 2024 (Nature 634:210), as their Brian2 code.
//
//   dv/dt = (v_0 - v + g) / tau_m,   dg/dt = -g / tau_syn   (both frozen while refractory)
// Exact linear integration over dt (the 2x2 propagator), so only round-off error remains.
// Step order is Brian2's schedule, which the published results depend on: integrate unless
// refractory; threshold v > v_th (strict) unless refractory; add this step's input (synaptic
// input to g, Poisson "voltage" input to v); on a spike reset v = v_reset and g = 0 (wiping that
// step's input). Input arriving while refractory is lost: Brian2 write-protects variables marked
// "(unless refractory)", so on_pre and PoissonInput writes to them are discarded (found by the
// cross-simulator test, tests/crosssim).
// Refractory timing is Brian2's: not_refractory = timestep(t - lastspike) >= round(t_ref/dt),
// so after a spike the state is frozen for round(t_ref/dt) - 1 steps.

#include <array>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/index_range.hpp"
#include "models/model_common.hpp"

namespace brainemu {

struct fly_lif {
    static constexpr std::string_view name = "fly_lif";
    static constexpr std::string_view summary =
        "Shiu et al. 2024 fly LIF: voltage-jump conductance-like g, exact, Brian2 semantics";
    static constexpr bool accepts_current = false;  // its equations have no capacitance
    static constexpr std::string_view weight_unit = "mV";
    static constexpr model_drive measure_drive = {0.0, 0.5};  // brainemu models --measure

    struct params {
        double v_0_mV = -52.0;
        double v_reset_mV = -52.0;
        double v_th_mV = -45.0;
        double tau_m_ms = 20.0;
        double tau_syn_ms = 5.0;
        double t_ref_ms = 2.2;

        void validate(const input_location& where) const {
            require_finite(where, "v_0_mV", v_0_mV);
            require_finite(where, "v_th_mV", v_th_mV);
            require_positive(where, "tau_m_ms", tau_m_ms);
            require_positive(where, "tau_syn_ms", tau_syn_ms);
            require_non_negative(where, "t_ref_ms", t_ref_ms);
            if (!(v_reset_mV < v_th_mV)) {
                param_problem(
                    where, "v_reset_mV",
                    fmt::format("must be below v_th_mV ({}), got {}", v_th_mV, v_reset_mV));
            }
        }
    };

    [[nodiscard]] static int channels(const params&) { return 1; }  // signed input to g

    static constexpr std::array fields = {
        param_field<params>{"v_0_mV", &params::v_0_mV, "resting potential"},
        param_field<params>{"v_reset_mV", &params::v_reset_mV, "reset potential"},
        param_field<params>{"v_th_mV", &params::v_th_mV, "threshold (spike when v > v_th)"},
        param_field<params>{"tau_m_ms", &params::tau_m_ms, "membrane time constant"},
        param_field<params>{"tau_syn_ms", &params::tau_syn_ms, "synaptic time constant of g"},
        param_field<params>{"t_ref_ms", &params::t_ref_ms, "refractory period (v, g frozen)"},
    };

    struct derived {
        double p_vv, p_vg, p_gg;  // v' - v_0 = p_vv (v - v_0) + p_vg g;  g' = p_gg g
        std::int32_t ref_steps;

        static derived from(const params& p, double dt_ms) {
            derived d{};
            d.p_vv = std::exp(-dt_ms / p.tau_m_ms);
            d.p_gg = std::exp(-dt_ms / p.tau_syn_ms);
            // g's contribution: tau_s/(tau_s - tau_m) (e^{-h/tau_s} - e^{-h/tau_m}), via expm1
            // for accuracy; at tau_s == tau_m its limit (h/tau) e^{-h/tau}.
            const double rate_gap = 1.0 / p.tau_m_ms - 1.0 / p.tau_syn_ms;
            if (std::abs(rate_gap) * dt_ms < 1e-12) {
                d.p_vg = dt_ms / p.tau_m_ms * d.p_vv;
            } else {
                d.p_vg = -d.p_gg * std::expm1(-dt_ms * rate_gap) / (p.tau_m_ms * rate_gap);
            }
            d.ref_steps = refractory_steps(p.t_ref_ms, dt_ms);
            return d;
        }
    };

    // One neuron's state, wherever an engine keeps it (CPU arrays, GPU lanes: v, then g).
    struct neuron {
        double& v_mV;
        double& g_mV;
        std::int32_t& refractory_left;
    };
    static constexpr int lanes = 2;
    [[nodiscard]] BRAINEMU_HD static neuron at(double* const* lane, std::int32_t* ref,
                                               std::uint64_t i) {
        return {lane[0][i], lane[1][i], ref[i]};
    }
    [[nodiscard]] static double rest_mV(const params& p) { return p.v_0_mV; }

    struct state {
        std::vector<double> v_mV, g_mV;
        std::vector<std::int32_t> refractory_left;  // frozen steps left
        std::vector<std::int32_t> ref_steps;        // round(t_ref/dt), per neuron

        void resize(std::size_t n, const params& p, const derived& d) {
            v_mV.assign(n, rest_mV(p));
            g_mV.assign(n, 0.0);
            refractory_left.assign(n, 0);
            ref_steps.assign(n, d.ref_steps);
        }
        [[nodiscard]] std::array<double*, lanes> lane_data() { return {v_mV.data(), g_mV.data()}; }
        [[nodiscard]] state_columns columns() {
            return {{{"v_mV", v_mV}, {"g_mV", g_mV}}, {{"refractory_left", refractory_left}}};
        }
        [[nodiscard]] std::size_t bytes() const {
            return (v_mV.capacity() + g_mV.capacity()) * sizeof(double) +
                   (refractory_left.capacity() + ref_steps.capacity()) * sizeof(std::int32_t);
        }
    };

    static void step(const params& p, const derived& d, state& s, local_range r,
                     const step_input& in, std::vector<std::uint32_t>& spiked) {
        step_each<fly_lif>(p, d, s, r, in, spiked);
    }

    // One neuron's step; true if it fired. The dense loop, the activity-driven CPU engine
    // (which steps only neurons not at rest) and the GPU engine share it, so all give the
    // same bits.
    template <class K>
    BRAINEMU_HD static bool step_one(const params& p, const derived& d, neuron s,
                                     const std::int32_t& ref_steps, const neuron_input& in) {
        const double syn = in.total<K>();
        if (s.refractory_left != 0) {
            --s.refractory_left;
            return false;  // frozen, and the input is lost
        }
        s.v_mV = p.v_0_mV + (s.v_mV - p.v_0_mV) * d.p_vv + s.g_mV * d.p_vg;
        s.g_mV *= d.p_gg;
        const bool fire = s.v_mV > p.v_th_mV;
        s.g_mV += syn;
        if constexpr (K::jump) {
            s.v_mV += in.jump_mV;
        }
        if (fire) {
            s.v_mV = p.v_reset_mV;
            s.g_mV = 0.0;
            s.refractory_left = ref_steps - 1 > 0 ? ref_steps - 1 : 0;
        }
        return fire;
    }

    // At rest, with no input this step, a step leaves every bit of the state as it is:
    // v = v_0 + 0 * p_vv + 0 * p_vg = v_0 exactly, g = 0 * p_gg = 0, and no threshold crossing
    // as long as v_0 <= v_th (can_rest; a neuron resting above threshold fires every step).
    [[nodiscard]] static bool can_rest(const params& p) { return p.v_0_mV <= p.v_th_mV; }
    [[nodiscard]] BRAINEMU_HD static bool at_rest(const params& p, neuron s) {
        return s.refractory_left == 0 && s.v_mV == p.v_0_mV && s.g_mV == 0.0;
    }

    static model_cost cost() {
        // v update: 2 mul + 3 add; g decay 1 mul; input 2 add; threshold 1.
        return {9.0, 2 * sizeof(double) + 2 * sizeof(std::int32_t)};
    }
};

}  // namespace brainemu
