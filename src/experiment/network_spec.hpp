#pragma once
// An experiment's network: one of the built-in networks (one line each in `builtin_networks`),
// an edge list or a connectome.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "experiment/builtin_brunel.hpp"
#include "experiment/builtin_cortex_sheet.hpp"
#include "experiment/builtin_microcircuit.hpp"
#include "network/composed_network.hpp"
#include "network/connectome_network.hpp"
#include "network/edge_list.hpp"

namespace brainemu {

using builtin_networks = builtin_network_list_of<microcircuit_spec, brunel_spec, cortex_sheet_spec>;

struct edge_list_spec {
    std::filesystem::path file;
    std::uint32_t neurons = 0;
    edge_list edges;  // read and validated at parse time
};

struct connectome_spec {
    std::filesystem::path file;
    std::shared_ptr<const connectome> data;  // mapped at parse time
    connectome_weights weights;
    // The SONATA simulation_config.json it came from (empty: a .bcx file); such a run's
    // config.toml names the SONATA run instead of its expanded connectome.
    std::filesystem::path sonata;
};

// [[network.population]] and [[network.projection]]: a network composed in the experiment
// (or from Python) by rules and arrays (network/composed_network.hpp).
struct composed_spec {
    composed_network net;
    std::string weight_unit;  // "pA", "mV" or "nS": the unit of every projection's weights
    double psc_tau_ms = NAN;  // with pA: the time constant the currents were made for
    // The tables as read (array files made absolute), written back into config.toml.
    toml::array populations_written, projections_written;
};

using network_spec = builtin_networks::variant_with<edge_list_spec, connectome_spec, composed_spec>;

// Calls f(n) with the built-in network `spec` holds; false for a network from a file.
template <class F>
bool with_builtin(const network_spec& spec, F&& f) {
    return std::visit(
        [&](const auto& n) {
            if constexpr (builtin_networks::contains<std::decay_t<decltype(n)>>) {
                f(n);
                return true;
            } else {
                return false;
            }
        },
        spec);
}

[[nodiscard]] inline bool is_builtin(const network_spec& spec) {
    return with_builtin(spec, [](const auto&) {});
}

[[nodiscard]] inline neuron_id network_size(const network_spec& spec) {
    return std::visit(
        [](const auto& n) -> neuron_id {
            using N = std::decay_t<decltype(n)>;
            if constexpr (std::is_same_v<N, edge_list_spec>) {
                return n.neurons;
            } else if constexpr (std::is_same_v<N, connectome_spec>) {
                return n.data->size();
            } else if constexpr (std::is_same_v<N, composed_spec>) {
                return n.net.size();
            } else {
                return n.neurons();
            }
        },
        spec);
}

// The populations a network has before it is built (a built-in's, a composed network's); none
// for an edge list or a connectome (their neurons are chosen by name, type or label).
[[nodiscard]] inline std::optional<std::vector<population>> known_populations(
    const network_spec& spec) {
    std::optional<std::vector<population>> out;
    if (const auto* c = std::get_if<composed_spec>(&spec)) {
        out = c->net.population_table();
    }
    with_builtin(spec, [&](const auto& n) { out = n.populations(); });
    return out;
}

// The whole network's synapse count where it is known without building it (fixed counts):
// the memory check, the build status line and a dry run's books use it.
[[nodiscard]] inline std::optional<std::uint64_t> known_synapse_count(const network_spec& spec) {
    std::optional<std::uint64_t> out;
    if (const auto* c = std::get_if<composed_spec>(&spec)) {
        out = c->net.synapses_total();
    }
    with_builtin(spec, [&](const auto& n) {
        if constexpr (knows_its_synapse_count<std::decay_t<decltype(n)>>) {
            out = n.synapses_total();
        }
    });
    return out;
}

}  // namespace brainemu
