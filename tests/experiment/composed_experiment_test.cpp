// Composed networks in experiment files: each mistake named by its field, array files read
// from numpy's .npy format (bytes as numpy.save writes them), config.toml running the same
// network again.

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "experiment/experiment.hpp"

namespace brainemu {
namespace {

std::string head(std::string_view projection) {
    return std::string(R"([network]
weight_unit = "pA"
[[network.population]]
name = "E"
size = 40
[[network.population]]
name = "I"
size = 10
[model]
name = "lif_psc_exp"
[[network.projection]]
)") + std::string(projection);
}

std::string error_of(const std::string& text, const std::filesystem::path& path = "exp.toml") {
    try {
        static_cast<void>(build_experiment(parse_experiment_text(text, path), 1));
    } catch (const input_error& e) {
        return e.what();
    }
    return "no error";
}

TEST(composed_experiment, mistakes_are_named_by_their_field) {
    EXPECT_EQ(error_of(head("source = \"E\"\ntarget = \"J\"\nrule = \"all_to_all\"\nweight = "
                            "1.0\ndelay_ms = 1.0\n")),
              "exp.toml:13: network.projection[0].target: unknown population 'J'; one of E, I");
    EXPECT_NE(error_of(head("source = \"E\"\ntarget = \"I\"\nrule = \"fixed_indgree\"\n"))
                  .find("network.projection[0].rule: unknown rule 'fixed_indgree'; known: "
                        "all_to_all, one_to_one, fixed_indegree"),
              std::string::npos);
    EXPECT_NE(error_of(head("source = \"I\"\ntarget = \"E\"\nrule = \"fixed_indegree\"\n"
                            "indegree = 11\nmultapses = false\nweight = 1.0\ndelay_ms = 1.0\n"))
                  .find("network.projection[0].indegree: indegree without multapses: at most 10 "
                        "(the source population's size), got 11"),
              std::string::npos);
    EXPECT_NE(error_of(head("source = \"E\"\ntarget = \"I\"\nrule = \"one_to_one\"\nweight = "
                            "1.0\ndelay_ms = 1.0\n"))
                  .find("one_to_one needs populations of one size (40 and 10)"),
              std::string::npos);
    EXPECT_NE(error_of(head("source = \"E\"\ntarget = \"E\"\nrule = \"distance\"\nprobability "
                            "= 0.5\nsigma_um = 10.0\nweight = 1.0\ndelay_ms = 1.0\n"))
                  .find("distance needs positions for population E"),
              std::string::npos);
    EXPECT_NE(error_of(head("source = \"E\"\ntarget = \"E\"\nrule = \"fixed_probability\"\n"
                            "probability = 1.5\nweight = 1.0\ndelay_ms = 1.0\n"))
                  .find("network.projection[0].probability: must be in [0, 1], got 1.5"),
              std::string::npos);
    EXPECT_NE(error_of(head("source = \"E\"\ntarget = \"E\"\nrule = \"all_to_all\"\nweight = "
                            "1.0\ndelay_ms = 0.01\n"))
                  .find("network.projection[0].delay_ms: 0.01 ms: must be 1 to 65535 steps"),
              std::string::npos);
    EXPECT_NE(error_of(head("source = \"E\"\ntarget = \"E\"\nrule = \"all_to_all\"\nweigth = "
                            "1.0\ndelay_ms = 1.0\n"))
                  .find("network.projection[0].weight"),
              std::string::npos);
    EXPECT_NE(
        error_of("[network]\nweight_unit = \"mV\"\n[[network.population]]\nname = \"E\"\nsize = "
                 "4\n[[network.population]]\nname = \"E\"\nsize = 4\n[model]\nname = "
                 "\"lif_psc_delta\"\n")
            .find("population 'E' is named twice"),
        std::string::npos);
    EXPECT_NE(error_of("[network]\nweight_unit = \"mV\"\n[[network.population]]\nname = "
                       "\"E\"\nsize = 4\n[model]\nname = \"lif_psc_exp\"\n")
                  .find("network.weight_unit: model lif_psc_exp takes synaptic weights in pA"),
              std::string::npos);
}

// A structured .npy file as numpy.save writes it (format 1.0, header padded to 64 bytes).
void write_npy(const std::filesystem::path& file, const std::string& descr,
               const std::string& rows) {
    std::string header = "{'descr': " + descr + ", 'fortran_order': False, 'shape': (" +
                         std::to_string(rows.size() / 16) + ",), }";
    while ((10 + header.size() + 1) % 64 != 0) {
        header += ' ';
    }
    header += '\n';
    std::ofstream out(file, std::ios::binary);
    out << "\x93NUMPY" << '\x01' << '\x00' << static_cast<char>(header.size() & 0xff)
        << static_cast<char>(header.size() >> 8) << header << rows;
}

std::string row(std::uint32_t s, std::uint32_t t, float w, float d) {
    std::string out(16, '\0');
    std::memcpy(out.data(), &s, 4);
    std::memcpy(out.data() + 4, &t, 4);
    std::memcpy(out.data() + 8, &w, 4);
    std::memcpy(out.data() + 12, &d, 4);
    return out;
}

TEST(composed_experiment, arrays_come_from_npy_files_checked_row_by_row) {
    const auto dir = std::filesystem::temp_directory_path() / "brainemu_composed_test";
    std::filesystem::create_directories(dir);
    const std::string descr =
        "[('source', '<u4'), ('target', '<u4'), ('weight', '<f4'), ('delay_ms', '<f4')]";
    write_npy(dir / "good.npy", descr, row(0, 9, 2.5f, 1.0f) + row(39, 0, -1.0f, 2.0f));
    const std::string arrays = "source = \"E\"\ntarget = \"I\"\nrule = \"arrays\"\nfile = ";
    const experiment e = parse_experiment_text(head(arrays + "\"good.npy\"\n"), dir / "exp.toml");
    const built_experiment b = build_experiment(e, 2);
    EXPECT_EQ(b.net.synapses.count(), 2u);
    EXPECT_NE(resolved_config_toml(e).find((dir / "good.npy").string()), std::string::npos);

    write_npy(dir / "bad.npy", descr, row(0, 10, 1.0f, 1.0f));
    EXPECT_EQ(error_of(head(arrays + "\"bad.npy\"\n"), dir / "exp.toml"),
              (dir / "bad.npy").string() +
                  ": row 0: target 10 is outside the target population (size 10)");
    write_npy(dir / "names.npy",
              "[('pre', '<u4'), ('target', '<u4'), ('weight', '<f4'), "
              "('delay_ms', '<f4')]",
              row(0, 1, 1.0f, 1.0f));
    EXPECT_EQ(error_of(head(arrays + "\"names.npy\"\n"), dir / "exp.toml"),
              (dir / "names.npy").string() +
                  ": no field 'source' (the array has: pre, target, weight, delay_ms)");
    // Other fields (a bool, a string) are stepped over, as docs/formats.md says.
    const std::string one = row(1, 2, 0.5f, 1.0f);  // with a bool after target, 2 bytes at the end
    const std::string wide = one.substr(0, 8) + std::string("\x01", 1) + one.substr(8) + "ab";
    {
        std::string header =
            "{'descr': [('source', '<u4'), ('target', '<u4'), ('ok', '|b1'), "
            "('weight', '<f4'), ('delay_ms', '<f4'), ('tag', '|S2')], "
            "'fortran_order': False, 'shape': (1,), }";
        while ((10 + header.size() + 1) % 64 != 0) {
            header += ' ';
        }
        header += '\n';
        std::ofstream out(dir / "wide.npy", std::ios::binary);
        out << "\x93NUMPY" << '\x01' << '\x00' << static_cast<char>(header.size() & 0xff)
            << static_cast<char>(header.size() >> 8) << header << wide;
    }
    EXPECT_EQ(build_experiment(
                  parse_experiment_text(head(arrays + "\"wide.npy\"\n"), dir / "exp.toml"), 1)
                  .net.synapses.count(),
              1u);
    std::ofstream(dir / "text.npy") << "source,target\n";
    EXPECT_EQ(error_of(head(arrays + "\"text.npy\"\n"), dir / "exp.toml"),
              (dir / "text.npy").string() + ": not a .npy file (numpy.save writes one)");
    std::filesystem::remove_all(dir);
}

TEST(composed_experiment, the_example_in_experiments_md_builds) {
    const std::filesystem::path doc =
        std::filesystem::path(__FILE__).parent_path() / "../../docs/experiments.md";
    std::ifstream in(doc);
    ASSERT_TRUE(in) << doc;
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::size_t section = text.find("### Composed networks");
    ASSERT_NE(section, std::string::npos);
    const std::size_t open = text.find("```toml\n", section) + 8;
    const std::string example = text.substr(open, text.find("```", open) - open);
    const built_experiment b = build_experiment(parse_experiment_text(example, doc), 2);
    EXPECT_EQ(b.net.size, 1250u);
    EXPECT_EQ(b.net.populations.size(), 2u);
    // 250 x 100 in-degree synapses and about 0.1 x 250 x 1000 drawn ones.
    EXPECT_NEAR(static_cast<double>(b.net.synapses.count()), 25000.0 + 25000.0, 5 * 150.0);
}

}  // namespace
}  // namespace brainemu
