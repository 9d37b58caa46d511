// builtin = "cortex_sheet" in experiment files: neurons rounded to whole columns, the grid, the
// fields written back, and bad input named by field.

#include <gtest/gtest.h>

#include "experiment/experiment.hpp"
#include "experiment/experiment_toml.hpp"

namespace brainemu {
namespace {

constexpr std::string_view sheet = R"([simulation]
dt_ms = 0.1
duration_ms = 100.0
[network]
builtin = "cortex_sheet"
neurons = 30000
neurons_per_column = 1000
in_degree = 500
)";

std::string error_of(const std::vector<override_spec>& o, std::string_view text = sheet) {
    try {
        static_cast<void>(parse_experiment_text(text, "exp.toml", o));
    } catch (const input_error& e) {
        return e.what();
    }
    return "no error";
}

const cortex_sheet_params& params_of(const experiment& e) {
    return std::get<cortex_sheet_spec>(e.network).params;
}

TEST(cortex_sheet_experiment, neurons_are_rounded_to_whole_columns_on_the_squarest_grid) {
    const experiment e = parse_experiment_text(sheet, "exp.toml", {{"network.neurons", "30499"}});
    EXPECT_EQ(e.neurons(), 30000u);
    EXPECT_EQ(params_of(e).columns_x, 6u);
    EXPECT_EQ(params_of(e).columns_y, 5u);
    const experiment up = parse_experiment_text(sheet, "exp.toml", {{"network.neurons", "30500"}});
    EXPECT_EQ(up.neurons(), 31000u);  // 31 columns, a prime: a 31 x 1 ring
    EXPECT_EQ(params_of(up).columns_x, 31u);
    const experiment tiny = parse_experiment_text(sheet, "exp.toml", {{"network.neurons", "1"}});
    EXPECT_EQ(tiny.neurons(), 1000u);  // at least one column
    // 1.2e9 neurons: 15,000 columns of 80,000 (the default column), 125 x 120; nothing is built.
    const experiment big = parse_experiment_text(
        sheet, "exp.toml", {{"network.neurons", "1.2e9"}, {"network.neurons_per_column", "80000"}});
    EXPECT_EQ(big.neurons(), 1200000000u);
    EXPECT_EQ(params_of(big).columns_x, 125u);
    EXPECT_EQ(params_of(big).columns_y, 120u);
}

TEST(cortex_sheet_experiment, fields_have_defaults_and_are_written_back) {
    const experiment e = parse_experiment_text(sheet, "exp.toml");
    const cortex_sheet_params& p = params_of(e);
    EXPECT_EQ(p.in_degree, 500u);
    EXPECT_EQ(p.profile, distance_profile_kind::gaussian);
    EXPECT_DOUBLE_EQ(p.length_columns, 0.3);  // 300 um over 1000 um columns
    EXPECT_DOUBLE_EQ(p.long_range_share, 0.5);
    EXPECT_DOUBLE_EQ(p.coupling.g, 5.0);
    EXPECT_EQ(e.model->name, "lif_psc_delta");
    const toml::table t = to_toml(e);
    EXPECT_EQ(t["network"]["neurons"].value<std::int64_t>(), 30000);
    EXPECT_EQ(t["network"]["sigma_um"].value<double>(), 300.0);
    EXPECT_EQ(t["network"]["profile"].value<std::string>(), "gaussian");
    const experiment x = parse_experiment_text(sheet, "exp.toml",
                                               {{"network.profile", "\"exponential\""},
                                                {"network.lambda_um", "50"},
                                                {"network.column_um", "25"}});
    EXPECT_EQ(params_of(x).profile, distance_profile_kind::exponential);
    EXPECT_DOUBLE_EQ(params_of(x).length_columns, 2.0);
}

TEST(cortex_sheet_experiment, bad_fields_are_named) {
    auto has = [](const std::string& error, std::string_view part) {
        return error.find(part) != std::string::npos;
    };
    // 64-bit ids: 5e9 neurons is a sheet; beyond 2^40 the random streams cannot key them.
    EXPECT_EQ(error_of({{"network.neurons", "5e9"}}), "no error");
    const std::string too_big = error_of({{"network.neurons", "2e12"}});
    EXPECT_TRUE(has(too_big, "network.neurons:")) << too_big;
    EXPECT_TRUE(has(too_big, "2^40")) << too_big;
    const std::string too_many_columns =
        error_of({{"network.neurons", "1e9"}, {"network.neurons_per_column", "3"}});
    EXPECT_TRUE(has(too_many_columns, "at most 2^24 = 16777216 columns")) << too_many_columns;
    EXPECT_TRUE(has(error_of({{"network.neurons", "0"}}), "network.neurons: must be >= 1"));
    EXPECT_TRUE(has(error_of({{"network.neurons_per_column", "2"}}),
                    "network.neurons_per_column: must be in [3,"));
    EXPECT_TRUE(has(error_of({{"network.in_degree", "0"}}), "network.in_degree: must be in [3,"));
    EXPECT_TRUE(has(error_of({{"network.profile", "\"box\""}}),
                    "network.profile: 'box' is not one of: gaussian, exponential"));
    EXPECT_TRUE(has(error_of({{"network.lambda_um", "100"}}),
                    "network.lambda_um: does not apply to profile = \"gaussian\""));
    EXPECT_TRUE(has(error_of({{"network.sigma_um", "-1"}}), "network.sigma_um: must be > 0"));
    EXPECT_TRUE(has(error_of({{"network.column_um", "0"}}), "network.column_um: must be > 0"));
    EXPECT_TRUE(has(error_of({{"network.long_range_share", "1.5"}}),
                    "network.long_range_share: must be in [0, 1]"));
    EXPECT_TRUE(has(error_of({{"network.g", "-1"}}), "network.g: must be >= 0"));
    EXPECT_TRUE(has(error_of({{"network.delay_ms", "0.01"}}), "network.delay_ms:"));
    std::string no_size(sheet);
    no_size.erase(no_size.find("neurons = 30000\n"), 16);
    EXPECT_TRUE(has(error_of({}, no_size), "network.neurons: required field is missing"));
    const std::string model = error_of({{"model.name", "\"lif_psc_exp\""}});
    EXPECT_TRUE(has(model, "cortex sheet")) << model;
}

}  // namespace
}  // namespace brainemu
