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

// Brunel's dynamics, shared by the networks that use them (brunel_spec, cortex_sheet_spec): the
// fields of [network] for his synapses (g, eta, j_mV, delay_ms), the reference model, the one
// model the drive is defined for, and the drive.
void read_brunel_coupling(toml_reader& r, double dt_ms, brunel_coupling& c);
void write_brunel_coupling(const brunel_coupling& c, toml::table& network);
[[nodiscard]] model_spec brunel_reference_model();
// `network`: how messages name the network ("the Brunel network").
[[nodiscard]] std::string brunel_model_problem(const model_spec& m, std::string_view network);
// One Poisson train per neuron standing for c_e external inputs at eta nu_thr, nu_thr from the
// model as used (threshold above rest, tau_m).
[[nodiscard]] std::vector<stimulus> brunel_drive(const network& net, brunel_coupling c,
                                                 std::uint32_t c_e, const model_spec& model,
                                                 std::string name);

struct brunel_spec {
    static constexpr std::string_view name = "brunel";
    static constexpr std::string_view weight_unit = "mV";
    static constexpr double psc_tau_ms = std::numeric_limits<double>::quiet_NaN();

    brunel_params params;
    double scale = 1.0;  // N_E = 10,000 x scale, N_I = 2,500 x scale

    [[nodiscard]] static brunel_spec read(toml_reader& r, double dt_ms);
    void write(toml::table& network) const;
    [[nodiscard]] neuron_id neurons() const { return neuron_id{params.n_e} + params.n_i; }
    // Every neuron has exactly C_E + C_I inputs.
    [[nodiscard]] std::uint64_t synapses_total() const {
        return std::uint64_t{neurons()} * (params.c_e() + params.c_i());
    }
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
