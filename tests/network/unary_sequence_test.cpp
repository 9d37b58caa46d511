#include "network/unary_sequence.hpp"

#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "network/synapse_block.hpp"

namespace brainemu {
namespace {

// Every value and every (value, next value) pair read back as the plain array holds it, and
// the bytes held are the bytes promised.
void expect_round_trip(const std::vector<std::uint32_t>& values, const char* what) {
    const unary_sequence u(values);
    ASSERT_EQ(u.size(), values.size()) << what;
    for (std::uint32_t i = 0; i < values.size(); ++i) {
        ASSERT_EQ(u[i], values[i]) << what << " value " << i;
        if (i + 1 < values.size()) {
            const auto [a, b] = u.pair_at(i);
            ASSERT_EQ(a, values[i]) << what << " pair " << i;
            ASSERT_EQ(b, values[i + 1]) << what << " pair " << i;
        }
    }
    EXPECT_EQ(u.bytes(), unary_sequence::bytes_for(values.size(), values.back() - values.front()))
        << what;
}

// Row offsets of the shapes blocks have: rows of a synapse or two over most sources (a finely
// cut network), long rows (few parts), long runs of empty rows, one huge row among short ones
// (the directory's samples then lie far apart in bits), steps across word boundaries.
TEST(unary_sequence, values_read_back_for_every_shape_of_rows) {
    std::mt19937 rng(7);
    auto offsets = [&](std::uint32_t rows, auto&& length) {
        std::vector<std::uint32_t> v{1000};  // need not start at 0
        for (std::uint32_t r = 0; r < rows; ++r) {
            v.push_back(v.back() + length(r));
        }
        return v;
    };
    std::poisson_distribution<std::uint32_t> short_rows(0.4);
    expect_round_trip(offsets(7718, [&](std::uint32_t) { return short_rows(rng); }), "short");
    std::poisson_distribution<std::uint32_t> long_rows(300.0);
    expect_round_trip(offsets(3000, [&](std::uint32_t) { return long_rows(rng); }), "long");
    expect_round_trip(offsets(5000, [](std::uint32_t r) { return r % 1000 == 999 ? 5u : 0u; }),
                      "mostly empty");
    expect_round_trip(offsets(4000, [](std::uint32_t r) { return r == 2000 ? 100'000u : r % 2; }),
                      "one huge row");
    expect_round_trip(offsets(600, [](std::uint32_t r) { return 63u + r % 3; }), "word steps");
    expect_round_trip({5}, "one value");
    expect_round_trip({3, 3, 3, 3}, "no climb");
}

// The directory keeps its samples 256-512 bits apart: a finely cut block's offsets (most rows a
// synapse or none) cost about a bit a row plus a bit a synapse, not the ~7 bits a row of the
// grouped form, and the table picks the smaller of the two.
TEST(unary_sequence, short_rows_cost_about_a_bit_a_row_and_a_bit_a_synapse) {
    std::vector<std::uint32_t> v{0};
    for (std::uint32_t r = 0; r < 7718; ++r) {
        v.push_back(v.back() + (r * 2654435761u >> 30 == 0 ? 1 : 0) + (r % 3 == 0 ? 1 : 0));
    }
    const std::uint64_t bits = v.size() + v.back();
    const std::size_t bytes = unary_sequence::bytes_for(v.size(), v.back());
    EXPECT_LE(bytes, bits / 8 + 8 + 8 + (bits / 256 + 1) * 4);  // S >= half of 512 bits
    EXPECT_LT(bytes, grouped_sequence::bytes_for(std::span<const std::uint32_t>(v)));

    row_offset_table t;
    t.building() = v;
    t.freeze();
    EXPECT_EQ(t.form_name(), "unary");
    EXPECT_EQ(t.bytes(), bytes);
    EXPECT_EQ(t.row(100), (std::pair<std::uint64_t, std::uint64_t>{v[100], v[101]}));

    // Long rows: the grouped form is smaller, and chosen.
    row_offset_table long_rows;
    for (std::uint32_t r = 0; r <= 3000; ++r) {
        long_rows.building().push_back(r * 400);
    }
    long_rows.freeze();
    EXPECT_EQ(long_rows.form_name(), "grouped");
    EXPECT_EQ(long_rows[3000], 1'200'000u);
}

}  // namespace
}  // namespace brainemu
