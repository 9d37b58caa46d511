#pragma once
// What a built-in network provides, and the list template that generates the experiment's
// network variant and the lookup by name (as models/model_list.hpp does for models). Adding a
// built-in network is one type that satisfies `builtin_network` and one line in
// network_spec.hpp's `builtin_networks`.

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include <toml++/toml.h>

#include "engine/model_group.hpp"
#include "experiment/model_spec.hpp"
#include "experiment/toml_reader.hpp"
#include "network/network.hpp"
#include "network/weight_map.hpp"
#include "stimulus/stimulus.hpp"

namespace brainemu {

template <class N>
concept builtin_network = requires(const N& n, toml_reader& r, toml::table& t, const model_spec& m,
                                   const neuron_layout& blocks, const weight_map& w,
                                   const network& net) {
    // `builtin = "name"` in [network].
    { N::name } -> std::convertible_to<std::string_view>;
    // The unit of its synaptic weights and, for pA, the PSC time constant they were made for:
    // how each model maps them (models/weight_mapping.hpp).
    { N::weight_unit } -> std::convertible_to<std::string_view>;
    { N::psc_tau_ms } -> std::convertible_to<double>;
    // Its fields of [network] with their defaults and checks, and back again for config.toml.
    { N::read(r, 0.1) } -> std::same_as<N>;
    { n.write(t) } -> std::same_as<void>;
    // Size and populations: what selectors need before the synapses exist.
    { n.neurons() } -> std::same_as<neuron_id>;
    { n.populations() } -> std::same_as<std::vector<population>>;
    // The reference neuron model with its published parameters: [model]'s defaults.
    { n.reference_model() } -> std::same_as<model_spec>;
    // Why a model cannot run this network ("" if it can); `chosen` says by which table.
    { n.model_problem(m, std::string_view{}) } -> std::same_as<std::string>;
    // Initial voltages per population for models that give none (empty: the model's own).
    { n.population_v_init() } -> std::same_as<std::vector<voltage_init>>;
    { n.build(std::uint64_t{1}, 0.1, blocks, w) } -> std::same_as<network>;
    // The external drive it comes with, given the models chosen (`w`: per neuron group, how its
    // weights map; `model`: the [model] of every neuron).
    { n.external_drive(net, w, m) } -> std::same_as<std::vector<stimulus>>;
};

// The whole network's synapse count where the network knows it without being built (fixed
// in-degrees): a dry run, which builds one part, reports it beside its own.
template <class N>
concept knows_its_synapse_count = requires(const N& n) {
    { n.synapses_total() } -> std::same_as<std::uint64_t>;
};

template <class... N>
struct builtin_network_list_of {
    static_assert((builtin_network<N> && ...));

    // The built-in networks followed by `Others` (networks read from files).
    template <class... Others>
    using variant_with = std::variant<N..., Others...>;

    template <class T>
    static constexpr bool contains = (std::is_same_v<T, N> || ...);

    // Calls f(N{}) for every network, in list order.
    template <class F>
    static void for_each(F&& f) {
        (f(N{}), ...);
    }
    // Calls f(N{}) for the network named `name`; false if there is none.
    template <class F>
    static bool with_named(std::string_view name, F&& f) {
        return ((name == N::name ? (f(N{}), true) : false) || ...);
    }
    // "a, b": the names, for messages.
    [[nodiscard]] static std::string names() {
        std::string out;
        ((out += (out.empty() ? "" : ", ") + std::string(N::name)), ...);
        return out;
    }
};

}  // namespace brainemu
