#pragma once
// The closed set of models an experiment can name, as a variant: dispatch happens once per
// model group per step (std::visit), never per neuron.

#include <string>
#include <string_view>
#include <variant>

#include "models/adex.hpp"
#include "models/fly_lif.hpp"
#include "models/hh.hpp"
#include "models/intfire1.hpp"
#include "models/izhikevich.hpp"
#include "models/lif_cond_exp.hpp"
#include "models/lif_psc_delta.hpp"
#include "models/lif_psc_exp.hpp"

namespace brainemu {

using model_params =
    std::variant<lif_psc_exp::params, lif_psc_delta::params, fly_lif::params, intfire1::params,
                 lif_cond_exp::params, izhikevich::params, adex::params, hh::params>;

// Calls f(M{}) for the model named `name`; returns false if there is none.
template <class F>
bool with_model_named(std::string_view name, F&& f) {
    if (name == lif_psc_exp::name) {
        f(lif_psc_exp{});
    } else if (name == lif_psc_delta::name) {
        f(lif_psc_delta{});
    } else if (name == fly_lif::name) {
        f(fly_lif{});
    } else if (name == intfire1::name) {
        f(intfire1{});
    } else if (name == lif_cond_exp::name) {
        f(lif_cond_exp{});
    } else if (name == izhikevich::name) {
        f(izhikevich{});
    } else if (name == adex::name) {
        f(adex{});
    } else if (name == hh::name) {
        f(hh{});
    } else {
        return false;
    }
    return true;
}

inline constexpr std::string_view model_names =
    "lif_psc_exp, lif_psc_delta, fly_lif, intfire1, lif_cond_exp, izhikevich, adex, hh";

// The unit of a model's synaptic weights ("pA", "mV", or "1" for intfire1's dimensionless m);
// "" for an unknown name.
[[nodiscard]] inline std::string model_weight_unit(std::string_view name) {
    std::string unit;
    with_model_named(name, [&](auto m) { unit = decltype(m)::weight_unit; });
    return unit;
}

[[nodiscard]] inline bool model_accepts_current(std::string_view name) {
    bool yes = false;
    with_model_named(name, [&](auto m) { yes = decltype(m)::accepts_current; });
    return yes;
}

template <class Params>
struct model_of;
template <>
struct model_of<lif_psc_exp::params> {
    using type = lif_psc_exp;
};
template <>
struct model_of<lif_psc_delta::params> {
    using type = lif_psc_delta;
};
template <>
struct model_of<fly_lif::params> {
    using type = fly_lif;
};
template <>
struct model_of<intfire1::params> {
    using type = intfire1;
};
template <>
struct model_of<lif_cond_exp::params> {
    using type = lif_cond_exp;
};
template <>
struct model_of<izhikevich::params> {
    using type = izhikevich;
};
template <>
struct model_of<adex::params> {
    using type = adex;
};
template <>
struct model_of<hh::params> {
    using type = hh;
};

}  // namespace brainemu
