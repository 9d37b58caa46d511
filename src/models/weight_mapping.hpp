#pragma once
// How weights given in one unit reach a model that takes another: a network's weights (the
// microcircuit's PSC amplitudes in pA, a connectome's unit weight) are mapped per target
// neuron to the unit of the model that neuron runs (docs/experiments.md, "Models and weights").

#include <optional>
#include <string_view>
#include <variant>

#include "core/weight_scale.hpp"
#include "models/model_list.hpp"

namespace brainemu {

template <class M>
concept maps_from_pA = requires(const typename M::params& p) {
    { M::from_pA(p, 1.0) } -> std::same_as<std::optional<weight_scale>>;
    { M::from_pA_rule } -> std::convertible_to<std::string_view>;
};

[[nodiscard]] inline std::string_view model_name(const model_params& params) {
    return std::visit([](const auto& p) { return model_of<std::decay_t<decltype(p)>>::type::name; },
                      params);
}

[[nodiscard]] inline std::string_view model_unit(const model_params& params) {
    return std::visit(
        [](const auto& p) { return model_of<std::decay_t<decltype(p)>>::type::weight_unit; },
        params);
}

// The factor that turns weights in `unit` into the model's own unit: the identity for its own
// unit; for "pA", the model's from_pA rule where it has one (psc_tau_ms: the time constant of
// the currents those pA describe, NaN where none is known); none otherwise.
[[nodiscard]] inline std::optional<weight_scale> weight_scale_for(std::string_view unit,
                                                                  const model_params& params,
                                                                  double psc_tau_ms) {
    return std::visit(
        [&](const auto& p) -> std::optional<weight_scale> {
            using M = typename model_of<std::decay_t<decltype(p)>>::type;
            // "model": weights already in each target model's own unit (a composed network
            // of several models, as the PyNN backend writes one).
            if (unit == M::weight_unit || unit == "model") {
                return weight_scale{};
            }
            if constexpr (maps_from_pA<M>) {
                if (unit == "pA") {
                    return M::from_pA(p, psc_tau_ms);
                }
            }
            return std::nullopt;
        },
        params);
}

// The model's pA rule in words (for messages and `brainemu models`); empty where it has none.
[[nodiscard]] inline std::string_view from_pA_rule(std::string_view name) {
    std::string_view rule;
    with_model_named(name, [&](auto m) {
        using M = decltype(m);
        if constexpr (maps_from_pA<M>) {
            rule = M::from_pA_rule;
        }
    });
    return rule;
}

}  // namespace brainemu
