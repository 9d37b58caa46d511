// lif_psc_delta against analytic LIF solutions: voltage jumps, charging curve, and the firing
// rate under DC, 1 / (t_ref + tau ln((V_inf - V_reset) / (V_inf - V_th))), which a fixed-step
// simulation reproduces to within one step of the period (spikes fall on the grid).

#include "models/lif_psc_delta.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "models/model_harness.hpp"

namespace brainemu {
namespace {

using neuron = testing::one_neuron<lif_psc_delta>;

lif_psc_delta::params brunel() {
    lif_psc_delta::params p;
    p.tau_m_ms = 20.0;
    p.t_ref_ms = 2.0;
    p.e_l_mV = 0.0;
    p.v_reset_mV = 10.0;
    p.v_th_mV = 20.0;
    return p;
}

TEST(lif_psc_delta, jump_then_exponential_decay) {
    neuron n(brunel());
    n.step(0.1);
    EXPECT_NEAR(n.v(), 0.1, 1e-12);  // the jump acts in the step it arrives (fixed point: 4.5e-13)
    for (int k = 1; k <= 500; ++k) {
        n.step();
        ASSERT_NEAR(n.v(), 0.1 * std::exp(-k * 0.1 / 20.0), 1e-12);
    }
}

TEST(lif_psc_delta, a_jump_can_fire_in_the_same_step) {
    neuron n(brunel());
    EXPECT_TRUE(n.step(25.0));
    EXPECT_DOUBLE_EQ(n.v(), 10.0);
}

TEST(lif_psc_delta, input_during_refractory_is_discarded) {
    neuron n(brunel());
    ASSERT_TRUE(n.step(25.0));
    for (int k = 1; k <= 20; ++k) {
        ASSERT_FALSE(n.step(5.0));
        ASSERT_DOUBLE_EQ(n.v(), 10.0);
    }
    n.step(5.0);
    EXPECT_NEAR(n.v(), 10.0 * std::exp(-0.1 / 20.0) + 5.0, 1e-12);
}

TEST(lif_psc_delta, dc_firing_rate_matches_the_lif_rate_formula_within_one_step) {
    const auto p = brunel();
    for (double i_pA : {300.0, 400.0, 700.0, 2000.0}) {
        SCOPED_TRACE(i_pA);
        neuron n(p);
        const double v_inf = p.e_l_mV + i_pA * p.tau_m_ms / p.c_m_pF;
        const double t_c = p.tau_m_ms * std::log((v_inf - p.v_reset_mV) / (v_inf - p.v_th_mV));
        const double period_ms = p.t_ref_ms + t_c;
        std::vector<int> spikes;
        n.s.v_mV[0] = p.v_reset_mV;  // start as just reset, so every interval is a full period
        n.s.refractory_left[0] = n.d.ref_steps;
        for (int k = 0; k < 200000; ++k) {
            if (n.step(0.0, i_pA)) {
                spikes.push_back(k);
            }
        }
        ASSERT_GE(spikes.size(), 10u);
        const double measured_ms =
            (spikes.back() - spikes.front()) * 0.1 / static_cast<double>(spikes.size() - 1);
        // On the grid each period is rounded up to a whole number of steps.
        EXPECT_GE(measured_ms, period_ms - 1e-9);
        EXPECT_LE(measured_ms, period_ms + 0.1);
    }
}

}  // namespace
}  // namespace brainemu
