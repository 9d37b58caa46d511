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
