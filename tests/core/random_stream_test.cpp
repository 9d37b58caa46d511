#include "core/random_stream.hpp"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace brainemu {
namespace {

TEST(random_stream, same_key_same_numbers) {
    random_stream a(42, purpose_code(stream_purpose::stimulus, 3), 17, 1000);
    random_stream b(42, purpose_code(stream_purpose::stimulus, 3), 17, 1000);
    for (int i = 0; i < 100; ++i) {
        EXPECT_EQ(a.next_u32(), b.next_u32());
    }
}

TEST(random_stream, every_key_part_changes_the_numbers) {
    const std::uint32_t base = random_stream(1, 2, 3, 4).next_u32();
    EXPECT_NE(base, random_stream(9, 2, 3, 4).next_u32());
    EXPECT_NE(base, random_stream(1, 9, 3, 4).next_u32());
    EXPECT_NE(base, random_stream(1, 2, 9, 4).next_u32());
    EXPECT_NE(base, random_stream(1, 2, 3, 9).next_u32());
    EXPECT_NE(base, random_stream(std::uint64_t{1} << 40 | 1, 2, 3, 4).next_u32());
}

// Moments of n draws: the sample mean is within 5 standard errors (a false failure has
// probability < 1e-6 for a fixed seed, and the seed is fixed: the test is deterministic).
template <class Draw>
void expect_moments(Draw draw, double mean, double variance, int n = 200000) {
    double sum = 0.0, sum2 = 0.0;
    for (int i = 0; i < n; ++i) {
        const double x = draw(static_cast<std::uint32_t>(i));
        sum += x;
        sum2 += x * x;
    }
    const double m = sum / n;
    const double v = sum2 / n - m * m;
    EXPECT_NEAR(m, mean, 5.0 * std::sqrt(variance / n) + 1e-12);
    EXPECT_NEAR(v, variance, 0.02 * variance + 1e-12);
}

TEST(random_stream, uniform_moments) {
    expect_moments([](std::uint32_t i) { return random_stream(7, 1, i, 0).uniform(); }, 0.5,
                   1.0 / 12.0);
}

TEST(random_stream, normal_moments) {
    expect_moments([](std::uint32_t i) { return random_stream(7, 1, i, 0).normal(); }, 0.0, 1.0);
}

TEST(random_stream, poisson_small_and_large_means) {
    for (double lambda : {0.015, 1.28, 7.5, 29.0, 31.0, 400.0}) {
        SCOPED_TRACE(lambda);
        expect_moments(
            [lambda](std::uint32_t i) {
                return static_cast<double>(random_stream(3, 2, i, 5).poisson(lambda));
            },
            lambda, lambda);
    }
}

TEST(random_stream, binomial_moments_and_edges) {
    for (auto [n, p] : {std::pair{std::uint64_t{20}, 0.3}, std::pair{std::uint64_t{3000000}, 1e-4},
                        std::pair{std::uint64_t{100}, 0.999}}) {
        SCOPED_TRACE(n);
        expect_moments(
            [n = n, p = p](std::uint32_t i) {
                return static_cast<double>(random_stream(5, 2, i, 0).binomial(n, p));
            },
            static_cast<double>(n) * p, static_cast<double>(n) * p * (1 - p), 50000);
    }
    random_stream rs(1, 1, 1, 1);
    EXPECT_EQ(rs.binomial(0, 0.5), 0u);
    EXPECT_EQ(rs.binomial(10, 0.0), 0u);
    EXPECT_EQ(rs.binomial(10, 1.0), 10u);
}

TEST(random_stream, below_stays_in_range_and_covers_it) {
    std::vector<int> seen(7, 0);
    random_stream rs(11, 1, 0, 0);
    for (int i = 0; i < 7000; ++i) {
        const std::uint32_t x = rs.below(7);
        ASSERT_LT(x, 7u);
        ++seen[x];
    }
    for (int c : seen) {
        EXPECT_GT(c, 800);  // expected 1000 each
    }
}

}  // namespace
}  // namespace brainemu

namespace brainemu {
namespace {

// The normal's shape, not only its moments: the empirical CDF of 400,000 draws at 13 points
// against the exact Phi, within 5 standard errors of a binomial proportion; and the tail
// beyond the ziggurat's base (|z| > 3.44) is drawn at its exact rate.
TEST(random_stream, normal_matches_the_gaussian_cdf_and_tail) {
    const int n = 400000;
    std::vector<double> z(n);
    for (int i = 0; i < n; ++i) {
        random_stream rs(99, 4, static_cast<std::uint32_t>(i), 0);
        z[i] = rs.normal();
    }
    for (double x : {-4.0, -3.5, -3.0, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0, 3.5}) {
        const double phi = 0.5 * std::erfc(-x / std::sqrt(2.0));
        double below = 0.0;
        for (double v : z) {
            below += v < x ? 1.0 : 0.0;
        }
        const double se = std::sqrt(phi * (1.0 - phi) / n);
        EXPECT_NEAR(below / n, phi, 5.0 * se + 1e-6) << "at " << x;
    }
    double tail = 0.0;
    for (double v : z) {
        tail += std::abs(v) > 3.442619855899 ? 1.0 : 0.0;
    }
    const double p_tail = std::erfc(3.442619855899 / std::sqrt(2.0));
    EXPECT_NEAR(tail / n, p_tail, 5.0 * std::sqrt(p_tail / n));
}

// 64-bit ids: below 2^32 a stream is the 32-bit build's (the counter is (purpose, id, step, k)
// as Random123 keys it, computed here independently); above, the id's high bits make it another
// stream, never a copy of the low bits' one.
TEST(random_stream, ids_above_2_to_the_32_are_streams_of_their_own) {
    const std::uint64_t seed = 0x0123456789abcdefULL;
    const r123::Philox4x32::key_type key{{0x89abcdefu, 0x01234567u}};
    const auto direct =
        r123::Philox4x32()(r123::Philox4x32::ctr_type{{7u << 16, 4242u, 9u, 0u}}, key);
    random_stream low(seed, 7u << 16, 4242, 9);
    for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(low.next_u32(), direct[i]);
    }
    const std::uint64_t high_id = (std::uint64_t{20} << 32) + 4242;
    random_stream a(seed, 7u << 16, 4242, 9), b(seed, 7u << 16, high_id, 9);
    int same = 0;
    for (int i = 0; i < 64; ++i) {
        same += a.next_u32() == b.next_u32() ? 1 : 0;
    }
    EXPECT_LT(same, 2);
    EXPECT_EQ(uniform_quad(seed, 7u << 16, 4242, 9)[0], direct[0] * 0x1.0p-32);
    EXPECT_NE(uniform_quad(seed, 7u << 16, high_id, 9)[0], direct[0] * 0x1.0p-32);
}

}  // namespace
}  // namespace brainemu
