#include "network/synapse_block.hpp"

#include <gtest/gtest.h>

#include "network/brunel.hpp"
#include "network/edge_list.hpp"
#include "network/network.hpp"

namespace brainemu {
namespace {

network build_synapse_store_for_test(const edge_list& e, double quantum) {
    network net;
    net.size = 10;
    auto gen = [&](index_range targets, auto&& emit) {
        for (std::uint32_t t = targets.first; t < targets.last; ++t) {
            for (std::size_t k = 0; k < e.size(); ++k) {
                if (e.target[k] == t) {
                    emit(e.source[k], t, e.weight[k], e.delay_steps[k]);
                }
            }
        }
    };
    net.synapses = build_synapse_store(10, split_blocks(10, 1), gen, synapse_hints{quantum});
    return net;
}

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
    // Row 0 sorted by (delay, target): (1, 1.5, 3), (2, -2, 3), (1, 1.5, 7).
    EXPECT_EQ(b.target[0], 1u);
    EXPECT_EQ(b.target[1], 2u);
    EXPECT_EQ(b.target[2], 1u);
    EXPECT_EQ(b.delay(0, 2), 7);
    EXPECT_EQ(b.delay(2, 4), 5);
    EXPECT_FLOAT_EQ(b.weight(1), -2.0f);
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
    EXPECT_EQ(b.delay(3, 123), 4);
    // Bytes are what is held: 2 (target) + 4 (weight) per synapse + row offsets.
    EXPECT_EQ(b.bytes(), 70000u * 6u + 11u * 8u);

    for (std::uint32_t i = 0; i < 70000; ++i) {
        e.weight[i] = static_cast<float>(i % 1000);                  // 1,000 distinct: u16 table
        e.delay_steps[i] = static_cast<std::uint16_t>(300 + i % 3);  // > 255: u16
    }
    const network net2 = build_from_edges(10, e, split_blocks(10, 1));
    EXPECT_EQ(net2.synapses.blocks[0].weights, weight_kind::table_u16);
    // Three delays per row, rows sorted by delay: 3 runs per row beat 2 bytes per synapse.
    const synapse_block& b2 = net2.synapses.blocks[0];
    EXPECT_EQ(b2.delays, delay_kind::runs);
    EXPECT_EQ(b2.run_delay.size(), 30u);
    for (std::uint32_t s = 0; s < 10; ++s) {
        for (auto k = b2.row_offsets[s] + 1; k < b2.row_offsets[s + 1]; ++k) {
            ASSERT_LE(b2.delay(s, k - 1), b2.delay(s, k));
            if (b2.delay(s, k - 1) == b2.delay(s, k)) {
                ASSERT_LE(b2.target[k - 1], b2.target[k]);  // targets stay in order
            }
        }
    }
    EXPECT_EQ(net2.synapses.blocks[0].weight_table.size(), 1000u);
    double sum = 0.0;
    for (std::uint64_t k = 0; k < 70000; ++k) {
        sum += net2.synapses.blocks[0].weight(k);
    }
    EXPECT_DOUBLE_EQ(sum, 70.0 * 499500.0);  // every weight kept exactly
}

TEST(synapse_block, weights_on_a_quantum_grid_take_two_bytes) {
    edge_list e;
    for (std::uint32_t i = 0; i < 5000; ++i) {
        e.source.push_back(i % 10);
        e.target.push_back(i % 7);
        e.weight.push_back(static_cast<float>((static_cast<int>(i) - 2500) * 0.0214));
        e.delay_steps.push_back(2);
    }
    // Without the hint: a u16 table of 5,000 entries; with it: exact 16-bit multiples.
    const network plain = build_from_edges(10, e, split_blocks(10, 1));
    EXPECT_EQ(plain.synapses.blocks[0].weights, weight_kind::table_u16);
    const network hinted = build_synapse_store_for_test(e, 0.0214);
    const synapse_block& b = hinted.synapses.blocks[0];
    ASSERT_EQ(b.weights, weight_kind::scaled_i16);
    double sum_plain = 0.0, sum_scaled = 0.0;
    for (std::uint64_t k = 0; k < 5000; ++k) {
        sum_plain += plain.synapses.blocks[0].weight(k);
        sum_scaled += b.weight(k);
    }
    EXPECT_EQ(sum_plain, sum_scaled);  // same rows, same order: the same floats
    // A grid the weights are not on is refused (lossless or nothing).
    EXPECT_EQ(build_synapse_store_for_test(e, 0.03).synapses.blocks[0].weights,
              weight_kind::table_u16);
}

TEST(synapse_store, partitions_are_cut_into_blocks_of_at_most_65536_targets) {
    edge_list e;
    e.source = {0, 1};
    e.target = {70000, 140000};
    e.weight = {1.0f, 2.0f};
    e.delay_steps = {1, 1};
    const network net = build_from_edges(150000, e, split_blocks(150000, 2));
    ASSERT_EQ(net.synapses.partitions.size(), 2u);
    EXPECT_EQ(net.synapses.first_block, (std::vector<std::size_t>{0, 2, 4}));
    EXPECT_EQ(net.synapses.blocks[1].targets, (index_range{65536, 75000}));
    EXPECT_EQ(net.synapses.blocks[1].target[0], 70000u - 65536u);
    EXPECT_EQ(net.synapses.blocks[3].targets, (index_range{140536, 150000}));
    EXPECT_EQ(net.synapses.count(), 2u);
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
