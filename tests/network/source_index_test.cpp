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

// 4 bytes per id plus 8 per distinct high word: below 2^32 no group table at all, so ids of a
// 10^4-neuron network and of a 10^11-neuron one cost the same per row.
TEST(source_index, costs_four_bytes_an_id) {
    std::vector<neuron_id> low, high;
    for (neuron_id i = 0; i < 1000; ++i) {
        low.push_back(i * 1000);
        high.push_back(17 * g + i * 1000);
    }
    EXPECT_EQ(source_index(low).bytes(), 4000u);
    EXPECT_EQ(source_index(high).bytes(), 4000u + 8u);
    EXPECT_EQ(source_index(low).find(17 * g), source_index::npos);
    EXPECT_EQ(source_index(high).find(1000), source_index::npos);
    EXPECT_TRUE(source_index(std::vector<neuron_id>{}).empty());
}

}  // namespace
}  // namespace brainemu
