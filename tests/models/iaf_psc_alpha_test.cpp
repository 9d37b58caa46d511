// iaf_psc_alpha against the analytic solution of its linear equations, evaluated in long double
// (64-bit mantissa) as the high-precision reference. Exact integration leaves only round-off:
// the propagators are accurate to ~1e-14 relative (expm1; the series near tau_syn = tau_m), and
// a thousand steps accumulate ~1e-13, so the tolerance is 1e-12 mV on PSPs of ~0.1-1 mV.

#include "models/iaf_psc_alpha.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "models/model_harness.hpp"

namespace brainemu {
namespace {

using neuron = testing::one_neuron<iaf_psc_alpha>;

iaf_psc_alpha::params nest_defaults_with_two_channels() {
    iaf_psc_alpha::params p;  // NEST's defaults, but inhibition slower than excitation
    p.tau_syn_in_ms = 5.0;
    return p;
}

// V - E_L at t after a weight w (pA, the current's peak) arrived at t = 0:
// (w e / (tau_s C)) e^{-t/tau_m} (e^{rt}(rt - 1) + 1) / r^2, with r = 1/tau_m - 1/tau_s.
double psp(double w, double t, const iaf_psc_alpha::params& p, double tau_s) {
    using ld = long double;
    const ld r = 1.0L / p.tau_m_ms - 1.0L / ld{tau_s};
    const ld rt = r * t;
    const ld integral = (std::exp(rt) * (rt - 1.0L) + 1.0L) / (r * r);
    return static_cast<double>(ld{w} * std::exp(1.0L) / (ld{tau_s} * p.c_m_pF) *
                               std::exp(-ld{t} / p.tau_m_ms) * integral);
}

TEST(iaf_psc_alpha, single_excitatory_and_inhibitory_input_match_the_analytic_psp) {
    for (double w : {100.0, -250.0}) {
        SCOPED_TRACE(w);
        const auto p = nest_defaults_with_two_channels();
        ASSERT_EQ(iaf_psc_alpha::channels(p), 2);
        const double tau_s = w > 0 ? p.tau_syn_ex_ms : p.tau_syn_in_ms;
        neuron n(p);
        n.step(w);  // arrives in step 0: dI jumps after V's update (NEST order)
        EXPECT_DOUBLE_EQ(n.v(), p.e_l_mV);
        for (int k = 1; k <= 1000; ++k) {
            n.step();
            ASSERT_NEAR(n.v() - p.e_l_mV, psp(w, k * 0.1, p, tau_s), 1e-12) << "step " << k;
        }
    }
}

TEST(iaf_psc_alpha, the_current_peaks_at_the_weight_tau_syn_after_the_input) {
    const auto p = nest_defaults_with_two_channels();
    neuron n(p);
    n.step(80.0);
    for (int k = 1; k <= 20; ++k) {  // tau_syn_ex = 2 ms = 20 steps
        n.step();
        const double t = k * 0.1;
        const double expected = 80.0 * t / p.tau_syn_ex_ms * std::exp(1.0 - t / p.tau_syn_ex_ms);
        ASSERT_NEAR(n.s.i_ex_pA[0], expected, 1e-12) << "step " << k;
    }
    EXPECT_NEAR(n.s.i_ex_pA[0], 80.0, 1e-12);
}

TEST(iaf_psc_alpha, equal_time_constants_use_the_series) {
    // tau_syn = tau_m: the PSP's limit (w e / (tau C)) t^2 / 2 e^{-t/tau}.
    auto p = nest_defaults_with_two_channels();
    p.tau_syn_ex_ms = p.tau_m_ms;
    neuron n(p);
    n.step(50.0);
    for (int k = 1; k <= 500; ++k) {
        n.step();
        const double t = k * 0.1;
        const double expected = 50.0 * std::exp(1.0) / (p.tau_m_ms * p.c_m_pF) * t * t / 2.0 *
                                std::exp(-t / p.tau_m_ms);
        ASSERT_NEAR(n.v() - p.e_l_mV, expected, 1e-12) << "step " << k;
    }
}

TEST(iaf_psc_alpha, near_equal_time_constants_stay_continuous) {
    // Across the switch from the series to the expm1 form (|x| = 1e-3) the propagators agree
    // to ~1e-13 relative: no jump in the PSP's peak as tau_syn crosses it.
    auto p = nest_defaults_with_two_channels();
    const double h = 0.1;
    auto peak_for = [&](double tau_s) {
        p.tau_syn_ex_ms = tau_s;
        neuron n(p);
        n.step(100.0);
        double peak = 0.0;
        for (int k = 1; k <= 600; ++k) {
            n.step();
            peak = std::max(peak, n.v() - p.e_l_mV);
        }
        return peak;
    };
    // x = (1/tau_m - 1/tau_s) h just inside and just outside 1e-3.
    const double inside = 1.0 / (1.0 / p.tau_m_ms - 0.999e-3 / h);
    const double outside = 1.0 / (1.0 / p.tau_m_ms - 1.001e-3 / h);
    const double a = peak_for(inside), b = peak_for(outside);
    EXPECT_GT(b, a);  // a slower synapse gives a larger PSP
    EXPECT_LT((b - a) / a, 1e-3);
}

TEST(iaf_psc_alpha, dc_response_is_the_charging_curve) {
    const auto p = nest_defaults_with_two_channels();
    neuron n(p);
    const double i = 300.0;  // below rheobase: E_L + I R = -58 mV < -55 mV
    for (int k = 1; k <= 2000; ++k) {
        ASSERT_FALSE(n.step(0.0, i));
        const double expected = i * p.tau_m_ms / p.c_m_pF * (1.0 - std::exp(-k * 0.1 / p.tau_m_ms));
        ASSERT_NEAR(n.v() - p.e_l_mV, expected, 1e-11) << "step " << k;
    }
}

TEST(iaf_psc_alpha, refractory_clamps_v_for_round_t_ref_over_dt_steps_while_currents_go_on) {
    const auto p = nest_defaults_with_two_channels();
    neuron n(p);
    ASSERT_FALSE(n.step(1.0e6));  // a huge input: V crosses in the next step
    ASSERT_TRUE(n.step());
    for (int k = 1; k <= 20; ++k) {  // round(2.0 / 0.1) = 20 steps
        n.step();
        ASSERT_DOUBLE_EQ(n.v(), p.v_reset_mV) << "refractory step " << k;
    }
    EXPECT_GT(n.s.i_ex_pA[0], 1e5);  // the current went on, still near its peak
    EXPECT_TRUE(n.step());           // so V integrates again in step 21 and crosses at once
}

TEST(iaf_psc_alpha, parameters_are_validated_with_their_names) {
    auto p = nest_defaults_with_two_channels();
    p.tau_syn_ex_ms = 0.0;
    try {
        p.validate({"exp.toml", 3, "model.params"});
        FAIL() << "no error";
    } catch (const input_error& e) {
        EXPECT_STREQ(e.what(), "exp.toml:3: model.params.tau_syn_ex_ms: must be > 0, got 0");
    }
}

}  // namespace
}  // namespace brainemu
