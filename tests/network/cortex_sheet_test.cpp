// The cortex sheet: exact in-degrees, the same synapses under every partitioning, the distance
// profile and the long-range share, the grid and its curve.

#include "network/cortex_sheet.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "network/synapse_listing.hpp"

namespace brainemu {
namespace {

cortex_sheet_params small_sheet() {
    cortex_sheet_params p;
    p.columns_x = 6;
    p.columns_y = 5;
    p.neurons_per_column = 50;
    p.in_degree = 103;  // 82 E + 21 I
    p.length_columns = 1.5;
    p.long_range_share = 0.2;
    return p;
}

TEST(cortex_sheet, every_target_has_exactly_k_inputs_split_80_20_by_type) {
    const cortex_sheet_params p = small_sheet();
    const auto n = static_cast<std::uint32_t>(p.neurons());
    const network net = build_cortex_sheet(p, 7, 0.1, split_blocks(n, 2));
    ASSERT_EQ(p.c_e(), 82u);
    ASSERT_EQ(p.c_i(), 21u);
    EXPECT_EQ(net.synapses.count(), std::uint64_t{n} * p.in_degree);
    const auto rows = synapses_by_target(net);
    for (std::uint32_t t = 0; t < n; ++t) {
        std::uint32_t e = 0, i = 0;
        for (const auto& [source, w, d] : rows[t]) {
            const bool from_i = source % p.neurons_per_column >= p.e_per_column();
            EXPECT_EQ(w, from_i ? -0.5f : 0.1f);  // -g J and J
            EXPECT_EQ(d, 15);                     // 1.5 ms at dt = 0.1 ms
            (from_i ? i : e) += 1;
        }
        ASSERT_EQ(e, p.c_e()) << "target " << t;
        ASSERT_EQ(i, p.c_i()) << "target " << t;
    }
}

TEST(cortex_sheet, synapses_do_not_depend_on_the_partitioning) {
    const cortex_sheet_params p = small_sheet();
    const auto n = static_cast<std::uint32_t>(p.neurons());
    const auto one = synapses_by_target(build_cortex_sheet(p, 3, 0.1, split_blocks(n, 1)));
    const auto three = synapses_by_target(build_cortex_sheet(p, 3, 0.1, split_blocks(n, 3)));
    const auto rr = synapses_by_target(build_cortex_sheet(p, 3, 0.1, round_robin(n, 4)));
    // One part of four built alone, as one MPI rank builds its own.
    neuron_layout alone = split_blocks(n, 4);
    alone.built = {0, 0, 1, 0};
    const auto part = synapses_by_target(build_cortex_sheet(p, 3, 0.1, alone));
    for (std::uint32_t t = 0; t < n; ++t) {
        ASSERT_EQ(one[t], three[t]) << "target " << t;
        ASSERT_EQ(one[t], rr[t]) << "target " << t;
        if (alone.partitions[2].contains(t)) {
            ASSERT_EQ(one[t], part[t]) << "target " << t;
        } else {
            ASSERT_TRUE(part[t].empty());
        }
    }
    // And another seed gives another network.
    const auto other = synapses_by_target(build_cortex_sheet(p, 4, 0.1, split_blocks(n, 1)));
    EXPECT_NE(one, other);
}

// Displacement of `source`'s column from `target`'s on the torus, the shorter way round.
std::pair<double, double> displacement(const cortex_sheet_wiring& w, const cortex_sheet_params& p,
                                       neuron_id target, neuron_id source) {
    const cortex_sheet_geometry& g = w.geometry();
    const auto ct = static_cast<std::uint32_t>(target / p.neurons_per_column);
    const auto cs = static_cast<std::uint32_t>(source / p.neurons_per_column);
    auto wrap = [](std::int64_t d, std::int64_t n) {
        d = ((d % n) + n) % n;
        return static_cast<double>(d > n / 2 ? d - n : d);
    };
    return {wrap(std::int64_t{g.x_of(cs)} - g.x_of(ct), p.columns_x),
            wrap(std::int64_t{g.y_of(cs)} - g.y_of(ct), p.columns_y)};
}

// Mean squared displacement (columns^2) of all sources of `targets` targets spread over the
// sheet, and its standard error.
std::pair<double, double> mean_squared_displacement(const cortex_sheet_params& p,
                                                    std::uint32_t targets) {
    const cortex_sheet_wiring w(p, 11);
    double sum = 0.0, sum2 = 0.0, count = 0.0;
    const auto stride = static_cast<std::uint32_t>(p.neurons() / targets);
    for (std::uint32_t k = 0; k < targets; ++k) {
        const std::uint32_t t = k * stride;
        w.sources_of(t, [&](neuron_id s, bool) {
            const auto [dx, dy] = displacement(w, p, t, s);
            const double r2 = dx * dx + dy * dy;
            sum += r2;
            sum2 += r2 * r2;
            count += 1.0;
        });
    }
    const double mean = sum / count;
    return {mean, std::sqrt((sum2 / count - mean * mean) / count)};
}

cortex_sheet_params wide_sheet(distance_profile_kind profile, double length) {
    cortex_sheet_params p;
    p.columns_x = p.columns_y = 200;  // 50 lengths or more: the torus wraps a negligible tail
    p.neurons_per_column = 10;
    p.in_degree = 1000;
    p.profile = profile;
    p.length_columns = length;
    p.long_range_share = 0.0;
    return p;
}

TEST(cortex_sheet, gaussian_sources_have_the_profiles_mean_squared_distance) {
    const double sigma = 2.0;
    // Each axis: round(sigma Z); E[k^2] summed over k exactly (the rounding adds ~1/12).
    double per_axis = 0.0;
    for (int k = -40; k <= 40; ++k) {
        const double mass = 0.5 * (std::erfc(-(k + 0.5) / (sigma * std::sqrt(2.0))) -
                                   std::erfc(-(k - 0.5) / (sigma * std::sqrt(2.0))));
        per_axis += mass * k * k;
    }
    const auto [msd, se] =
        mean_squared_displacement(wide_sheet(distance_profile_kind::gaussian, sigma), 200);
    // 2e5 samples: se ~ 2 sigma^2 / sqrt(2e5) ~ 0.018; 5 se leaves a false alarm < 1e-6.
    EXPECT_NEAR(msd, 2.0 * per_axis, 5.0 * se);
    EXPECT_NEAR(msd, 2.0 * sigma * sigma, 0.05 * 2.0 * sigma * sigma);
}

TEST(cortex_sheet, exponential_sources_have_the_profiles_mean_squared_distance) {
    const double lambda = 4.0;
    // Radius ~ Gamma(2, lambda): E[r^2] = 6 lambda^2. Rounding each axis to a column adds about
    // 1/12 per axis (Sheppard), exact only for smooth densities: allow 0.2 columns^2 for it.
    const auto [msd, se] =
        mean_squared_displacement(wide_sheet(distance_profile_kind::exponential, lambda), 200);
    EXPECT_NEAR(msd, 6.0 * lambda * lambda + 1.0 / 6.0, 5.0 * se + 0.2);
}

TEST(cortex_sheet, long_range_share_is_the_share_of_far_sources) {
    cortex_sheet_params p;
    p.columns_x = p.columns_y = 64;
    p.neurons_per_column = 10;
    p.in_degree = 1000;
    p.length_columns = 0.5;  // local sources stay within 6 columns (13 sigma) for sure
    p.long_range_share = 0.3;
    const cortex_sheet_wiring w(p, 5);
    double far = 0.0, count = 0.0;
    for (std::uint32_t t = 0; t < p.neurons(); t += 197) {
        w.sources_of(t, [&](neuron_id s, bool) {
            const auto [dx, dy] = displacement(w, p, t, s);
            far += (std::abs(dx) > 6 || std::abs(dy) > 6) ? 1.0 : 0.0;
            count += 1.0;
        });
    }
    // A long-range source is uniform over the sheet: outside the 13 x 13 box with (4096 -
    // 169) / 4096. Binomial tolerance: 5 standard deviations.
    const double expected = 0.3 * (4096.0 - 169.0) / 4096.0;
    EXPECT_NEAR(far / count, expected, 5.0 * std::sqrt(expected * (1.0 - expected) / count));
}

TEST(cortex_sheet, any_target_of_a_billion_neuron_sheet_is_drawn_alone) {
    cortex_sheet_params p;
    const grid_shape g = squarest_grid(15000);  // 1.2e9 neurons in columns of 80,000
    p.columns_x = g.x;
    p.columns_y = g.y;
    const cortex_sheet_wiring w(p, 1);
    const std::uint32_t last = static_cast<std::uint32_t>(p.neurons()) - 1;
    std::uint32_t e = 0, i = 0;
    w.sources_of(last, [&](neuron_id s, bool inhibitory) {
        ASSERT_LT(s, p.neurons());
        ASSERT_EQ(s % p.neurons_per_column >= p.e_per_column(), inhibitory);
        (inhibitory ? i : e) += 1;
    });
    EXPECT_EQ(e, 3200u);
    EXPECT_EQ(i, 800u);
}

TEST(cortex_sheet, grid_is_the_squarest_exact_factorisation) {
    EXPECT_EQ(squarest_grid(15000).x, 125u);
    EXPECT_EQ(squarest_grid(15000).y, 120u);
    EXPECT_EQ(squarest_grid(16).x, 4u);
    EXPECT_EQ(squarest_grid(16).y, 4u);
    EXPECT_EQ(squarest_grid(7).x, 7u);
    EXPECT_EQ(squarest_grid(7).y, 1u);
    EXPECT_EQ(squarest_grid(1).x, 1u);
}

TEST(cortex_sheet, consecutive_columns_form_compact_patches) {
    const cortex_sheet_geometry g(64, 64);
    // Z order: the first 4^k columns are the 2^k x 2^k square at the origin.
    for (std::uint32_t side : {2u, 4u, 16u}) {
        for (std::uint32_t c = 0; c < side * side; ++c) {
            ASSERT_LT(g.x_of(c), side);
            ASSERT_LT(g.y_of(c), side);
        }
    }
    // Every cell once, and column_at inverts the numbering (with wrapping).
    for (std::uint32_t c = 0; c < 64 * 64; ++c) {
        ASSERT_EQ(g.column_at(g.x_of(c), g.y_of(c)), c);
        ASSERT_EQ(g.column_at(std::int64_t{g.x_of(c)} - 64, std::int64_t{g.y_of(c)} + 128), c);
    }
    // A grid that is no power of two keeps every cell.
    const cortex_sheet_geometry odd(5, 3);
    std::vector<int> seen(15, 0);
    for (std::uint32_t c = 0; c < 15; ++c) {
        seen[odd.y_of(c) * 5 + odd.x_of(c)] += 1;
    }
    EXPECT_EQ(std::count(seen.begin(), seen.end(), 1), 15);
}

}  // namespace
}  // namespace brainemu
