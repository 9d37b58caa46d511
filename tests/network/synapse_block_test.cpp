#include "network/synapse_block.hpp"

#include <tuple>

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
        for (neuron_id t = targets.first; t < targets.last; ++t) {
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
    ASSERT_EQ(b.row_offsets.size(), 4u);
    EXPECT_EQ((std::vector<std::uint64_t>{b.row_offsets[0], b.row_offsets[1], b.row_offsets[2],
                                          b.row_offsets[3]}),
              (std::vector<std::uint64_t>{0, 3, 4, 5}));
    // Row 0 sorted by (delay, target): (1, 1.5, 3), (2, -2, 3), (1, 1.5, 7).
    EXPECT_EQ(b.target_of(0), 1u);
    EXPECT_EQ(b.target_of(1), 2u);
    EXPECT_EQ(b.target_of(2), 1u);
    EXPECT_EQ(b.delay(0, 2), 7);
    EXPECT_EQ(b.delay(2, 4), 5);
    EXPECT_FLOAT_EQ(b.weight(1), -2.0f);
    EXPECT_EQ(b.weights, weight_kind::table_u8);  // 3 distinct values
    // 3 targets (2 bits) and delays 3..7 (3 bits above the least): one 16-bit word a synapse.
    EXPECT_EQ(b.delays, delay_kind::packed);
    EXPECT_EQ(b.target_bits, 2);
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
    // Two of the three sources have a row here: dense rows (3 x 4 bytes) are not larger than
    // sparse ones (2 x 8).
    ASSERT_TRUE(b1.dense());
    EXPECT_EQ(b1.row_offsets[1] - b1.row_offsets[0], 2u);
    EXPECT_EQ(b1.row_offsets[3] - b1.row_offsets[2], 1u);
}

// A block that hears from a few sources of a large network holds those sources' rows only: its
// bytes do not depend on how many neurons the rest of the network has.
TEST(synapse_block, a_block_holds_rows_only_for_its_own_sources) {
    auto gen_for = [](std::uint32_t stride) {
        return [stride](index_range targets, auto&& emit) {
            for (neuron_id t = targets.first; t < targets.last; ++t) {
                for (std::uint32_t k = 0; k < 20; ++k) {
                    emit(neuron_id{k} * stride, t, 0.5f, static_cast<std::uint16_t>(1 + k % 3));
                }
            }
        };
    };
    // 20 of 10,000 sources: an offset per source of the network (a bit each at least) would
    // cost more than the list.
    const synapse_block small = build_synapse_block(10'000, {0, 10}, gen_for(5));
    const synapse_block large = build_synapse_block(4'000'000'000u, {0, 10}, gen_for(199'999'999));
    ASSERT_FALSE(small.dense());
    ASSERT_FALSE(large.dense());
    EXPECT_EQ(small.rows(), 20u);
    EXPECT_EQ(large.rows(), 20u);
    // The same rows; the sources' index grows only by the bits of their wider spacing (at most
    // the 4 bytes a source a plain array takes), nothing per source of the network.
    EXPECT_LE(large.bytes(), small.bytes() + 20 * 4);
    EXPECT_EQ(large.row_of(3 * 199'999'999u), 3u);
    EXPECT_EQ(large.row_of(3), synapse_block::no_row);
    EXPECT_EQ(large.row_of(3'999'999'999u), synapse_block::no_row);
    EXPECT_EQ(large.row_offsets[4] - large.row_offsets[3], 10u);
    EXPECT_EQ(large.delay(3, large.row_offsets[3]), 1);  // k = 3: delay 1 + 3 % 3
    std::uint32_t seen = 0;
    large.for_each_row([&](neuron_id source, std::uint64_t begin, std::uint64_t end) {
        EXPECT_EQ(source, seen * 199'999'999u);
        EXPECT_EQ(end - begin, 10u);
        ++seen;
    });
    EXPECT_EQ(seen, 20u);

    // Sources above 2^32 (a part of a 10^11-neuron network) cost what sources below it do.
    const synapse_block huge =
        build_synapse_block(neuron_id{20} << 32, {0, 10}, gen_for(4'000'000'000u));
    EXPECT_EQ(huge.rows(), 20u);
    EXPECT_LE(huge.bytes(), large.bytes() + 20 * 5 / 8 + 16);  // spacing 20x wider: 5 bits
    EXPECT_EQ(huge.row_of(neuron_id{19} * 4'000'000'000u), 19u);
    EXPECT_EQ(huge.source_of(19), neuron_id{19} * 4'000'000'000u);
    EXPECT_EQ(huge.row_of(neuron_id{19} * 4'000'000'000u + 1), synapse_block::no_row);
    seen = 0;
    huge.for_each_row([&](neuron_id source, std::uint64_t begin, std::uint64_t end) {
        EXPECT_EQ(source, neuron_id{seen} * 4'000'000'000u);
        EXPECT_EQ(end - begin, 10u);
        ++seen;
    });
    EXPECT_EQ(seen, 20u);

    // Most sources present: one offset per source of the network, no list, no search.
    const synapse_block most = build_synapse_block(25, {0, 10}, gen_for(1));
    EXPECT_TRUE(most.dense());
    EXPECT_EQ(most.rows(), 25u);
    EXPECT_EQ(most.row_of(24), 24u);
    EXPECT_EQ(most.row_offsets[21], most.row_offsets[25]);  // sources 20..24: empty rows
}

// Counting goes chunk by chunk (the first chunk, 64 targets, sizes the rest); rows must come out
// the same as one count over the whole block would give them, whatever the chunks.
TEST(synapse_block, rows_are_counted_across_chunks) {
    auto gen = [](index_range targets, auto&& emit) {
        for (neuron_id t = targets.first; t < targets.last; ++t) {
            for (std::uint32_t k = 0; k < 3; ++k) {
                emit((t * 7919u + k * 104729u) % 50'000u, t, 1.0f, 1);
            }
        }
    };
    const synapse_block b = build_synapse_block(50'000, {0, 65'536}, gen);
    std::vector<std::uint64_t> per_source(50'000, 0);
    for (std::uint32_t t = 0; t < 65'536; ++t) {
        for (std::uint32_t k = 0; k < 3; ++k) {
            ++per_source[(t * 7919u + k * 104729u) % 50'000u];
        }
    }
    std::uint64_t total = 0;
    b.for_each_row([&](neuron_id source, std::uint64_t begin, std::uint64_t end) {
        EXPECT_EQ(end - begin, per_source[source]) << source;
        total += end - begin;
    });
    EXPECT_EQ(total, 3u * 65'536u);
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
    // Bytes are what is held: 2 (target) + 4 (weight) per synapse + the row offsets: 11 coded in
    // one group, 17 bytes of header and 11 x bit_width(70,000) = 187 bits (4 words with the pad).
    EXPECT_EQ(b.bytes(), 70000u * 6u + 17u + 4u * 8u);

    for (std::uint32_t i = 0; i < 70000; ++i) {
        e.weight[i] = static_cast<float>(i % 1000);  // 1,000 distinct: u16 table
        // > 255, and 8,800 apart: 14 bits beside the 10 targets' 4 do not fit 16 bits.
        e.delay_steps[i] = static_cast<std::uint16_t>(300 + (i % 3) * 4400);
    }
    const network net2 = build_from_edges(10, e, split_blocks(10, 1));
    EXPECT_EQ(net2.synapses.blocks[0].weights, weight_kind::table_u16);
    // Three delays per row, rows sorted by delay: 3 runs per row beat 2 bytes per synapse.
    const synapse_block& b2 = net2.synapses.blocks[0];
    EXPECT_EQ(b2.delays, delay_kind::runs);
    EXPECT_EQ(b2.runs.size(), 30u);
    for (std::uint32_t s = 0; s < 10; ++s) {
        for (auto k = b2.row_offsets[s] + 1; k < b2.row_offsets[s + 1]; ++k) {
            ASSERT_LE(b2.delay(s, k - 1), b2.delay(s, k));
            if (b2.delay(s, k - 1) == b2.delay(s, k)) {
                ASSERT_LE(b2.target_of(k - 1), b2.target_of(k));  // targets stay in order
            }
        }
    }
    EXPECT_EQ(net2.synapses.blocks[0].weight_table.size(), 1000u);
    double sum = 0.0;
    for (std::uint64_t k = 0; k < 70000; ++k) {
        sum += net2.synapses.blocks[0].weight(k);
    }
    EXPECT_DOUBLE_EQ(sum, 70.0 * 499500.0);  // every weight kept exactly

    // Delays 300..302 (2 bits above the least) beside a block of 10 targets (4 bits): packed into
    // the targets' words, no byte of their own, so they beat the runs.
    for (std::uint32_t i = 0; i < 70000; ++i) {
        e.delay_steps[i] = static_cast<std::uint16_t>(300 + (i * 7919u) % 3);
    }
    const network net3 = build_from_edges(10, e, split_blocks(10, 1));
    const synapse_block& b3 = net3.synapses.blocks[0];
    EXPECT_EQ(b3.delays, delay_kind::packed);
    EXPECT_EQ(b3.target_bits, 4);
    EXPECT_TRUE(b3.runs.empty() && b3.delay_u8.empty() && b3.delay_u16.empty());
    std::vector<std::uint32_t> count(7 * 3, 0);
    for (std::uint32_t s = 0; s < 10; ++s) {
        for (auto k = b3.row_offsets[s]; k < b3.row_offsets[s + 1]; ++k) {
            ASSERT_LT(b3.target_of(k), 7u);
            ASSERT_GE(b3.delay(s, k), 300u);
            ASSERT_LE(b3.delay(s, k), 302u);
            ++count[b3.target_of(k) * 3 + (b3.delay(s, k) - 300u)];
        }
    }
    for (std::uint32_t t = 0; t < 7; ++t) {
        for (std::uint32_t d = 0; d < 3; ++d) {
            std::uint32_t want = 0;
            for (std::uint32_t i = 0; i < 70000; ++i) {
                want += (i % 7 == t && (i * 7919u) % 3 == d) ? 1 : 0;
            }
            EXPECT_EQ(count[t * 3 + d], want) << "target " << t << " delay " << 300 + d;
        }
    }
}

// Weights and delays are collected narrow while they fit (a quantum's codes, then a table, then
// floats; one-byte delays, then two) and widened when one does not: the block must hold every
// value exactly whenever the widening happens, here after the first 4,000 of 5,000 synapses.
TEST(synapse_block, values_that_do_not_fit_widen_what_was_collected) {
    edge_list e;
    for (std::uint32_t i = 0; i < 5000; ++i) {
        e.source.push_back(i % 10);
        e.target.push_back(i % 7);
        e.weight.push_back(i < 4000 ? static_cast<float>((static_cast<int>(i) - 2500) * 0.5)
                                    : 0.3f + static_cast<float>(i));  // off the 0.5 grid
        e.delay_steps.push_back(static_cast<std::uint16_t>(i < 4000 ? 1 + i % 3 : 300 + i % 2));
    }
    const network net = build_synapse_store_for_test(e, 0.5);
    const synapse_block& b = net.synapses.blocks[0];
    EXPECT_EQ(b.weights, weight_kind::table_u16);  // 5,000 distinct, not all on the grid
    EXPECT_EQ(b.max_delay, 301);
    // Every (source, target, weight, delay) as given, as a multiset.
    std::vector<std::tuple<std::uint32_t, std::uint32_t, float, std::uint16_t>> want, got;
    for (std::size_t k = 0; k < e.size(); ++k) {
        want.emplace_back(e.source[k], e.target[k], e.weight[k], e.delay_steps[k]);
    }
    for (std::uint32_t row = 0; row < b.rows(); ++row) {
        for (auto k = b.row_offsets[row]; k < b.row_offsets[row + 1]; ++k) {
            got.emplace_back(b.source_of(row), b.targets.first + b.target_of(k), b.weight(k),
                             b.delay(row, k));
        }
    }
    std::sort(want.begin(), want.end());
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, want);
    // The same weights all on the grid, 200 of them: a one-byte table straight from the codes.
    for (std::uint32_t i = 0; i < 5000; ++i) {
        e.weight[i] = static_cast<float>(static_cast<int>(i % 200) - 100) * 0.5f;
    }
    const network few_net = build_synapse_store_for_test(e, 0.5);
    const synapse_block& few = few_net.synapses.blocks[0];
    EXPECT_EQ(few.weights, weight_kind::table_u8);
    EXPECT_EQ(few.weight_table.size(), 200u);
    EXPECT_FLOAT_EQ(few.max_abs_weight, 50.0f);
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
    EXPECT_EQ(net.synapses.blocks[1].target_of(0), 70000u - 65536u);
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
            b.for_each_row([&](neuron_id s, std::uint64_t begin, std::uint64_t end) {
                for (auto k = begin; k < end; ++k) {
                    out.emplace_back(s, b.targets.first + b.target_of(k));
                }
            });
        }
        std::sort(out.begin(), out.end());
    }
    EXPECT_EQ(a, c);
}

}  // namespace
}  // namespace brainemu
