#pragma once
// Neurons [range) that share one model and one parameter set: the unit of dispatch.

#include <cmath>
#include <string>
#include <variant>

#include "core/index_range.hpp"
#include "core/random_stream.hpp"
#include "models/model_list.hpp"

namespace brainemu {

// How a group's membrane voltages start: constant (sd = 0 and no uniform range), normal, or
// uniform in [low, high). Drawn from the (seed, initial_state, neuron) stream.
struct voltage_init {
    double mean_mV = NAN;  // NaN: the model's resting potential
    double sd_mV = 0.0;
    double low_mV = NAN, high_mV = NAN;  // both set: uniform
};

// True when `vi` asks for something other than the model's resting potential.
[[nodiscard]] inline bool draws_initial_voltage(const voltage_init& vi) {
    return (!std::isnan(vi.low_mV) && !std::isnan(vi.high_mV)) || !std::isnan(vi.mean_mV);
}

// The initial voltage of the neuron with global id `global` (when draws_initial_voltage):
// one draw of the (seed, initial_state, global) stream. Every engine calls this.
[[nodiscard]] inline double initial_voltage(const voltage_init& vi, std::uint64_t seed,
                                            neuron_id global) {
    random_stream rs(seed, purpose_code(stream_purpose::initial_state), global, 0);
    if (!std::isnan(vi.low_mV) && !std::isnan(vi.high_mV)) {
        return vi.low_mV + (vi.high_mV - vi.low_mV) * rs.uniform();
    }
    if (vi.sd_mV > 0.0) {
        return vi.mean_mV + vi.sd_mV * rs.normal();
    }
    return vi.mean_mV;
}

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

using any_model_group = model_list::variant_of<model_group>;

[[nodiscard]] inline index_range range_of(const any_model_group& g) {
    return std::visit([](const auto& grp) { return grp.range; }, g);
}

// Ring channels the group's model reads (1, or 2 for separate excitatory and inhibitory input).
[[nodiscard]] inline int channels_of(const any_model_group& g) {
    return std::visit(
        [](const auto& grp) {
            using M = typename std::decay_t<decltype(grp)>::model;
            return M::channels(grp.params);
        },
        g);
}

}  // namespace brainemu
