#pragma once
// lif_psc_delta: leaky integrate-and-fire with delta synapses (voltage jumps), NEST's
// iaf_psc_delta.
//
// Exact integration: V relaxes to E_L + (I_e + I_ext) R with the exact exponential over a step;
// a synaptic input of w mV arriving in a step is added to V in that step (before the threshold
// test, so it can fire the neuron in the same step). Inputs arriving while refractory are
// discarded (NEST's default refractory_input = false). V >= V_th fires; V = V_reset and V is
// clamped for round(t_ref/dt) steps.

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

struct lif_psc_delta {
    static constexpr std::string_view name = "lif_psc_delta";
    static constexpr std::string_view summary =
        "LIF, delta synapses (voltage jumps), exact integration; NEST iaf_psc_delta";
    static constexpr bool accepts_current = true;  // DC and step-current stimuli
    static constexpr std::string_view weight_unit = "mV";
    static constexpr model_drive measure_drive = {360.0, 0.5};  // brainemu models --measure

    struct params {
        double c_m_pF = 250.0;
        double tau_m_ms = 10.0;
        double t_ref_ms = 2.0;
        double e_l_mV = -70.0;
        double v_reset_mV = -70.0;
        double v_th_mV = -55.0;
        double i_e_pA = 0.0;

        void validate(const input_location& where) const {
            require_positive(where, "c_m_pF", c_m_pF);
            require_positive(where, "tau_m_ms", tau_m_ms);
            require_non_negative(where, "t_ref_ms", t_ref_ms);
            require_finite(where, "e_l_mV", e_l_mV);
            require_finite(where, "i_e_pA", i_e_pA);
            require_finite(where, "v_th_mV", v_th_mV);
            if (!(v_reset_mV < v_th_mV)) {
                param_problem(
                    where, "v_reset_mV",
                    fmt::format("must be below v_th_mV ({}), got {}", v_th_mV, v_reset_mV));
            }
        }
    };

    [[nodiscard]] static int channels(const params&) { return 1; }

    static constexpr std::array fields = {
        param_field<params>{"c_m_pF", &params::c_m_pF, "membrane capacitance"},
        param_field<params>{"tau_m_ms", &params::tau_m_ms, "membrane time constant"},
        param_field<params>{"t_ref_ms", &params::t_ref_ms, "refractory period (V clamped)"},
        param_field<params>{"e_l_mV", &params::e_l_mV, "resting potential"},
        param_field<params>{"v_reset_mV", &params::v_reset_mV, "reset potential"},
        param_field<params>{"v_th_mV", &params::v_th_mV, "threshold (spike when V >= V_th)"},
        param_field<params>{"i_e_pA", &params::i_e_pA, "constant external current"},
    };

    // Weights given in pA become voltage jumps of the same charge (weight_scale.hpp).
    static constexpr std::string_view from_pA_rule = equal_charge_rule;
    [[nodiscard]] static std::optional<weight_scale> from_pA(const params& p, double psc_tau_ms) {
        return equal_charge_jump(psc_tau_ms, p.c_m_pF);
    }

    struct derived {
        double p33, p30;
        std::int32_t ref_steps;
        static derived from(const params& p, double dt_ms) {
            return {std::exp(-dt_ms / p.tau_m_ms),
                    -p.tau_m_ms / p.c_m_pF * std::expm1(-dt_ms / p.tau_m_ms),
                    refractory_steps(p.t_ref_ms, dt_ms)};
        }
    };

    // One neuron's state, wherever an engine keeps it (CPU arrays, GPU lanes: lane 0 is V).
    struct neuron {
        double& v_mV;
        std::int32_t& refractory_left;
    };
    static constexpr int lanes = 1;
    [[nodiscard]] BRAINEMU_HD static neuron at(double* const* lane, std::int32_t* ref,
                                               std::uint64_t i) {
        return {lane[0][i], ref[i]};
    }
    [[nodiscard]] static double rest_mV(const params& p) { return p.e_l_mV; }

    struct state {
        std::vector<double> v_mV;
        std::vector<std::int32_t> refractory_left;
        std::vector<std::int32_t> ref_steps;

        void resize(std::size_t n, const params& p, const derived& d) {
            v_mV.assign(n, rest_mV(p));
            refractory_left.assign(n, 0);
            ref_steps.assign(n, d.ref_steps);
        }
        [[nodiscard]] std::array<double*, lanes> lane_data() { return {v_mV.data()}; }
        [[nodiscard]] state_columns columns() {
            return {{{"v_mV", v_mV}}, {{"refractory_left", refractory_left}}};
        }
        [[nodiscard]] std::size_t bytes() const {
            return v_mV.capacity() * sizeof(double) +
                   (refractory_left.capacity() + ref_steps.capacity()) * sizeof(std::int32_t);
        }
    };

    // One neuron's step; true if it fired. Input arriving while V is clamped is lost.
    template <class K>
    BRAINEMU_HD static bool step_one(const params& p, const derived& d, neuron s,
                                     const std::int32_t& ref_steps, const neuron_input& in) {
        double jump = in.total<K>();
        if (s.refractory_left == 0) {
            const double i_ext = p.i_e_pA + (K::current ? in.current_pA : 0.0);
            if constexpr (K::jump) {
                jump += in.jump_mV;
            }
            s.v_mV = p.e_l_mV + (s.v_mV - p.e_l_mV) * d.p33 + i_ext * d.p30 + jump;
        } else {
            --s.refractory_left;
        }
        if (s.v_mV >= p.v_th_mV) {
            s.v_mV = p.v_reset_mV;
            s.refractory_left = ref_steps;
            return true;
        }
        return false;
    }

    static void step(const params& p, const derived& d, state& s, local_range r,
                     const step_input& in, std::vector<std::uint32_t>& spiked) {
        step_each<lif_psc_delta>(p, d, s, r, in, spiked);
    }

    static model_cost cost() {
        // V update: 2 mul + 4 add (jump included); threshold 1.
        return {7.0, sizeof(double) + 2 * sizeof(std::int32_t)};
    }
};

}  // namespace brainemu
