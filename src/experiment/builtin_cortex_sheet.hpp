#pragma once
// A sheet of microcircuit-sized columns on a torus with Brunel's dynamics, as a built-in network
// of experiments (docs/experiments.md, builtin = "cortex_sheet").

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "experiment/builtin_network.hpp"
#include "network/cortex_sheet.hpp"

namespace brainemu {

struct cortex_sheet_spec {
    static constexpr std::string_view name = "cortex_sheet";
    static constexpr std::string_view weight_unit = "mV";
    static constexpr double psc_tau_ms = std::numeric_limits<double>::quiet_NaN();

    cortex_sheet_params params;
    // As given, for config.toml: the column's width and the profile's length (sigma_um or
    // lambda_um) in micrometres; params.length_columns is their ratio.
    double column_um = 1000.0;
    double length_um = 300.0;

    [[nodiscard]] static cortex_sheet_spec read(toml_reader& r, double dt_ms);
    void write(toml::table& network) const;
    [[nodiscard]] neuron_id neurons() const { return params.neurons(); }
    // Every neuron has exactly in_degree inputs.
    [[nodiscard]] std::uint64_t synapses_total() const { return neurons() * params.in_degree; }
    [[nodiscard]] std::vector<population> populations() const;
    [[nodiscard]] model_spec reference_model() const;
    [[nodiscard]] std::string model_problem(const model_spec& m, std::string_view chosen) const;
    [[nodiscard]] std::vector<voltage_init> population_v_init() const { return {}; }
    [[nodiscard]] network build(std::uint64_t seed, double dt_ms, const neuron_layout& blocks,
                                const weight_map& to_models) const;
    [[nodiscard]] std::vector<stimulus> external_drive(const network& net, const weight_map& groups,
                                                       const model_spec& model) const;
};

}  // namespace brainemu
