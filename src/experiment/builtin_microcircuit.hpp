#pragma once
// The Potjans and Diesmann (2014) microcircuit as a built-in network of experiments.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "experiment/builtin_network.hpp"
#include "network/microcircuit.hpp"

namespace brainemu {

enum class drive_kind : std::uint8_t { dc, poisson };

struct microcircuit_spec {
    static constexpr std::string_view name = "microcircuit";
    static constexpr std::string_view weight_unit = "pA";
    static constexpr double psc_tau_ms = microcircuit_tables::tau_syn_ms;

    microcircuit_params params;
    drive_kind drive = drive_kind::dc;
    // microcircuit_setup(params), computed once by read(): sizes, drive and initial voltages
    // are needed by the skeleton, the model groups, the builder and the drive alike.
    std::vector<microcircuit_population_setup> setup;

    [[nodiscard]] static microcircuit_spec read(toml_reader& r, double dt_ms);
    void write(toml::table& network) const;
    [[nodiscard]] neuron_id neurons() const;
    [[nodiscard]] std::uint64_t synapses_total() const;
    [[nodiscard]] std::vector<population> populations() const;
    [[nodiscard]] model_spec reference_model() const;
    [[nodiscard]] std::string model_problem(const model_spec& m, std::string_view chosen) const;
    [[nodiscard]] std::vector<voltage_init> population_v_init() const;
    [[nodiscard]] network build(std::uint64_t seed, double dt_ms, const neuron_layout& blocks,
                                const weight_map& to_models) const;
    [[nodiscard]] std::vector<stimulus> external_drive(const network& net, const weight_map& groups,
                                                       const model_spec& model) const;
};

}  // namespace brainemu
