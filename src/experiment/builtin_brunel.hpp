#pragma once
// Brunel's (2000) balanced network, model A, as a built-in network of experiments.

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "experiment/builtin_network.hpp"
#include "network/brunel.hpp"

namespace brainemu {

struct brunel_spec {
    static constexpr std::string_view name = "brunel";
    static constexpr std::string_view weight_unit = "mV";
    static constexpr double psc_tau_ms = std::numeric_limits<double>::quiet_NaN();

    brunel_params params;
    double scale = 1.0;  // N_E = 10,000 x scale, N_I = 2,500 x scale

    [[nodiscard]] static brunel_spec read(toml_reader& r, double dt_ms);
    void write(toml::table& network) const;
    [[nodiscard]] std::uint32_t neurons() const { return params.n_e + params.n_i; }
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
