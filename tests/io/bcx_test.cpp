// The binary connectome format: what is written is read back exactly, and damage is refused
// with a message naming the file and section.
#include "io/bcx.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <xxhash.h>

#include "core/input_error.hpp"

namespace brainemu {
namespace {

std::vector<char> read_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

std::filesystem::path temp_path(const std::string& name) {
    return std::filesystem::temp_directory_path() /
           (name + "-" + std::to_string(::getpid()) + ".bcx");
}

connectome sample() {
    connectome_builder b;
    // 18-digit FlyWire-style ids: beyond 2^53, so a round trip through double would change them.
    const std::int64_t base = 720575940660219265;
    for (std::int64_t k = 0; k < 5; ++k) {
        const auto i = b.add_neuron(base + k, k == 2 ? "MN9" : "");
        EXPECT_TRUE(i.has_value());
        b.set_type(*i, k < 3 ? "GRN" : "MN");
        b.set_transmitter(*i, k % 2 == 0 ? "ACH" : "GABA");
        b.add_label(k < 2 ? "sensory" : "other", *i);
    }
    b.add_synapses(0, 2, 4);
    b.add_synapses(0, 2, 3);  // another neuropil: summed
    b.add_synapses(3, 1, 9);
    b.add_synapses(1, 4, 1);
    b.gap_junctions_listed_both_ways(true);
    b.add_gap_junction(1, 3, 2);
    b.add_gap_junction(3, 1, 2);
    b.add_metadata("format", "test");
    return b.finish("sample");
}

TEST(bcx, round_trip_keeps_every_field) {
    const connectome c = sample();
    ASSERT_EQ(c.pairs(), 3u);
    EXPECT_EQ(c.synapse_count(), 17u);
    const auto path = temp_path("roundtrip");
    write_bcx(c, path);
    const connectome r = read_bcx(path);
    std::filesystem::remove(path);
    ASSERT_EQ(r.size(), 5u);
    EXPECT_EQ(r.ids[4], 720575940660219269);
    EXPECT_EQ(r.names[2], "MN9");
    EXPECT_EQ(r.find_name("MN9"), 2u);
    EXPECT_EQ(r.find_id(720575940660219266), 1u);
    EXPECT_EQ(r.type_names[r.type[3]], "MN");
    EXPECT_EQ(r.transmitter_names[r.transmitter[1]], "GABA");
    EXPECT_EQ(std::vector<std::uint64_t>(r.row_offsets.begin(), r.row_offsets.end()),
              (std::vector<std::uint64_t>{0, 1, 2, 2, 3, 3}));
    EXPECT_EQ(r.post[0], 2u);
    EXPECT_EQ(r.count[0], 7u);
    EXPECT_EQ(r.count[2], 9u);
    ASSERT_EQ(r.gap_a.size(), 1u);
    EXPECT_EQ(r.gap_a[0], 1u);
    EXPECT_EQ(r.gap_b[0], 3u);
    EXPECT_EQ(r.gap_count[0], 2u);  // listed both ways, counted once
    EXPECT_EQ(r.labels.at("sensory"), (std::vector<std::uint32_t>{0, 1}));
    EXPECT_EQ(r.metadata_value("format"), "test");
}

TEST(bcx, a_damaged_section_is_refused_by_name) {
    const auto path = temp_path("damaged");
    write_bcx(sample(), path);
    // Flip one byte in the middle of the file: some section's checksum must catch it.
    std::vector<char> bytes = read_bytes(path);
    const auto size = bytes.size();
    for (std::size_t at : {size / 2, size - 70}) {
        std::vector<char> damaged = bytes;
        damaged[at] = static_cast<char>(damaged[at] ^ 0x5a);
        {
            std::ofstream out(path, std::ios::binary | std::ios::trunc);
            out.write(damaged.data(), static_cast<std::streamsize>(damaged.size()));
        }
        try {
            (void)read_bcx(path);
            // A flipped padding byte is harmless; every other byte is covered by a checksum.
        } catch (const input_error& e) {
            EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos);
            EXPECT_NE(std::string(e.what()).find("damaged"), std::string::npos) << e.what();
        }
    }
    // Truncated: the header's size disagrees.
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(size - 64));
    }
    EXPECT_THROW((void)read_bcx(path), input_error);
    // Not a .bcx at all.
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << "pre,post,weight\n1,2,3\n" << std::string(100, ' ');
    }
    try {
        (void)read_bcx(path);
        ADD_FAILURE() << "a CSV file was read as a .bcx";
    } catch (const input_error& e) {
        EXPECT_NE(std::string(e.what()).find("not a brainemu connectome"), std::string::npos);
    }
    std::filesystem::remove(path);
}

// A crafted file carries valid checksums: what they cannot vouch for is checked on reading.
// Each of these was read and run before (NaN weights, duplicate ids, unsorted labels).
TEST(bcx, crafted_values_with_valid_checksums_are_refused) {
    const auto path = temp_path("crafted");
    auto refused = [&](const connectome& c, const std::string& section, const std::string& what) {
        write_bcx(c, path);
        try {
            (void)read_bcx(path);
            ADD_FAILURE() << "read: " << what;
        } catch (const input_error& e) {
            EXPECT_EQ(e.where().field, "section " + section) << e.what();
            EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
        }
    };
    for (const float bad : {std::nanf(""), std::numeric_limits<float>::infinity()}) {
        connectome c = sample();
        const std::vector<float> weights = {1.0F, bad, 1.0F};
        c.edge_weight = weights;
        refused(c, "eweight", "a weight that is not finite");
    }
    {
        connectome c = sample();
        const std::vector<float> delays = {1.0F, -2.0F, std::nanf("")};  // NaN: none of its own
        c.edge_delay_ms = delays;
        refused(c, "edelay", "a delay that is infinite or negative");
    }
    {
        connectome c = sample();
        std::vector<std::int64_t> ids(c.ids.begin(), c.ids.end());
        ids[3] = ids[1];
        c.ids = ids;
        refused(c, "ids", "neuron id 720575940660219266 appears twice");
    }
    {
        connectome c = sample();
        c.labels["sensory"] = {1, 0};
        refused(c, "labels", "label sensory lists its neurons out of order or twice");
    }
    std::filesystem::remove(path);
}

// A crafted string length of almost 4 GiB, with every checksum made valid again, is refused by
// the count check before anything is allocated (it once allocated 4.2 GB before "truncated").
TEST(bcx, a_crafted_string_length_is_refused_before_allocating) {
    const auto path = temp_path("length");
    write_bcx(sample(), path);
    std::vector<char> bytes = read_bytes(path);
    // docs/formats.md: a 64-byte header (section count at 24, table checksum at 32), then
    // 32-byte entries {char tag[8], u64 offset, size, checksum}.
    std::uint32_t sections = 0;
    std::memcpy(&sections, bytes.data() + 24, 4);
    bool found = false;
    for (std::uint32_t k = 0; k < sections; ++k) {
        char* entry = bytes.data() + 64 + 32 * k;
        if (std::string(entry, strnlen(entry, 8)) != "names") {
            continue;
        }
        std::uint64_t offset = 0, size = 0;
        std::memcpy(&offset, entry + 8, 8);
        std::memcpy(&size, entry + 16, 8);
        const std::uint32_t huge = 0xFFFFFFF0U;  // the first name's length, after the count
        std::memcpy(bytes.data() + offset + 4, &huge, 4);
        const std::uint64_t sum = XXH64(bytes.data() + offset, size, 0);
        std::memcpy(entry + 24, &sum, 8);
        found = true;
    }
    ASSERT_TRUE(found);
    const std::uint64_t table = XXH64(bytes.data() + 64, 32 * std::size_t{sections}, 0);
    std::memcpy(bytes.data() + 32, &table, 8);
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    try {
        (void)read_bcx(path);
        ADD_FAILURE() << "a 4 GiB name length was read";
    } catch (const input_error& e) {
        EXPECT_EQ(e.where().field, "section names") << e.what();
        EXPECT_NE(std::string(e.what()).find("a count larger than the section"), std::string::npos)
            << e.what();
    }
    std::filesystem::remove(path);
}

TEST(bcx, a_failed_write_leaves_no_file) {
    const auto path = std::filesystem::path("/nonexistent-dir/x.bcx");
    EXPECT_ANY_THROW(write_bcx(sample(), path));
    EXPECT_FALSE(std::filesystem::exists(path));
}

}  // namespace
}  // namespace brainemu
