// fly_lif (Shiu et al. 2024) against its analytic solution and Brian2's step semantics.
// Tolerance 1e-12 mV: exact integration, so round-off only.

#include "models/fly_lif.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "models/model_harness.hpp"

namespace brainemu {
namespace {

using neuron = testing::one_neuron<fly_lif>;

TEST(fly_lif, synaptic_input_rises_and_decays_as_the_analytic_solution) {
    const fly_lif::params p;  // Shiu et al.: tau_m 20, tau_syn 5
    neuron n(p);
    const double w = 0.275;  // one synapse's weight, mV
    n.step(w);               // added to g after this step's integration (Brian2's order)
    EXPECT_DOUBLE_EQ(n.v(), p.v_0_mV);
    for (int k = 1; k <= 2000; ++k) {
        n.step();
        const double t = k * 0.1;
        const double expected = w * p.tau_syn_ms / (p.tau_syn_ms - p.tau_m_ms) *
                                (std::exp(-t / p.tau_syn_ms) - std::exp(-t / p.tau_m_ms));
        ASSERT_NEAR(n.v() - p.v_0_mV, expected, 1e-12) << "step " << k;
    }
}

TEST(fly_lif, threshold_is_tested_before_this_steps_input) {
    fly_lif::params p;
    neuron m(p);
    EXPECT_FALSE(m.step(0.0, 0.0, 100.0));  // a voltage jump counts from the next step on
    EXPECT_TRUE(m.step());
}

TEST(fly_lif, refractory_freezes_for_round_t_ref_minus_one_steps_and_loses_input) {
    const fly_lif::params p;  // t_ref 2.2 ms: 22 steps, Brian2 freezes steps n+1 .. n+21
    neuron n(p);
    n.step(0.0, 0.0, 100.0);
    ASSERT_TRUE(n.step());
    EXPECT_DOUBLE_EQ(n.v(), p.v_reset_mV);
    EXPECT_DOUBLE_EQ(n.s.g_mV[0], 0.0);
    for (int k = 1; k <= 21; ++k) {
        ASSERT_FALSE(n.step(5.0, 0.0, 100.0)) << "refractory step " << k;
        ASSERT_DOUBLE_EQ(n.v(), p.v_reset_mV);
        ASSERT_DOUBLE_EQ(n.s.g_mV[0], 0.0);  // input while refractory is discarded
    }
    n.step(5.0);
    EXPECT_DOUBLE_EQ(n.s.g_mV[0], 5.0);  // step 22: active again, input lands
}

TEST(fly_lif, zero_refractory_lets_poisson_jumps_force_a_spike_per_event) {
    const fly_lif::params p;
    neuron n(p);
    n.s.ref_steps[0] = 0;  // as Shiu et al. for stimulated neurons
    int spikes = 0;
    for (int k = 0; k < 100; ++k) {
        // One 68.75 mV event (250 w_syn) every 5 steps: each one fires the neuron next step.
        spikes += n.step(0.0, 0.0, k % 5 == 0 ? 68.75 : 0.0) ? 1 : 0;
    }
    EXPECT_EQ(spikes, 20);
}

}  // namespace
}  // namespace brainemu
