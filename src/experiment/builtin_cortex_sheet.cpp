#include "experiment/builtin_cortex_sheet.hpp"

#include <cmath>

#include <fmt/format.h>

#include "experiment/builtin_brunel.hpp"

namespace brainemu {
namespace {

// Ids the random streams key (2^40, 12 human brains), and columns: every rank holds the grid's
// numbering, 12 bytes per column (200 MB at this bound; a human sheet of 80,000-neuron columns
// has 1.1e6).
constexpr double max_neurons = static_cast<double>(max_stream_ids);
constexpr double max_columns = 16777216.0;

// Defaults and their sources: docs/experiments.md, builtin = "cortex_sheet".
constexpr std::int64_t default_neurons_per_column = 80000;
constexpr std::int64_t default_in_degree = 4000;
constexpr double default_column_um = 1000.0;
constexpr double default_sigma_um = 300.0;
constexpr double default_lambda_um = 173.0;  // the Gaussian's mean squared distance: sigma / sqrt 3
constexpr double default_long_range_share = 0.5;

std::uint32_t read_count(toml_reader& r, std::string_view key, std::int64_t fallback,
                         std::int64_t low, std::int64_t high, std::string_view why) {
    const std::int64_t v = r.get_int(key, fallback);
    if (v < low || v > high) {
        r.fail(key, fmt::format("must be in [{}, {}]{}, got {}", low, high, why, v));
    }
    return static_cast<std::uint32_t>(v);
}

}  // namespace

cortex_sheet_spec cortex_sheet_spec::read(toml_reader& r, double dt_ms) {
    cortex_sheet_spec s;
    cortex_sheet_params& p = s.params;
    // 3 is the fewest that leaves both E and I neurons (E = round(0.8 n)), and the fewest
    // sources that leaves both E and I inputs.
    p.neurons_per_column = read_count(r, "neurons_per_column", default_neurons_per_column, 3,
                                      1'000'000'000, " (a column holds E and I neurons)");
    p.in_degree = read_count(r, "in_degree", default_in_degree, 3, 1'000'000,
                             " (each neuron has E and I inputs)");

    const double requested = r.get_double("neurons");
    if (!(requested >= 1.0)) {
        r.fail("neurons", fmt::format("must be >= 1, got {}", requested));
    }
    const double columns =
        std::max(1.0, std::round(requested / static_cast<double>(p.neurons_per_column)));
    if (columns * p.neurons_per_column > max_neurons) {
        r.fail(
            "neurons",
            fmt::format("{} neurons make {} columns of {} = {} neurons, more than the engine's "
                        "random streams key (at most 2^40 = 1099511627776)",
                        requested, columns, p.neurons_per_column, columns * p.neurons_per_column));
    }
    if (columns > max_columns) {
        r.fail("neurons", fmt::format("{} neurons make {} columns of {}; a sheet has at most "
                                      "2^24 = 16777216 columns (raise neurons_per_column)",
                                      requested, columns, p.neurons_per_column));
    }
    const grid_shape grid = squarest_grid(static_cast<std::uint32_t>(columns));
    p.columns_x = grid.x;
    p.columns_y = grid.y;

    const std::string profile = r.get_string("profile", "gaussian");
    std::string_view length_key;
    double length_default = 0.0;
    if (profile == "gaussian") {
        p.profile = distance_profile_kind::gaussian;
        length_key = "sigma_um";
        length_default = default_sigma_um;
    } else if (profile == "exponential") {
        p.profile = distance_profile_kind::exponential;
        length_key = "lambda_um";
        length_default = default_lambda_um;
    } else {
        r.fail("profile", fmt::format("'{}' is not one of: gaussian, exponential", profile));
    }
    for (std::string_view other : {"sigma_um", "lambda_um"}) {
        if (other != length_key && r.has(other)) {
            r.fail(other, fmt::format("does not apply to profile = \"{}\" (give {})", profile,
                                      length_key));
        }
    }
    s.column_um = r.get_double("column_um", default_column_um);
    if (!(s.column_um > 0.0)) {
        r.fail("column_um", fmt::format("must be > 0, got {}", s.column_um));
    }
    s.length_um = r.get_double(length_key, length_default);
    p.length_columns = s.length_um / s.column_um;
    // The bound keeps every rounded displacement far inside 64 bits.
    if (!(s.length_um > 0.0) || !(p.length_columns <= 1e9)) {
        r.fail(length_key,
               fmt::format("must be > 0 and at most 1e9 column widths, got {}", s.length_um));
    }
    p.long_range_share = r.get_double("long_range_share", default_long_range_share);
    if (!(p.long_range_share >= 0.0 && p.long_range_share <= 1.0)) {
        r.fail("long_range_share", fmt::format("must be in [0, 1], got {}", p.long_range_share));
    }
    read_brunel_coupling(r, dt_ms, p.coupling);
    return s;
}

void cortex_sheet_spec::write(toml::table& network) const {
    network.insert_or_assign("neurons", static_cast<std::int64_t>(params.neurons()));
    network.insert_or_assign("neurons_per_column",
                             static_cast<std::int64_t>(params.neurons_per_column));
    network.insert_or_assign("in_degree", static_cast<std::int64_t>(params.in_degree));
    const bool gaussian = params.profile == distance_profile_kind::gaussian;
    network.insert_or_assign("profile", gaussian ? "gaussian" : "exponential");
    network.insert_or_assign("column_um", column_um);
    network.insert_or_assign(gaussian ? "sigma_um" : "lambda_um", length_um);
    network.insert_or_assign("long_range_share", params.long_range_share);
    write_brunel_coupling(params.coupling, network);
}

// E and I alternate column by column, so neither is one id range; selectors see the sheet whole.
std::vector<population> cortex_sheet_spec::populations() const {
    return {{"all", {0, neurons()}}};
}

model_spec cortex_sheet_spec::reference_model() const {
    return brunel_reference_model();
}

std::string cortex_sheet_spec::model_problem(const model_spec& m,
                                             std::string_view /*chosen*/) const {
    return brunel_model_problem(m, "the cortex sheet");
}

network cortex_sheet_spec::build(std::uint64_t seed, double dt_ms, const neuron_layout& blocks,
                                 const weight_map& /*to_models*/) const {
    return build_cortex_sheet(params, seed, dt_ms, blocks);
}

std::vector<stimulus> cortex_sheet_spec::external_drive(const network& net,
                                                        const weight_map& /*groups*/,
                                                        const model_spec& model) const {
    return brunel_drive(net, params.coupling, params.c_e(), model, "cortex sheet external drive");
}

}  // namespace brainemu
