#pragma once
// Neurons [range) that share one model and one parameter set: the unit of dispatch.

#include <cmath>
#include <string>
#include <variant>

#include "core/index_range.hpp"
#include "models/model_kind.hpp"

namespace brainemu {

// How a group's membrane voltages start: constant (sd = 0 and no uniform range), normal, or
// uniform in [low, high). Drawn from the (seed, initial_state, neuron) stream.
struct voltage_init {
    double mean_mV = NAN;  // NaN: the model's resting potential
    double sd_mV = 0.0;
    double low_mV = NAN, high_mV = NAN;  // both set: uniform
};

// What the experiment asks for: a model with parameters on a range of neurons.
struct model_assignment {
    index_range range;
    model_params params;
    voltage_init v_init;
};

template <class M>
struct model_group {
    using model = M;
    index_range range;
    typename M::params params;
    typename M::derived derived;
    typename M::state state;  // indexed by neuron - range.first
};

using any_model_group =
    std::variant<model_group<lif_psc_exp>, model_group<lif_psc_delta>, model_group<fly_lif>,
                 model_group<intfire1>, model_group<lif_cond_exp>, model_group<izhikevich>,
                 model_group<adex>, model_group<hh>>;

}  // namespace brainemu
