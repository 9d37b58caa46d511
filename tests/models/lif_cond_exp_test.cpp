// lif_cond_exp's subthreshold response to one conductance jump against scipy's DOP853
// (rtol = atol = 1e-11; tests/models/reference/make_references.py), NEST's defaults.
//
// Tolerance: the scheme is exact but for the forcing's shape inside a step (local error
// O(h^3)); with tau_syn_ex = 0.2 ms the conductance halves within 1.4 steps, the hardest case.
// Measured worst errors: 2.8e-4 of the PSP's peak (excitatory), 3e-5 (inhibitory); the test
// allows 2e-3 of the peak.

#include "models/lif_cond_exp.hpp"

#include <gtest/gtest.h>

#include "models/model_harness.hpp"
#include "reference/lif_cond_exp_reference.hpp"

namespace brainemu {
namespace {

namespace ref = reference::lif_cond_exp;

double worst_error(double w, std::span<const double> expected) {
    lif_cond_exp::params p;
    testing::one_neuron<lif_cond_exp> n(p);
    double peak = 0.0;
    for (double e : expected) {
        peak = std::max(peak, std::abs(e - p.e_l_mV));
    }
    double worst = 0.0;
    EXPECT_DOUBLE_EQ(n.v(), expected[0]);
    for (std::size_t k = 1; k < expected.size(); ++k) {
        EXPECT_FALSE(n.step(k == 1 ? w : 0.0));
        const double err = std::abs(n.v() - expected[k]);
        worst = std::max(worst, err);
        EXPECT_LE(err, 2e-3 * peak) << "step " << k;
    }
    return worst / peak;
}

TEST(lif_cond_exp, psp_of_one_conductance_jump_matches_the_reference) {
    const double ex5 = worst_error(5.0, ref::ex5_v_mV);
    const double ex50 = worst_error(50.0, ref::ex50_v_mV);
    const double in20 = worst_error(-20.0, ref::in20_v_mV);
    RecordProperty("relative_error_ex5", std::to_string(ex5));
    RecordProperty("relative_error_ex50", std::to_string(ex50));
    RecordProperty("relative_error_in20", std::to_string(in20));
}

TEST(lif_cond_exp, dc_drive_is_the_lif_charging_curve) {
    lif_cond_exp::params p;
    testing::one_neuron<lif_cond_exp> n(p);
    const double i = 200.0;  // E_L + I / g_L = -58 mV, below threshold
    const double tau = p.c_m_pF / p.g_l_nS;
    for (int k = 1; k <= 1000; ++k) {
        ASSERT_FALSE(n.step(0.0, i));
        const double expected = i / p.g_l_nS * -std::expm1(-k * 0.1 / tau);
        ASSERT_NEAR(n.v() - p.e_l_mV, expected, 1e-10);
    }
}

TEST(lif_cond_exp, fires_resets_and_stays_clamped) {
    lif_cond_exp::params p;
    testing::one_neuron<lif_cond_exp> n(p);
    int k = 0;
    while (!n.step(0.0, 1000.0)) {
        ASSERT_LT(++k, 1000);
    }
    EXPECT_DOUBLE_EQ(n.v(), p.v_reset_mV);
    for (int j = 0; j < 20; ++j) {  // t_ref = 2 ms
        n.step(0.0, 1000.0);
        EXPECT_DOUBLE_EQ(n.v(), p.v_reset_mV);
    }
    n.step(0.0, 1000.0);
    EXPECT_GT(n.v(), p.v_reset_mV);
}

TEST(lif_cond_exp, bad_parameters_name_the_field) {
    lif_cond_exp::params p;
    p.c_m_pF = -250.0;
    try {
        p.validate({"exp.toml", 7, "model"});
        FAIL();
    } catch (const input_error& e) {
        EXPECT_NE(std::string(e.what()).find("c_m_pF"), std::string::npos) << e.what();
    }
    p = {};
    p.tau_syn_ex_ms = 0.0;
    EXPECT_THROW(p.validate({}), input_error);
}

}  // namespace
}  // namespace brainemu
