// Composed networks: each rule's defining property (exact counts, no autapses or multapses
// where refused, the probability and the distance profile within binomial error), the same
// synapses under every layout, and Brunel's network A composed from four projections giving
// the built-in's synapses exactly.

#include "network/composed_network.hpp"

#include <cmath>
#include <numeric>
#include <set>

#include <gtest/gtest.h>

#include "network/brunel.hpp"
#include "network/synapse_listing.hpp"

namespace brainemu {
namespace {

composed_network two_populations(neuron_id a, neuron_id b) {
    composed_network c;
    c.populations = {{"A", a, {}}, {"B", b, {}}};
    return c;
}

projection rule(connection_rule r, std::uint32_t s, std::uint32_t t) {
    projection p;
    p.source = s;
    p.target = t;
    p.rule = r;
    p.weight = 0.25f;
    p.delay_steps = 3;
    return p;
}

std::vector<std::vector<synapse>> built(const composed_network& c, neuron_layout layout,
                                        std::uint64_t seed = 5) {
    return synapses_by_target(build_composed(c, seed, layout, {}));
}

TEST(composed_network, fixed_indegree_is_exact_and_refuses_autapses_and_multapses_when_asked) {
    composed_network c = two_populations(40, 30);
    projection p = rule(connection_rule::fixed_indegree, 0, 0);
    p.count = 39;  // every other neuron once: the hardest case for rejection
    p.autapses = false;
    p.multapses = false;
    c.projections.push_back(p);
    const auto rows = built(c, split_blocks(c.size(), 2));
    for (neuron_id t = 0; t < 40; ++t) {
        std::set<std::uint32_t> sources;
        for (const auto& [s, w, d] : rows[t]) {
            EXPECT_NE(s, t);
            EXPECT_LT(s, 40u);
            EXPECT_EQ(w, 0.25f);
            EXPECT_EQ(d, 3);
            sources.insert(s);
        }
        EXPECT_EQ(rows[t].size(), 39u);
        EXPECT_EQ(sources.size(), 39u);
    }
    for (neuron_id t = 40; t < 70; ++t) {
        EXPECT_TRUE(rows[t].empty());
    }
    EXPECT_EQ(c.synapses_total(), 39u * 40u);
}

TEST(composed_network, outdegree_total_all_to_all_and_one_to_one_counts) {
    composed_network c = two_populations(20, 20);
    projection out = rule(connection_rule::fixed_outdegree, 0, 1);
    out.count = 7;
    projection total = rule(connection_rule::fixed_total, 1, 0);
    total.count = 123;
    projection all = rule(connection_rule::all_to_all, 1, 1);
    all.autapses = false;
    projection one = rule(connection_rule::one_to_one, 0, 1);
    c.projections = {out, total, all, one};
    const auto rows = built(c, split_blocks(c.size(), 3));
    std::vector<int> outdegree(20, 0);
    std::size_t from_b_onto_a = 0, from_b_onto_b = 0, diagonal = 0;
    for (neuron_id t = 0; t < 40; ++t) {
        for (const auto& [s, w, d] : rows[t]) {
            if (s < 20 && t >= 20) {
                ++outdegree[s];
                diagonal += (t - 20 == s) ? 1 : 0;
            }
            from_b_onto_a += (s >= 20 && t < 20) ? 1 : 0;
            from_b_onto_b += (s >= 20 && t >= 20) ? 1 : 0;
            EXPECT_FALSE(s >= 20 && s == t);  // all_to_all without autapses
        }
    }
    for (int k : outdegree) {
        EXPECT_GE(k, 8);  // 7 drawn plus the one-to-one synapse
    }
    EXPECT_EQ(std::accumulate(outdegree.begin(), outdegree.end(), 0), 20 * 7 + 20);
    EXPECT_GE(diagonal, 20u);
    EXPECT_EQ(from_b_onto_a, 123u);
    EXPECT_EQ(from_b_onto_b, 20u * 19u);
    EXPECT_EQ(c.synapses_total(), 140u + 123u + 380u + 20u);
}

TEST(composed_network, fixed_probability_count_is_binomial) {
    composed_network c = two_populations(400, 300);
    projection p = rule(connection_rule::fixed_probability, 0, 1);
    p.probability = 0.1;
    c.projections.push_back(p);
    const auto rows = built(c, split_blocks(c.size(), 2));
    std::size_t n = 0;
    for (const auto& r : rows) {
        n += r.size();
    }
    // 120,000 pairs at p = 0.1: mean 12,000, sd 104; 5 sd.
    EXPECT_NEAR(static_cast<double>(n), 12000.0, 5 * 104.0);
    EXPECT_FALSE(c.synapses_total().has_value());
}

TEST(composed_network, distance_rule_follows_its_gaussian_profile) {
    composed_network c;
    c.populations = {{"sheet", 900, {population_positions::kind::grid, 10.0, 0.0}}};
    projection p = rule(connection_rule::distance, 0, 0);
    p.probability = 0.8;
    p.sigma_um = 20.0;
    p.periodic = true;
    p.autapses = false;
    c.projections.push_back(p);
    const auto rows = built(c, split_blocks(c.size(), 2));
    // Pairs and synapses by distance: neighbours (10 um) against 40 um.
    double pairs_10 = 0, hits_10 = 0, pairs_40 = 0, hits_40 = 0, beyond = 0;
    for (neuron_id t = 0; t < 900; ++t) {
        std::set<std::uint32_t> sources;
        for (const auto& [s, w, d] : rows[t]) {
            sources.insert(s);
        }
        const point_um at = position_of(c, 0, t, 5);
        for (neuron_id s = 0; s < 900; ++s) {
            double dx = std::abs(position_of(c, 0, s, 5).x - at.x);
            double dy = std::abs(position_of(c, 0, s, 5).y - at.y);
            dx = std::min(dx, 300.0 - dx);
            dy = std::min(dy, 300.0 - dy);
            const double dist = std::hypot(dx, dy);
            const bool hit = sources.count(static_cast<std::uint32_t>(s)) > 0;
            if (std::abs(dist - 10.0) < 1e-9) {
                pairs_10 += 1;
                hits_10 += hit ? 1 : 0;
            } else if (std::abs(dist - 40.0) < 1e-9) {
                pairs_40 += 1;
                hits_40 += hit ? 1 : 0;
            } else if (dist > 120.0) {
                beyond += hit ? 1 : 0;
            }
        }
    }
    ASSERT_EQ(pairs_10, 900 * 4);
    const double p10 = 0.8 * std::exp(-100.0 / 800.0), p40 = 0.8 * std::exp(-1600.0 / 800.0);
    EXPECT_NEAR(hits_10 / pairs_10, p10, 5 * std::sqrt(p10 * (1 - p10) / pairs_10));
    EXPECT_NEAR(hits_40 / pairs_40, p40, 5 * std::sqrt(p40 * (1 - p40) / pairs_40));
    EXPECT_LT(beyond, 5);  // p < 1e-7 per pair beyond 6 sigma
}

TEST(composed_network, synapses_do_not_depend_on_the_layout) {
    composed_network c = two_populations(60, 45);
    projection a = rule(connection_rule::fixed_probability, 0, 1);
    a.probability = 0.2;
    projection b = rule(connection_rule::fixed_indegree, 1, 0);
    b.count = 9;
    projection d = rule(connection_rule::fixed_outdegree, 0, 0);
    d.count = 4;
    c.projections = {a, b, d};
    const auto one = built(c, split_blocks(c.size(), 1));
    EXPECT_EQ(one, built(c, split_blocks(c.size(), 4)));
    EXPECT_EQ(one, built(c, round_robin(static_cast<std::uint32_t>(c.size()), 3)));
    EXPECT_NE(one, built(c, split_blocks(c.size(), 1), 6));  // and do depend on the seed
}

TEST(composed_network, a_second_projection_between_the_same_populations_draws_anew) {
    composed_network c = two_populations(50, 50);
    projection p = rule(connection_rule::fixed_indegree, 0, 1);
    p.count = 5;
    c.projections = {p, p};
    c.projections[1].repeat = 1;
    const auto rows = built(c, split_blocks(c.size(), 1));
    std::size_t same = 0;
    for (neuron_id t = 50; t < 100; ++t) {
        ASSERT_EQ(rows[t].size(), 10u);
        std::multiset<std::uint32_t> s;
        for (const auto& [src, w, d] : rows[t]) {
            s.insert(src);
        }
        same += (s.size() != std::set<std::uint32_t>(s.begin(), s.end()).size()) ? 1 : 0;
    }
    EXPECT_LT(same, 50u);  // identical streams would duplicate every source
}

// Out-degree projections from one source population onto two target populations draw from
// streams of their own: with equal sizes, shared streams would give each source the same
// target indices in both.
TEST(composed_network, out_degree_onto_two_populations_draws_independently) {
    composed_network c;
    c.populations = {{"E", 50, {}}, {"A", 40, {}}, {"B", 40, {}}};
    projection a = rule(connection_rule::fixed_outdegree, 0, 1);
    a.count = 6;
    projection b = a;
    b.target = 2;
    projection total = rule(connection_rule::fixed_total, 0, 1);
    total.count = 30;
    c.projections = {a, b, total};
    const auto rows = built(c, split_blocks(c.size(), 2));
    std::size_t same = 0, onto_a = 0;
    for (neuron_id t = 50; t < 90; ++t) {
        onto_a += rows[t].size();
        std::multiset<std::uint32_t> from_a, from_b;
        for (const auto& [s, w, d] : rows[t]) {
            from_a.insert(s);
        }
        for (const auto& [s, w, d] : rows[t + 40]) {
            from_b.insert(s);
        }
        same += from_a == from_b ? 1 : 0;
    }
    EXPECT_EQ(onto_a, 50u * 6u + 30u);
    EXPECT_LT(same, 5u);
}

TEST(composed_network, brunel_from_four_projections_is_the_builtin_network) {
    brunel_params bp;
    bp.n_e = 800;
    bp.n_i = 200;
    composed_network c = two_populations(bp.n_e, bp.n_i);
    for (std::uint32_t s : {0u, 1u}) {
        for (std::uint32_t t : {0u, 1u}) {
            projection p = rule(connection_rule::fixed_indegree, s, t);
            p.count = s == 0 ? bp.c_e() : bp.c_i();
            p.weight = s == 0 ? bp.excitatory_weight() : bp.inhibitory_weight();
            p.delay_steps = bp.delay_steps(0.1);
            c.projections.push_back(p);
        }
    }
    const neuron_layout layout = split_blocks(1000, 2);
    EXPECT_EQ(synapses_by_target(build_composed(c, 11, layout, {})),
              synapses_by_target(build_brunel(bp, 11, 0.1, layout)));
}

}  // namespace
}  // namespace brainemu
