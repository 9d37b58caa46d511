#include "network/synapse_block.hpp"

#include <gtest/gtest.h>

#include "network/brunel.hpp"
#include "network/edge_list.hpp"
#include "network/network.hpp"

namespace brainemu {
namespace {

edge_list small_edges() {
    edge_list e;
    // source, target, weight, delay
    auto add = [&](std::uint32_t s, std::uint32_t t, float w, std::uint16_t d) {
        e.source.push_back(s);
        e.target.push_back(t);
        e.weight.push_back(w);
        e.delay_steps.push_back(d);
    };
    add(0, 1, 1.5f, 3);
    add(0, 2, -2.0f, 3);
    add(2, 1, 1.5f, 5);
    add(1, 0, 0.25f, 3);
    add(0, 1, 1.5f, 7);  // multapse
    return e;
}

TEST(synapse_block, rows_by_source_hold_every_synapse_with_its_delay_and_weight) {
    const network net = build_from_edges(3, small_edges(), split_blocks(3, 1));
    ASSERT_EQ(net.synapses.blocks.size(), 1u);
    const synapse_block& b = net.synapses.blocks[0];
    EXPECT_EQ(b.size(), 5u);
    EXPECT_EQ(b.row_offsets, (std::vector<std::uint64_t>{0, 3, 4, 5}));
    // Row 0 in target order, the list's order within a target: (1, 1.5, 3), (1, 1.5, 7),
    // (2, -2, 3).
    EXPECT_EQ(b.target[0], 1u);
    EXPECT_EQ(b.target[1], 1u);
    EXPECT_EQ(b.target[2], 2u);
    EXPECT_EQ(b.delay(1), 7);
    EXPECT_FLOAT_EQ(b.weight(2), -2.0f);
    EXPECT_EQ(b.weights, weight_kind::table_u8);  // 3 distinct values
    EXPECT_EQ(b.delays, delay_kind::u8);
    EXPECT_EQ(b.min_delay, 3);
    EXPECT_EQ(b.max_delay, 7);
    EXPECT_EQ(b.max_in_degree, 3u);  // neuron 1
}

TEST(synapse_block, blocks_split_targets_without_changing_the_synapses) {
    const network one = build_from_edges(3, small_edges(), split_blocks(3, 1));
    const network three = build_from_edges(3, small_edges(), split_blocks(3, 3));
    ASSERT_EQ(three.synapses.blocks.size(), 3u);
    EXPECT_EQ(three.synapses.count(), one.synapses.count());
    // Target 1's incoming synapses, from block 1: sources 0, 0, 2.
    const synapse_block& b1 = three.synapses.blocks[1];
    EXPECT_EQ(b1.targets, (index_range{1, 2}));
    EXPECT_EQ(b1.row_offsets[1] - b1.row_offsets[0], 2u);
    EXPECT_EQ(b1.row_offsets[3] - b1.row_offsets[2], 1u);
}

TEST(synapse_block, narrowest_forms_are_chosen) {
    edge_list e;
    for (std::uint32_t i = 0; i < 70000; ++i) {
        e.source.push_back(i % 10);
        e.target.push_back(i % 7);
        e.weight.push_back(static_cast<float>(i) * 0.001f);  // 70,000 distinct: f32
        e.delay_steps.push_back(4);                          // constant
    }
    const network net = build_from_edges(10, e, split_blocks(10, 1));
    const synapse_block& b = net.synapses.blocks[0];
    EXPECT_EQ(b.weights, weight_kind::f32);
    EXPECT_EQ(b.delays, delay_kind::constant);
    EXPECT_TRUE(b.delay_u8.empty());
    EXPECT_EQ(b.delay(123), 4);
    // Bytes are what is held: 4 (target) + 4 (weight) per synapse + row offsets.
    EXPECT_EQ(b.bytes(), 70000u * 8u + 11u * 8u);

    for (std::uint32_t i = 0; i < 70000; ++i) {
        e.weight[i] = static_cast<float>(i % 1000);                  // 1,000 distinct: u16 table
        e.delay_steps[i] = static_cast<std::uint16_t>(300 + i % 3);  // > 255: u16
    }
    const network net2 = build_from_edges(10, e, split_blocks(10, 1));
    EXPECT_EQ(net2.synapses.blocks[0].weights, weight_kind::table_u16);
    EXPECT_EQ(net2.synapses.blocks[0].delays, delay_kind::u16);
    EXPECT_EQ(net2.synapses.blocks[0].weight_table.size(), 1000u);
    double sum = 0.0;
    for (std::uint64_t k = 0; k < 70000; ++k) {
        sum += net2.synapses.blocks[0].weight(k);
    }
    EXPECT_DOUBLE_EQ(sum, 70.0 * 499500.0);  // every weight kept exactly
}

TEST(brunel, fixed_in_degree_one_byte_weights_and_no_delay_bytes) {
    brunel_params p;
    p.n_e = 400;
    p.n_i = 100;
    const network net = build_brunel(p, 7, 0.1, split_blocks(500, 2));
    EXPECT_EQ(net.synapses.count(), 500u * (40u + 10u));
    for (const auto& b : net.synapses.blocks) {
        EXPECT_EQ(b.weights, weight_kind::table_u8);
        EXPECT_EQ(b.delays, delay_kind::constant);
        EXPECT_EQ(b.constant_delay, 15);
        EXPECT_EQ(b.weight_table.size(), 2u);
        EXPECT_EQ(b.max_in_degree, 50u);
    }
    // The same network whatever the blocking.
    const network other = build_brunel(p, 7, 0.1, split_blocks(500, 3));
    std::vector<std::pair<std::uint32_t, std::uint32_t>> a, c;
    for (const network* n : {&net, &other}) {
        auto& out = n == &net ? a : c;
        for (const auto& b : n->synapses.blocks) {
            for (std::uint32_t s = 0; s < n->size; ++s) {
                for (auto k = b.row_offsets[s]; k < b.row_offsets[s + 1]; ++k) {
                    out.emplace_back(s, b.targets.first + b.target[k]);
                }
            }
        }
        std::sort(out.begin(), out.end());
    }
    EXPECT_EQ(a, c);
}

}  // namespace
}  // namespace brainemu
