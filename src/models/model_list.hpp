#pragma once
// The one list of neuron models. Adding a model is its header and one line in `model_list`:
// the parameter variant, the engines' group variants, lookup by name, `brainemu models`, the
// weight mapping and the GPU engine's dispatch are all generated from this list. Dispatch
// happens once per model group per step (std::visit), never per neuron.

#include <concepts>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "models/adex.hpp"
#include "models/fly_lif.hpp"
#include "models/hh.hpp"
#include "models/iaf_psc_alpha.hpp"
#include "models/intfire1.hpp"
#include "models/izhikevich.hpp"
#include "models/lif_cond_exp.hpp"
#include "models/lif_psc_delta.hpp"
#include "models/lif_psc_exp.hpp"
#include "models/parrot.hpp"

namespace brainemu {

// What every model provides (the header comment of models/lif_psc_exp.hpp walks through it).
template <class M>
concept neuron_model = requires(const typename M::params& p, typename M::state& s) {
    { M::name } -> std::convertible_to<std::string_view>;
    { M::summary } -> std::convertible_to<std::string_view>;
    { M::weight_unit } -> std::convertible_to<std::string_view>;
    { M::accepts_current } -> std::convertible_to<bool>;
    { M::measure_drive } -> std::convertible_to<model_drive>;
    { M::channels(p) } -> std::same_as<int>;
    { M::cost() } -> std::same_as<model_cost>;
    { M::derived::from(p, 0.1) } -> std::same_as<typename M::derived>;
    M::fields;
};

template <class... M>
struct model_list_of {
    static_assert((neuron_model<M> && ...));
    static constexpr std::size_t size = sizeof...(M);

    using params = std::variant<typename M::params...>;
    template <template <class> class G>
    using variant_of = std::variant<G<M>...>;

    // Calls f(M{}) for every model, in list order.
    template <class F>
    static void for_each(F&& f) {
        (f(M{}), ...);
    }
    // Calls f(M{}) for the model named `name`; false if there is none.
    template <class F>
    static bool with_named(std::string_view name, F&& f) {
        return ((name == M::name ? (f(M{}), true) : false) || ...);
    }
    // "a, b, c": the names, for messages.
    [[nodiscard]] static std::string names() {
        std::string out;
        ((out += (out.empty() ? "" : ", ") + std::string(M::name)), ...);
        return out;
    }
};

using model_list = model_list_of<lif_psc_exp, lif_psc_delta, fly_lif, intfire1, lif_cond_exp,
                                 izhikevich, adex, hh, iaf_psc_alpha, parrot>;

using model_params = model_list::params;

namespace detail {
template <class Params, class M, class... Rest>
constexpr auto find_model() {
    if constexpr (std::is_same_v<Params, typename M::params>) {
        return std::type_identity<M>{};
    } else {
        return find_model<Params, Rest...>();
    }
}
template <class Params, class List>
struct model_for;
template <class Params, class... M>
struct model_for<Params, model_list_of<M...>> {
    using type = typename decltype(find_model<Params, M...>())::type;
};
}  // namespace detail

// The model whose parameters are `Params`.
template <class Params>
struct model_of {
    using type = typename detail::model_for<Params, model_list>::type;
};

// Calls f(M{}) for the model named `name`; returns false if there is none.
template <class F>
bool with_model_named(std::string_view name, F&& f) {
    return model_list::with_named(name, std::forward<F>(f));
}

// Calls f(M{}) for every model, in list order.
template <class F>
void for_each_model(F&& f) {
    model_list::for_each(std::forward<F>(f));
}

[[nodiscard]] inline std::string model_names() {
    return model_list::names();
}

// The unit of a model's synaptic weights ("pA", "mV", or "1" for intfire1's dimensionless m);
// "" for an unknown name.
[[nodiscard]] inline std::string model_weight_unit(std::string_view name) {
    std::string_view unit;  // a view: GCC 12 misreads string assignment here (-Wrestrict)
    with_model_named(name, [&](auto m) { unit = decltype(m)::weight_unit; });
    return std::string(unit);
}

// The names of a model's state variables (M::state::columns(): what [record.state] can record
// and a checkpoint keeps), for the model of `params`.
[[nodiscard]] inline std::vector<std::string> model_state_variables(const model_params& params) {
    std::vector<std::string> out;
    std::visit(
        [&](const auto& p) {
            using M = typename model_of<std::decay_t<decltype(p)>>::type;
            typename M::state s;
            s.resize(1, p, M::derived::from(p, 0.1));
            const state_columns cols = s.columns();
            for (const auto& c : cols.real) {
                out.emplace_back(c.name);
            }
            for (const auto& c : cols.integer) {
                out.emplace_back(c.name);
            }
        },
        params);
    return out;
}

[[nodiscard]] inline bool model_accepts_current(std::string_view name) {
    bool yes = false;
    with_model_named(name, [&](auto m) { yes = decltype(m)::accepts_current; });
    return yes;
}

}  // namespace brainemu
