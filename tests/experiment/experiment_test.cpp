// Experiment files: defaults, overrides, and bad input reported with file, line and field.

#include "experiment/experiment.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "experiment/experiment_toml.hpp"
#include "experiment/overrides.hpp"
#include "models/model_list.hpp"

namespace brainemu {
namespace {

std::string error_of(std::string_view text, const std::vector<override_spec>& o = {}) {
    try {
        static_cast<void>(parse_experiment_text(text, "exp.toml", o));
    } catch (const input_error& e) {
        return e.what();
    }
    return "no error";
}

constexpr std::string_view brunel = R"([simulation]
dt_ms = 0.1
duration_ms = 100.0
[network]
builtin = "brunel"
)";

TEST(experiment, defaults_are_filled_and_recorded) {
    const experiment e = parse_experiment_text(brunel, "exp.toml");
    EXPECT_EQ(e.steps(), 1000u);
    EXPECT_EQ(e.seed, 1u);
    ASSERT_TRUE(std::holds_alternative<brunel_spec>(e.network));
    EXPECT_DOUBLE_EQ(std::get<brunel_spec>(e.network).params.g, 5.0);
    EXPECT_EQ(e.model->name, "lif_psc_delta");
    const toml::table resolved = to_toml(e);
    EXPECT_EQ(resolved["network"]["g"].value<double>(), 5.0);
    EXPECT_EQ(resolved["model"]["params"]["v_th_mV"].value<double>(), 20.0);
}

TEST(experiment, overrides_are_type_checked) {
    const experiment e =
        parse_experiment_text(brunel, "exp.toml", {{"network.g", "4"}, {"simulation.seed", "9"}});
    EXPECT_DOUBLE_EQ(std::get<brunel_spec>(e.network).params.g, 4.0);
    EXPECT_EQ(e.seed, 9u);
    EXPECT_EQ(error_of(brunel, {{"simulation.duration_ms", "long"}}),
              "exp.toml: --set simulation.duration_ms: 'long' does not have the type of the "
              "value it replaces");
    EXPECT_EQ(error_of(brunel, {{"network.gg", "4"}}),
              "exp.toml: network.gg: unknown field; did you mean 'g'?");
}

TEST(experiment, negative_dt_names_file_line_and_field) {
    std::string text(brunel);
    text.replace(text.find("dt_ms = 0.1"), 11, "dt_ms = -0.1");
    EXPECT_EQ(error_of(text), "exp.toml:2: simulation.dt_ms: must be > 0, got -0.1");
}

TEST(experiment, misspelled_field_gets_a_suggestion) {
    std::string text(brunel);
    text.replace(text.find("duration_ms"), 11, "duraton_ms");
    EXPECT_EQ(error_of(text),
              "exp.toml:3: simulation.duraton_ms: unknown field; did you mean 'duration_ms'?");
}

TEST(experiment, unknown_model_lists_the_known_ones) {
    const std::string text = R"([network]
edge_list = "none.csv"
neurons = 3
)";
    EXPECT_NE(error_of(text).find("none.csv: cannot open file"), std::string::npos);
    const auto dir = std::filesystem::temp_directory_path() / "brainemu_exp_test";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "e.csv") << "source,target,weight_mV,delay_ms\n0,1,1.0,1.0\n";
    const std::string with_model = text.substr(0, 10) + "edge_list = \"" +
                                   (dir / "e.csv").string() + "\"\nneurons = 3\n[model]\n" +
                                   "name = \"lif_psc_expo\"\n";
    EXPECT_EQ(error_of(with_model),
              "exp.toml:5: model.name: unknown model 'lif_psc_expo'; known: " + model_names());
    EXPECT_TRUE(
        model_names().starts_with("lif_psc_exp, lif_psc_delta, fly_lif, intfire1, "
                                  "lif_cond_exp, izhikevich, adex, hh"));
}

TEST(experiment, missing_field_and_bad_kind) {
    const std::string text = std::string(brunel) +
                             "[[stimulus]]\nkind = \"poisson\"\nall = true\n"
                             "weight_mV = 1.0\n";
    EXPECT_EQ(error_of(text), "exp.toml:6: stimulus[0].rate_hz: required field is missing");
    const std::string bad = std::string(brunel) + "[[stimulus]]\nkind = \"poison\"\nall = true\n";
    EXPECT_EQ(error_of(bad),
              "exp.toml:7: stimulus[0].kind: 'poison' is not one of: poisson, dc, step, "
              "spike_times");
}

TEST(experiment, delay_shorter_than_dt_in_an_edge_list_names_the_line) {
    const auto dir = std::filesystem::temp_directory_path() / "brainemu_exp_test";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "short.csv")
        << "source,target,weight_mV,delay_ms\n0,1,1.0,1.0\n1,2,1.0,0.04\n";
    const std::string text = "[network]\nedge_list = \"" + (dir / "short.csv").string() +
                             "\"\nneurons = 3\n[model]\nname = \"lif_psc_delta\"\n";
    EXPECT_EQ(error_of(text),
              (dir / "short.csv").string() +
                  ":3: column 'delay_ms': delay 0.04 ms is shorter than one step (dt = 0.1 ms)");
}

TEST(experiment, unknown_population_and_label_fail_at_build) {
    const std::string text = std::string(brunel) +
                             "[[stimulus]]\nkind = \"dc\"\npopulation = \"X\"\n"
                             "amplitude_pA = 5.0\n";
    const experiment e = parse_experiment_text(text, "exp.toml");
    try {
        static_cast<void>(build_experiment(e, 1));
        FAIL() << "no error";
    } catch (const input_error& err) {
        EXPECT_STREQ(err.what(),
                     "exp.toml:6: stimulus[0].population: unknown population 'X'; one of E, I");
    }
    const std::string label =
        std::string(brunel) +
        "[[stimulus]]\nkind = \"dc\"\nlabel = \"sugar\"\namplitude_pA = 5.0\n";
    EXPECT_THROW(static_cast<void>(build_experiment(parse_experiment_text(label, "exp.toml"), 1)),
                 input_error);
}

TEST(experiment, weights_name_their_unit_and_it_must_fit_the_model) {
    const std::string bare = std::string(brunel) +
                             "[[stimulus]]\nkind = \"poisson\"\nall = true\nrate_hz = 5.0\n"
                             "weight = 1.0\n";
    EXPECT_EQ(error_of(bare),
              "exp.toml:6: stimulus[0]: 'weight' needs its unit: weight_pA, weight_mV or "
              "weight_nS");
    const std::string wrong = std::string(brunel) +
                              "[[stimulus]]\nkind = \"poisson\"\nall = true\nrate_hz = 5.0\n"
                              "weight_pA = 1.0\n";
    try {
        static_cast<void>(build_experiment(parse_experiment_text(wrong, "exp.toml"), 1));
        FAIL() << "no error";
    } catch (const input_error& err) {
        EXPECT_STREQ(err.what(),
                     "exp.toml:6: stimulus[0].weight_pA: model lif_psc_delta takes "
                     "synaptic weights in mV (weight_mV)");
    }
}

TEST(experiment, toml_syntax_errors_carry_the_line) {
    EXPECT_EQ(error_of("[simulation]\ndt_ms = = 0.1\n").substr(0, 11), "exp.toml:2:");
}

}  // namespace
}  // namespace brainemu

namespace brainemu {
namespace {

TEST(experiment, microcircuit_compensation_rates_are_checked_and_written_back) {
    constexpr std::string_view mc = "[network]\nbuiltin = \"microcircuit\"\nscale = 0.1\n";
    std::string short_vector;
    try {
        static_cast<void>(parse_experiment_text(
            std::string(mc) + "compensation_rates_hz = [1.0, 2.0]\n", "exp.toml"));
    } catch (const input_error& e) {
        short_vector = e.what();
    }
    EXPECT_EQ(short_vector,
              "exp.toml:4: network.compensation_rates_hz: needs 8 rates >= 0 (Hz), "
              "one per population, L23E to L6I");
    const experiment e = parse_experiment_text(
        std::string(mc) +
            "compensation_rates_hz = [0.943, 3.026, 4.368, 5.882, 7.733, 8.664, "
            "1.096, 7.851]\n",
        "exp.toml");
    const experiment again = parse_experiment_text(resolved_config_toml(e), "config.toml");
    EXPECT_EQ(std::get<microcircuit_spec>(again.network).params.compensation_rates_hz[0], 0.943);
    // The default is left out of config.toml, as the file it came from.
    EXPECT_EQ(
        resolved_config_toml(parse_experiment_text(mc, "exp.toml")).find("compensation_rates_hz"),
        std::string::npos);
}

}  // namespace
}  // namespace brainemu
