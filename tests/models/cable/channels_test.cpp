#include "models/cable/channels.hpp"

#include <cmath>

#include <gtest/gtest.h>

namespace brainemu {
namespace {

constexpr double kCelsius = 34.0;

std::array<channel_kind, channel_kinds> all_kinds() {
    std::array<channel_kind, channel_kinds> k{};
    for (std::size_t i = 0; i < channel_kinds; ++i) {
        k[i] = static_cast<channel_kind>(i);
    }
    return k;
}

TEST(Channels, NamesRoundTrip) {
    for (channel_kind k : all_kinds()) {
        EXPECT_EQ(channel_by_name(info(k).name), k);
    }
    EXPECT_FALSE(channel_by_name("pas").has_value());  // the leak is the membrane's, not a channel
}

// Every gate's steady state is a fraction, and so is every open fraction, across the voltages a
// neuron visits (including the removable singularities of the rate functions: -40, -66, -17 mV).
TEST(Channels, SteadyStatesAreFractions) {
    for (channel_kind k : all_kinds()) {
        for (double v = -120.0; v <= 60.0; v += 0.5) {
            channel_state s{};
            initialize(k, {v, 1e-4, kCelsius}, s.data());
            for (std::size_t i = 0; i < info(k).states; ++i) {
                EXPECT_GE(s[i], -1e-12) << info(k).name << " state " << i << " at " << v;
                EXPECT_LE(s[i], 1.0 + 1e-12) << info(k).name << " state " << i << " at " << v;
            }
            const double f = open_fraction(k, v, s.data());
            EXPECT_TRUE(f >= 0.0 && f <= 1.0) << info(k).name << " at " << v;
        }
    }
}

// cnexp integrates a gate exactly for a frozen voltage: ten steps of dt are one step of 10 dt,
// and a gate at its steady state stays there.
TEST(Channels, GatesAdvanceExactlyAtAFixedVoltage) {
    for (channel_kind k : all_kinds()) {
        if (k == channel_kind::NaV) {
            continue;  // backward Euler, below
        }
        const channel_env env{-30.0, 2e-4, kCelsius};
        channel_state rest{}, a{}, b{};
        initialize(k, {-80.0, 1e-4, kCelsius}, rest.data());
        a = rest;
        b = rest;
        for (int i = 0; i < 10; ++i) {
            advance(k, env, 0.1, a.data());
        }
        advance(k, env, 1.0, b.data());
        for (std::size_t i = 0; i < info(k).states; ++i) {
            EXPECT_NEAR(a[i], b[i], 1e-12) << info(k).name;
        }
        channel_state steady{};
        initialize(k, env, steady.data());
        channel_state still = steady;
        advance(k, env, 0.1, still.data());
        for (std::size_t i = 0; i < info(k).states; ++i) {
            EXPECT_NEAR(still[i], steady[i], 1e-14) << info(k).name;
        }
    }
}

// NaV's 12 occupancies stay a distribution under backward Euler; a long depolarisation drives
// it into inactivation (I1..I6) and it opens transiently on the way.
TEST(Channels, NavIsADistributionThatOpensThenInactivates) {
    channel_state s{};
    initialize(channel_kind::NaV, {-80.0, 0, kCelsius}, s.data());
    double peak = 0.0;
    for (int n = 0; n < 2000; ++n) {
        advance(channel_kind::NaV, {0.0, 0, kCelsius}, 0.025, s.data());
        double sum = 0.0;
        for (double x : s) {
            EXPECT_GE(x, -1e-15);
            sum += x;
        }
        ASSERT_NEAR(sum, 1.0, 1e-12);
        peak = std::max(peak, open_fraction(channel_kind::NaV, 0.0, s.data()));
    }
    EXPECT_GT(peak, 0.1);
    EXPECT_LT(open_fraction(channel_kind::NaV, 0.0, s.data()), 0.05);
}

// ECa by Nernst at 34 C with CODATA 2018 constants: RT/2F ln(2 / 1e-4) = 131.06 mV.
TEST(Channels, NernstCalcium) {
    const double rt_f = 8.314462618 * (34.0 + 273.15) / 96485.33212 * 1000.0;
    EXPECT_NEAR(nernst_mv(1e-4, 2.0, 2, 34.0), rt_f / 2 * std::log(2e4), 1e-12);
    EXPECT_NEAR(nernst_mv(1e-4, 2.0, 2, 34.0), 131.06, 0.01);
}

// Temperature: a q10 of 2.3 per 10 C speeds NaTs's gates (fitted at 23 C) 2.3-fold from 23 to
// 33 C; Kv3_1 has no temperature dependence.
TEST(Channels, TemperatureScalesTimeConstants) {
    // 1 / tau from one exact step: x_inf - x decays by exp(-dt / tau).
    auto relax = [](channel_kind k, double celsius) {
        channel_state s{}, target{};
        initialize(k, {-80.0, 1e-4, celsius}, s.data());
        initialize(k, {-20.0, 1e-4, celsius}, target.data());
        const double before = target[0] - s[0];
        advance(k, {-20.0, 1e-4, celsius}, 0.1, s.data());
        return -std::log((target[0] - s[0]) / before) / 0.1;
    };
    EXPECT_NEAR(relax(channel_kind::NaTs, 33.0) / relax(channel_kind::NaTs, 23.0), 2.3, 1e-9);
    EXPECT_DOUBLE_EQ(relax(channel_kind::Kv3_1, 33.0), relax(channel_kind::Kv3_1, 23.0));
}

}  // namespace
}  // namespace brainemu
