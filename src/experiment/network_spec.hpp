#pragma once
// An experiment's network: one of the built-in networks (one line each in `builtin_networks`),
// an edge list or a connectome.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <type_traits>
#include <utility>
#include <variant>

#include "experiment/builtin_brunel.hpp"
#include "experiment/builtin_cortex_sheet.hpp"
#include "experiment/builtin_microcircuit.hpp"
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

using network_spec = builtin_networks::variant_with<edge_list_spec, connectome_spec>;

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
            } else {
                return n.neurons();
            }
        },
        spec);
}

}  // namespace brainemu
