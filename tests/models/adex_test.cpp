// adex against scipy's DOP853 (rtol = atol = 1e-11) with event detection and the reset at the
// event (tests/models/reference/make_references.py), Brette and Gerstner's cell under a
// 1000 pA step: an adapting train (interspike intervals growing from 13.6 to 36 ms).
//
// Tolerances: each reference spike time must lie in its step's interval widened by 2e-3 ms
// (the fine pass follows the upstroke in 5 us RK4 sub-steps and places the reset by
// interpolation in exp(-(V - V_T)/Delta_T); a grid-rounded reset would drift ~dt/2 per
// spike). V and w samples away from spikes within 0.01 mV and 0.01 pA (w jumps by b = 80.5 pA
// at each spike; 0.01 pA is 1e-4 of that).

#include "models/adex.hpp"

#include <gtest/gtest.h>

#include "models/reference_compare.hpp"
#include "reference/adex_reference.hpp"

namespace brainemu {
namespace {

namespace ref = reference::adex;

TEST(adex, adapting_train_matches_the_reference) {
    adex::params p;
    testing::one_neuron<adex> n(p);
    std::vector<int> steps;
    std::vector<double> v{n.v()}, w{n.s.w_pA[0]};
    for (int k = 0; k < 5000; ++k) {
        if (n.step(0.0, 1000.0)) {
            steps.push_back(k);
        }
        v.push_back(n.v());
        w.push_back(n.s.w_pA[0]);
    }
    const double worst_t = testing::check_spike_steps(steps, ref::spikes_ms, 2e-3);
    const double worst_v = testing::check_samples(v, ref::v_mV, ref::spikes_ms, 0.01);
    const double worst_w = testing::check_samples(w, ref::w_pA, ref::spikes_ms, 0.01);
    RecordProperty("worst_spike_ms", std::to_string(worst_t));
    RecordProperty("worst_v_mV", std::to_string(worst_v));
    RecordProperty("worst_w_pA", std::to_string(worst_w));
    ASSERT_GE(steps.size(), 8u);
    for (std::size_t j = 2; j < 8; ++j) {  // adaptation: each interval longer than the last
        EXPECT_GT(steps[j] - steps[j - 1], steps[j - 1] - steps[j - 2]);
    }
}

TEST(adex, refractory_period_clamps_v_at_reset) {
    adex::params p;
    p.t_ref_ms = 2.0;
    testing::one_neuron<adex> n(p);
    int k = 0;
    while (!n.step(0.0, 2000.0)) {
        ASSERT_LT(++k, 1000);
    }
    for (int j = 0; j < 20; ++j) {
        EXPECT_FALSE(n.step(0.0, 2000.0));
        EXPECT_DOUBLE_EQ(n.v(), p.v_reset_mV) << j;
    }
    n.step(0.0, 2000.0);
    EXPECT_GT(n.v(), p.v_reset_mV);
}

TEST(adex, synaptic_current_decays_exponentially) {
    adex::params p;
    p.tau_syn_in_ms = 1.0;  // two channels
    testing::one_neuron<adex> n(p);
    n.step(-100.0);
    EXPECT_DOUBLE_EQ(n.s.i_in_pA[0], -100.0);
    n.step();
    EXPECT_NEAR(n.s.i_in_pA[0], -100.0 * std::exp(-0.1), 1e-12);
    EXPECT_LT(n.v(), p.e_l_mV);
}

TEST(adex, bad_parameters_name_the_field) {
    for (auto [field, set] : std::initializer_list<std::pair<const char*, void (*)(adex::params&)>>{
             {"c_m_pF", [](adex::params& q) { q.c_m_pF = -281.0; }},
             {"tau_w_ms", [](adex::params& q) { q.tau_w_ms = 0.0; }},
             {"delta_t_mV", [](adex::params& q) { q.delta_t_mV = 0.0; }},
             {"v_peak_mV", [](adex::params& q) { q.v_peak_mV = -60.0; }}}) {
        adex::params p;
        set(p);
        try {
            p.validate({});
            ADD_FAILURE() << field;
        } catch (const input_error& e) {
            EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
        }
    }
}

}  // namespace
}  // namespace brainemu
