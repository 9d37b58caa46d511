// lif_psc_exp against the analytic solution of its linear equations. Exact integration leaves
// only round-off, so tolerances are ~1e-12 mV (the propagators are computed with expm1;
// summing thousands of steps accumulates ~1e-13 relative error).

#include "models/lif_psc_exp.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "models/model_harness.hpp"

namespace brainemu {
namespace {

using neuron = testing::one_neuron<lif_psc_exp>;

lif_psc_exp::params pd14() {
    lif_psc_exp::params p;
    p.c_m_pF = 250.0;
    p.tau_m_ms = 10.0;
    p.tau_syn_ex_ms = 0.5;
    p.tau_syn_in_ms = 2.0;
    p.t_ref_ms = 2.0;
    p.e_l_mV = -65.0;
    p.v_reset_mV = -65.0;
    p.v_th_mV = -50.0;
    return p;
}

// PSP of a current jump w at t = 0 decaying with tau_s.
double psp(double w, double t, const lif_psc_exp::params& p, double tau_s) {
    return w / p.c_m_pF * p.tau_m_ms * tau_s / (p.tau_m_ms - tau_s) *
           (std::exp(-t / p.tau_m_ms) - std::exp(-t / tau_s));
}

TEST(lif_psc_exp, single_excitatory_and_inhibitory_input_match_the_analytic_psp) {
    for (double w : {87.8085, -351.234}) {
        SCOPED_TRACE(w);
        const auto p = pd14();
        const double tau_s = w > 0 ? p.tau_syn_ex_ms : p.tau_syn_in_ms;
        neuron n(p);
        n.step(w);  // arrives in step 0: current jumps after V's update (NEST order)
        EXPECT_DOUBLE_EQ(n.v(), p.e_l_mV);
        double peak = 0.0;
        for (int k = 1; k <= 1000; ++k) {
            n.step();
            const double expected = psp(w, k * 0.1, p, tau_s);
            ASSERT_NEAR(n.v() - p.e_l_mV, expected, 1e-12) << "step " << k;
            peak = std::max(peak, std::abs(n.v() - p.e_l_mV));
        }
        if (w > 0) {
            EXPECT_NEAR(peak, 0.15, 0.005);  // models.md: 87.8 pA is a 0.15 mV PSP
        }
    }
}

TEST(lif_psc_exp, equal_time_constants_use_the_limit) {
    auto p = pd14();
    p.tau_syn_ex_ms = p.tau_m_ms;
    neuron n(p);
    n.step(100.0);
    for (int k = 1; k <= 200; ++k) {
        n.step();
        const double t = k * 0.1;
        const double expected = 100.0 / p.c_m_pF * t * std::exp(-t / p.tau_m_ms);
        ASSERT_NEAR(n.v() - p.e_l_mV, expected, 1e-12);
    }
}

TEST(lif_psc_exp, dc_response_is_the_charging_curve) {
    const auto p = pd14();
    neuron n(p);
    const double i = 300.0;  // below rheobase: E_L + I R = -53 mV < -50 mV
    for (int k = 1; k <= 2000; ++k) {
        ASSERT_FALSE(n.step(0.0, i));
        const double expected = i * p.tau_m_ms / p.c_m_pF * (1.0 - std::exp(-k * 0.1 / p.tau_m_ms));
        ASSERT_NEAR(n.v() - p.e_l_mV, expected, 1e-11) << "step " << k;
    }
}

TEST(lif_psc_exp, fires_on_the_grid_in_the_step_that_crosses_threshold) {
    const auto p = pd14();
    neuron n(p);
    const double i = 500.0;  // V_inf = -45 mV
    const double ir = i * p.tau_m_ms / p.c_m_pF;
    const double t_cross = p.tau_m_ms * std::log(ir / (ir - (p.v_th_mV - p.e_l_mV)));
    // V after step k is V((k + 1) dt): the first step whose end is past t_cross fires.
    const int expected_step = static_cast<int>(std::ceil(t_cross / 0.1)) - 1;
    int first = -1;
    for (int k = 0; k < 1000 && first < 0; ++k) {
        if (n.step(0.0, i)) {
            first = k;
        }
    }
    EXPECT_EQ(first, expected_step);
    EXPECT_DOUBLE_EQ(n.v(), p.v_reset_mV);
}

TEST(lif_psc_exp, refractory_clamps_v_for_round_t_ref_over_dt_steps_while_currents_go_on) {
    const auto p = pd14();
    neuron n(p);
    ASSERT_FALSE(n.step(1.0e6));  // a huge current: V crosses in the next step
    ASSERT_TRUE(n.step());
    // NEST: clamped for RefractoryCounts = round(2.0 / 0.1) = 20 steps after the spike step.
    for (int k = 1; k <= 20; ++k) {
        n.step();
        ASSERT_DOUBLE_EQ(n.v(), p.v_reset_mV) << "refractory step " << k;
    }
    EXPECT_GT(n.s.i_ex_pA[0], 0.0);  // the current decayed but was not reset
    n.step();
    EXPECT_GT(n.v(), p.v_reset_mV);  // integrates again in step 21
}

TEST(lif_psc_exp, parameters_are_validated_with_their_names) {
    auto p = pd14();
    p.tau_m_ms = -1.0;
    try {
        p.validate({"exp.toml", 7, "model.params"});
        FAIL() << "no error";
    } catch (const input_error& e) {
        EXPECT_STREQ(e.what(), "exp.toml:7: model.params.tau_m_ms: must be > 0, got -1");
    }
    p = pd14();
    p.v_reset_mV = -40.0;
    EXPECT_THROW(p.validate({}), input_error);
}

}  // namespace
}  // namespace brainemu
