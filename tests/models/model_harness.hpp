#pragma once
// Drives one neuron of a model step by step, the way the engine does, for analytic tests.

#include <cmath>
#include <cstdint>
#include <vector>

#include "models/model_common.hpp"

namespace brainemu::testing {

// Weights enter in fixed point at the engine's finest resolution, 2^40 units per weight unit:
// a weight is then off by at most 2^-41 (4.5e-13) of its unit, which sets the tests' tolerances.
inline constexpr double fx_per_unit = 1099511627776.0;

template <class M>
struct one_neuron {
    typename M::params p;
    typename M::derived d;
    typename M::state s;
    std::vector<std::uint32_t> fired;

    explicit one_neuron(const typename M::params& params, double dt_ms = 0.1)
        : p(params), d(M::derived::from(params, dt_ms)) {
        s.resize(1, p, d);
    }

    // One step with synaptic input `w` (sign picks the channel for two-channel models), an
    // external current and a voltage jump. Returns true if the neuron fired.
    bool step(double w = 0.0, double current_pA = 0.0, double v_jump_mV = 0.0) {
        std::int64_t ch0 = 0, ch1 = 0;
        const auto fx = static_cast<std::int64_t>(std::llround(w * fx_per_unit));
        (M::channels(p) == 2 && w < 0.0 ? ch1 : ch0) = fx;
        step_input in;
        in.syn_ch0 = &ch0;
        in.syn_ch1 = M::channels(p) == 2 ? &ch1 : nullptr;
        in.unit_per_fx = 1.0 / fx_per_unit;
        in.current_pA = &current_pA;
        in.v_jump_mV = &v_jump_mV;
        fired.clear();
        M::step(p, d, s, {0, 1}, in, fired);
        return !fired.empty();
    }
    [[nodiscard]] double v() const { return s.v_mV[0]; }
};

}  // namespace brainemu::testing
