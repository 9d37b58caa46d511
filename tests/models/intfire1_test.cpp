// intfire1 against NEURON's IntFire1 in closed form: m(t) = m0 exp(-t/tau) between events, a
// spike when an event lifts m above 1, m = 2 while refractory and 0 after, inputs ignored then.
// Weights pass through the engine's fixed point (2^40 per unit, error <= 4.5e-13 per event),
// and the decay factor is the exact exponential, so 1e-12 bounds every comparison of m.

#include "models/intfire1.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "models/model_harness.hpp"

namespace brainemu {
namespace {

using neuron = testing::one_neuron<intfire1>;
constexpr double dt = 0.1;
constexpr double tol = 1e-12;

intfire1::params cell(double tau_ms = 24.0, double refrac_ms = 3.0) {
    intfire1::params p;
    p.tau_ms = tau_ms;
    p.refrac_ms = refrac_ms;
    return p;
}

TEST(intfire1, rejects_bad_parameters) {
    EXPECT_THROW(cell(0.0).validate({"x.json", 0, "v1"}), input_error);
    EXPECT_THROW(cell(-1.0).validate({"x.json", 0, "v1"}), input_error);
    EXPECT_THROW(cell(10.0, -0.1).validate({"x.json", 0, "v1"}), input_error);
    EXPECT_NO_THROW(cell(10.0, 0.0).validate({"x.json", 0, "v1"}));
}

TEST(intfire1, m_decays_exponentially_after_an_event) {
    neuron n(cell(), dt);
    EXPECT_FALSE(n.step(0.8));
    EXPECT_NEAR(n.v(), 0.8, tol);  // the event acts in the step it arrives
    for (int k = 1; k <= 1000; ++k) {
        ASSERT_FALSE(n.step());
        ASSERT_NEAR(n.v(), 0.8 * std::exp(-k * dt / 24.0), tol) << "step " << k;
    }
}

TEST(intfire1, events_add_to_the_decayed_m) {
    neuron n(cell(), dt);
    n.step(0.5);
    for (int k = 1; k < 50; ++k) {
        n.step();
    }
    EXPECT_FALSE(n.step(0.3));  // 5 ms later: 0.5 e^{-5/24} + 0.3 = 0.706
    EXPECT_NEAR(n.v(), 0.5 * std::exp(-5.0 / 24.0) + 0.3, tol);
    n.step(-0.2);
    EXPECT_NEAR(n.v(), (0.5 * std::exp(-5.0 / 24.0) + 0.3) * std::exp(-dt / 24.0) - 0.2, tol);
}

TEST(intfire1, fires_only_when_m_exceeds_one) {
    neuron exactly(cell(), dt);
    EXPECT_FALSE(exactly.step(1.0));  // m > 1 is strict, as in intfire1.mod
    neuron above(cell(), dt);
    EXPECT_TRUE(above.step(1.0 + 1e-9));
    EXPECT_DOUBLE_EQ(above.v(), 2.0);  // NEURON's refractory marker
}

TEST(intfire1, crossing_after_decay_needs_the_closed_form_amount) {
    // m0 = 0.9, then after t ms an event w fires iff 0.9 e^{-t/tau} + w > 1.
    for (int steps : {1, 10, 100}) {
        const double needed = 1.0 - 0.9 * std::exp(-steps * dt / 24.0);
        neuron below(cell(), dt);
        below.step(0.9);
        neuron over(cell(), dt);
        over.step(0.9);
        for (int k = 1; k < steps; ++k) {
            below.step();
            over.step();
        }
        EXPECT_FALSE(below.step(needed - 1e-9)) << steps;
        EXPECT_TRUE(over.step(needed + 1e-9)) << steps;
    }
}

TEST(intfire1, ignores_input_while_refractory_then_restarts_from_zero) {
    neuron n(cell(24.0, 3.0), dt);  // round(3 / 0.1) = 30 steps
    ASSERT_TRUE(n.step(1.5));
    for (int k = 1; k < 30; ++k) {
        ASSERT_FALSE(n.step(5.0)) << "step " << k;  // even a huge input is lost
        ASSERT_DOUBLE_EQ(n.v(), 2.0);
    }
    // At t_spike + refrac, m = 0 and the event of that step counts (from zero, no memory).
    EXPECT_FALSE(n.step(0.4));
    EXPECT_NEAR(n.v(), 0.4, tol);
    EXPECT_TRUE(n.step(0.7));
}

TEST(intfire1, zero_refractory_period_resets_at_once) {
    neuron n(cell(24.0, 0.0), dt);
    ASSERT_TRUE(n.step(1.2));
    EXPECT_DOUBLE_EQ(n.v(), 0.0);
    EXPECT_TRUE(n.step(1.2));
}

TEST(intfire1, periodic_input_rate_matches_the_closed_form) {
    // An event of weight w every T ms from rest: after j events m_j = w (1 - a^j) / (1 - a),
    // a = e^{-T/tau}; the cell fires at the first j with m_j > 1, then restarts from 0 (refrac
    // < T, so no event is lost). So it fires once every j* events exactly.
    const double w = 0.3, period_ms = 2.0, tau = 7.0;
    const double a = std::exp(-period_ms / tau);
    int j_star = 1;
    while (w * (1.0 - std::pow(a, j_star)) / (1.0 - a) <= 1.0) {
        ++j_star;
    }
    neuron n(cell(tau, 1.0), dt);
    int spikes = 0, events = 0;
    const int every = static_cast<int>(std::lround(period_ms / dt));
    for (int k = 0; k < 20000; ++k) {
        const bool event = k % every == 0;
        events += event ? 1 : 0;
        spikes += n.step(event ? w : 0.0) ? 1 : 0;
    }
    EXPECT_EQ(spikes, events / j_star);
}

TEST(intfire1, cost_counts_one_double_and_two_counters) {
    EXPECT_EQ(intfire1::cost().state_bytes, sizeof(double) + 2 * sizeof(std::int32_t));
}

}  // namespace
}  // namespace brainemu
