#include "network/source_index.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace brainemu {
namespace {

constexpr neuron_id g = neuron_id{1} << 32;

// Ids on both sides of 2^32 and far above (a human sheet reaches 8.6e10 ~ 20 x 2^32): each comes
// back in order, is found where it is, and ids beside it are not.
TEST(source_index, ids_above_2_to_the_32_round_trip) {
    const std::vector<neuron_id> ids{
        0, 7, g - 1, g, g + 5, 3 * g + 1, 20 * g + 123456, 86'000'000'000, 255 * g + 4294967295};
    const source_index index(ids);
    ASSERT_EQ(index.size(), ids.size());
    for (std::uint32_t i = 0; i < ids.size(); ++i) {
        EXPECT_EQ(index[i], ids[i]) << i;
        EXPECT_EQ(index.find(ids[i]), i) << ids[i];
    }
    for (neuron_id absent : {neuron_id{1}, g + 4, 2 * g + 7, 3 * g, 21 * g + 123456}) {
        EXPECT_EQ(index.find(absent), source_index::npos) << absent;
    }
    std::vector<neuron_id> seen;
    index.for_each([&](std::uint32_t i, neuron_id id) {
        EXPECT_EQ(i, seen.size());
        seen.push_back(id);
    });
    EXPECT_EQ(seen, ids);
}

// Groups of 64 ids: 17 bytes of directory each (first id, where its fields start, their width),
// and each id's distance from its group's first in bit_width(the group's spread) bits. Ids
// spaced alike cost alike below and above 2^32; a plain sorted uint32 array takes 4 bytes each.
TEST(source_index, costs_the_bits_of_its_spacing) {
    std::vector<neuron_id> low, high;
    for (neuron_id i = 0; i < 1000; ++i) {
        low.push_back(i * 1000);
        high.push_back(17 * g + i * 1000);
    }
    const double groups = 16, spread_bits = 16;  // bit_width(63 x 1000) = 16
    const double bound = groups * 17 + 1000 * spread_bits / 8 + 16;
    EXPECT_LE(static_cast<double>(source_index(low).bytes()), bound);
    EXPECT_EQ(source_index(low).bytes(), source_index(high).bytes());
    EXPECT_LT(source_index(low).bytes(), 1000u * 4u * 6u / 10u);
    EXPECT_EQ(source_index(low).find(17 * g), source_index::npos);
    EXPECT_EQ(source_index(high).find(1000), source_index::npos);
    EXPECT_EQ(source_index(high).find(17 * g + 999000), 999u);
    EXPECT_TRUE(source_index(std::vector<neuron_id>{}).empty());
    EXPECT_EQ(source_index(std::vector<neuron_id>{}).find(0), source_index::npos);
}

// Crowded runs of ids and ever sparser ones, across group boundaries: every id is found where
// it is, every gap is absent (checked against the list itself).
TEST(source_index, finds_every_id_and_no_gap) {
    std::vector<neuron_id> ids;
    for (neuron_id i = 0; i < 5000; ++i) {
        ids.push_back(1'000'000 + i);
    }
    for (neuron_id i = 1; i <= 3000; ++i) {
        ids.push_back(1'000'000 + 5000 + i * i * 977);  // up to ~8.8e9, past 2^32
    }
    const source_index index(ids);
    ASSERT_EQ(index.size(), ids.size());
    for (std::uint32_t i = 0; i < ids.size(); ++i) {
        ASSERT_EQ(index[i], ids[i]) << i;
        ASSERT_EQ(index.find(ids[i]), i) << ids[i];
        if (i + 1 < ids.size() && ids[i + 1] > ids[i] + 1) {
            ASSERT_EQ(index.find(ids[i] + 1), source_index::npos) << ids[i] + 1;
        }
    }
    EXPECT_EQ(index.find(0), source_index::npos);
    EXPECT_EQ(index.find(999'999), source_index::npos);
    EXPECT_EQ(index.find(ids.back() + 1), source_index::npos);
}

}  // namespace
}  // namespace brainemu
