// spikes.bin and voltages.bin as the engine writes them (src/io) and the report reads them
// (src/report): both record forms, 32-bit ids below 2^32 neurons and 64-bit ids above.

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "io/spike_writer.hpp"
#include "io/voltage_writer.hpp"
#include "report/spike_file.hpp"
#include "report/voltage_file.hpp"

namespace brainemu {
namespace {

namespace fs = std::filesystem;
constexpr neuron_id g = neuron_id{1} << 32;

class output_files : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("brainemu_outputs_" + std::to_string(::getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    [[nodiscard]] std::string text(const std::string& name) const {
        std::ifstream in(dir_ / name);
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }
    fs::path dir_;
};

std::vector<spike_record> write_spikes(const fs::path& dir, neuron_id neurons,
                                       std::vector<spike_record> spikes) {
    spike_writer w(dir, 0.1, neurons, true);
    w.write(spikes);
    w.commit();
    return spikes;
}

TEST_F(output_files, spikes_of_a_network_beyond_2_to_the_32_keep_64_bit_ids) {
    const neuron_id neurons = 86 * (g / 4);  // 9.2e10: a human's 8.6e10 and more
    const auto spikes =
        write_spikes(dir_, neurons, {{0, 5}, {0, g + 3}, {2, 20 * g + 1}, {7, neurons - 1}});
    EXPECT_EQ(fs::file_size(dir_ / "spikes.bin"), 32u + 4u * 12u);  // version 2: 12 B a record
    const report::spike_file f = report::read_spike_file(dir_ / "spikes.bin");
    ASSERT_EQ(f.spikes.size(), spikes.size());
    for (std::size_t i = 0; i < spikes.size(); ++i) {
        EXPECT_EQ(f.spikes[i].step, spikes[i].step);
        EXPECT_EQ(f.spikes[i].neuron, spikes[i].neuron);
    }
    EXPECT_EQ(f.dt_ms, 0.1);
    EXPECT_NE(text("spikes.csv").find("0.2,85899345921\n"), std::string::npos)
        << text("spikes.csv");
}

TEST_F(output_files, spikes_of_a_smaller_network_keep_the_32_bit_form) {
    // At most 2^32 neurons: version 1, 8 bytes a record, as every earlier build wrote it.
    write_spikes(dir_, g, {{0, 0}, {3, g - 1}});
    EXPECT_EQ(fs::file_size(dir_ / "spikes.bin"), 32u + 2u * 8u);
    const report::spike_file f = report::read_spike_file(dir_ / "spikes.bin");
    ASSERT_EQ(f.spikes.size(), 2u);
    EXPECT_EQ(f.spikes[1].neuron, g - 1);
    EXPECT_EQ(f.spikes[1].step, 3u);
}

TEST_F(output_files, voltages_name_columns_above_2_to_the_32) {
    const std::vector<neuron_id> wide{3, g + 9}, narrow{3, 9};
    for (const auto& ids : {wide, narrow}) {
        {
            voltage_writer w(dir_, 0.1, ids, false);
            const std::vector<float> v{-65.0f, -50.5f};
            w.write(0, v);
            w.write(10, v);
            w.commit();
        }
        const std::uint64_t id_bytes = ids == wide ? 8 : 4;
        EXPECT_EQ(fs::file_size(dir_ / "voltages.bin"), 32u + 2 * id_bytes + 2 * (4 + 2 * 4));
        const report::voltage_file f = report::read_voltage_file(dir_ / "voltages.bin");
        EXPECT_EQ(f.neurons, std::vector<std::uint64_t>(ids.begin(), ids.end()));
        ASSERT_EQ(f.steps, (std::vector<std::uint32_t>{0, 10}));
        EXPECT_EQ(f.v_mV[3], -50.5f);
    }
}

}  // namespace
}  // namespace brainemu
