#pragma once
// What every neuron model shares: its input for one step, its parameter table, its cost.

#include <array>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include "core/host_device.hpp"
#include "core/index_range.hpp"
#include "core/input_error.hpp"

namespace brainemu {

// Input to neurons [0, n) of a model group for one step. Index k refers to the group's
// neuron `begin + k` of the step call. Any pointer may be null: no input of that kind.
// Synaptic input arrives summed in 64-bit fixed point (order-independent, so spikes do not
// depend on threads or partitions) and is converted once here, times `unit_per_fx`.
// The ring-buffer slot is consumed as it is read: take() returns the input and clears it, so
// the slot is ready for reuse without a separate pass over memory. Every model takes its
// input for every neuron of every step, refractory or not.
struct step_input {
    std::int64_t* syn_ch0 = nullptr;     // channel 0: w > 0, or every weight in a 1-channel ring
    std::int64_t* syn_ch1 = nullptr;     // channel 1: w < 0, when the ring has two channels
    double unit_per_fx = 0.0;            // weight units (pA or mV) per fixed-point unit
    const double* current_pA = nullptr;  // external current this step (DC, step currents)
    const double* v_jump_mV = nullptr;   // direct voltage jumps (receptor = "voltage")

    // Total signed synaptic input for a single-channel model.
    [[nodiscard]] double take_total(std::uint32_t k) const {
        std::int64_t fx = 0;
        if (syn_ch0) {
            fx = syn_ch0[k];
            syn_ch0[k] = 0;
        }
        if (syn_ch1) {
            fx += syn_ch1[k];
            syn_ch1[k] = 0;
        }
        return static_cast<double>(fx) * unit_per_fx;
    }
    [[nodiscard]] double take(std::int64_t* ch, std::uint32_t k) const {
        if (!ch) {
            return 0.0;
        }
        const std::int64_t fx = ch[k];
        ch[k] = 0;
        return static_cast<double>(fx) * unit_per_fx;
    }
};

// Which inputs a step sees, as compile-time flags: every engine compiles a model's step once
// per combination of inputs present, with no test inside its loops.
template <bool Two, bool Current, bool Jump>
struct input_kinds {
    static constexpr bool two = Two;          // the ring has a second (inhibitory) channel
    static constexpr bool current = Current;  // external current (DC, step currents, coupling)
    static constexpr bool jump = Jump;        // direct voltage jumps (receptor = "voltage")
};

// One neuron's input for one step, as every engine hands it to a model's one-neuron step
// (models with `step_one`): the ring's fixed-point sums (fx1 only with K::two) converted with
// unit_per_fx inside the model, and the current and jump (only with K::current, K::jump).
struct neuron_input {
    std::int64_t fx0 = 0, fx1 = 0;
    double unit_per_fx = 0.0;
    double current_pA = 0.0;
    double jump_mV = 0.0;

    // The summed signed input of a one-channel model (both channels when the ring has two).
    template <class K>
    [[nodiscard]] BRAINEMU_HD double total() const {
        return static_cast<double>(K::two ? fx0 + fx1 : fx0) * unit_per_fx;
    }
};

// Reads (and clears, for the next use of the ring slot) input index k of `in`.
template <class K>
[[nodiscard]] inline neuron_input take_input(const step_input& in, std::uint32_t k) {
    neuron_input x;
    x.unit_per_fx = in.unit_per_fx;
    x.fx0 = in.syn_ch0[k];
    in.syn_ch0[k] = 0;
    if constexpr (K::two) {
        x.fx1 = in.syn_ch1[k];
        in.syn_ch1[k] = 0;
    }
    if constexpr (K::current) {
        x.current_pA = in.current_pA[k];
    }
    if constexpr (K::jump) {
        x.jump_mV = in.v_jump_mV[k];
    }
    return x;
}

// Calls f(two_channels, has_current, has_jump) with std::bool_constant arguments, so that a
// model's loop is compiled once per combination of inputs, with no test inside it.
template <class F>
void with_input_kinds(const step_input& in, F&& f) {
    const auto c = [&](auto two) {
        const auto j = [&](auto cur) {
            if (in.v_jump_mV) {
                f(two, cur, std::true_type{});
            } else {
                f(two, cur, std::false_type{});
            }
        };
        if (in.current_pA) {
            j(std::true_type{});
        } else {
            j(std::false_type{});
        }
    };
    if (in.syn_ch1) {
        c(std::true_type{});
    } else {
        c(std::false_type{});
    }
}

// Calls f(K{}) with the input_kinds of `in`.
template <class F>
void with_kinds(const step_input& in, F&& f) {
    with_input_kinds(in, [&](auto two, auto cur, auto jump) {
        f(input_kinds<decltype(two)::value, decltype(cur)::value, decltype(jump)::value>{});
    });
}

// Models whose neurons can be left alone at rest (activity-driven stepping, on the CPU and the
// GPU): a step without input leaves a resting neuron's state bit for bit as it is, as long as
// can_rest(params).
template <class M>
concept rests_exactly = requires(const typename M::params& p, typename M::neuron s) {
    { M::can_rest(p) } -> std::same_as<bool>;
    { M::at_rest(p, s) } -> std::same_as<bool>;
};

// Models whose other state starts from the initial voltage (izhikevich: u = b v): the engine
// calls start_from_voltage(params, state, i) after setting neuron i's drawn initial voltage.
template <class M>
concept starts_from_voltage = requires(const typename M::params& p, typename M::state& s) {
    M::start_from_voltage(p, s, std::size_t{0});
};

// A model's per-neuron state that carries from one step to the next, as named arrays (M::state
// columns()): what a checkpoint keeps, keyed by neuron. Scratch arrays and what the experiment
// rebuilds (per-neuron refractory periods) are left out.
template <class T>
struct state_column {
    std::string_view name;
    std::span<T> values;
};
struct state_columns {
    std::vector<state_column<double>> real;
    std::vector<state_column<std::int32_t>> integer;
};

// A model's state as the CPU engine keeps it (arrays in M::state), seen as the lanes its
// one-neuron functions take (M::at), with every pointer loaded once: a loop over neurons
// then reloads none of them after a spike's push_back.
template <class M>
struct cpu_lanes {
    std::array<double*, M::lanes> lane;
    std::int32_t* refractory_left;
    const std::int32_t* ref_steps;

    explicit cpu_lanes(typename M::state& s)
        : lane(s.lane_data()),
          refractory_left(s.refractory_left.data()),
          ref_steps(s.ref_steps.data()) {}
    [[nodiscard]] typename M::neuron at(std::uint32_t i) const {
        return M::at(lane.data(), refractory_left, i);
    }
};

namespace detail {
// The loops themselves take the lanes, range and input by value: locals of a function of their
// own, which nothing else can reach, so the compiler keeps them in registers across a spike's
// push_back and vectorises the integration (a loop written inside the dispatching lambda would
// reach them through the closure, whose address escapes).
template <class M, class K>
void step_each(const typename M::params& p, const typename M::derived& d, cpu_lanes<M> x,
               local_range r, step_input in, std::vector<std::uint32_t>& spiked) {
    for (std::uint32_t i = r.first; i < r.last; ++i) {
        if (M::template step_one<K>(p, d, x.at(i), x.ref_steps[i],
                                    take_input<K>(in, i - r.first))) {
            spiked.push_back(i);
        }
    }
}
template <class M, class K>
void integrate_each(const typename M::params& p, const typename M::derived& d, cpu_lanes<M> x,
                    local_range r, step_input in) {
    // Lanes offset to the range: one index for state and input, counted from 0 to a bound
    // known on entry, as the vectoriser wants it.
    for (double*& l : x.lane) {
        l += r.first;
    }
    std::int32_t* ref = x.refractory_left + r.first;
    const std::uint32_t n = r.size();
    for (std::uint32_t k = 0; k < n; ++k) {
        M::template integrate_one<K>(p, d, M::at(x.lane.data(), ref, k), take_input<K>(in, k));
    }
}
}  // namespace detail

// The CPU loop of a model whose one-neuron step M::step_one (shared with the GPU engine) runs
// neurons [r.first, r.last) of a group in order, appending those that fire.
template <class M>
void step_each(const typename M::params& p, const typename M::derived& d, typename M::state& s,
               local_range r, const step_input& in, std::vector<std::uint32_t>& spiked) {
    with_kinds(in, [&](auto k) {
        detail::step_each<M, decltype(k)>(p, d, cpu_lanes<M>(s), r, in, spiked);
    });
}

// The same for a model whose step splits into a branch-free M::integrate_one and a threshold
// test M::fire_one: two passes over the range, the first of which the compiler vectorises.
// The same arithmetic as step_one = integrate_one then fire_one, neuron by neuron.
template <class M>
void step_two_pass(const typename M::params& p, const typename M::derived& d, typename M::state& s,
                   local_range r, const step_input& in, std::vector<std::uint32_t>& spiked) {
    with_kinds(
        in, [&](auto k) { detail::integrate_each<M, decltype(k)>(p, d, cpu_lanes<M>(s), r, in); });
    const cpu_lanes<M> x(s);
    for (std::uint32_t i = r.first; i < r.last; ++i) {
        if (M::fire_one(p, x.at(i), x.ref_steps[i])) {
            spiked.push_back(i);
        }
    }
}

// Work and memory of one neuron step, counted from the code (for the planner).
struct model_cost {
    double flop_per_step;     // floating point operations on the non-refractory path
    std::size_t state_bytes;  // bytes of state per neuron
};

// The one-neuron step of a LIF-like model M whose step splits into a branch-free
// M::integrate_one and the threshold test here (V >= V_th: reset, clamp for the neuron's
// refractory steps), which the CPU's step_two_pass runs as two passes and the GPU as one.
template <class M>
struct integrate_and_fire {
    template <class P, class N>
    BRAINEMU_HD static bool fire_one(const P& p, N s, const std::int32_t& ref_steps) {
        if (s.v_mV >= p.v_th_mV) {
            s.v_mV = p.v_reset_mV;
            s.refractory_left = ref_steps;
            return true;
        }
        return false;
    }
    template <class K, class P, class D, class N>
    BRAINEMU_HD static bool step_one(const P& p, const D& d, N s, const std::int32_t& ref_steps,
                                     const neuron_input& in) {
        M::template integrate_one<K>(p, d, s, in);
        return fire_one(p, s, ref_steps);
    }
};

// The drive `brainemu models --measure` times a model under, chosen per model so that a good
// share of its neurons fire and the spike paths are timed too: a DC current near rheobase
// (where the model takes current) plus, per neuron and step, one synaptic weight uniform in
// [-weight, 2 weight] in the model's weight unit (mean positive: about one input per step, as
// with ~1000 inputs at ~10 Hz).
struct model_drive {
    double current_pA;
    double weight;
};

// One user-settable parameter: its name (with unit), where it lives, what it means.
template <class Params>
struct param_field {
    std::string_view name;
    double Params::*member;
    std::string_view description;
};

// Throws input_error for parameter `field` of `where` (where.field is the table's path).
[[noreturn]] inline void param_problem(const input_location& where, std::string_view field,
                                       std::string_view problem) {
    input_location at = where;
    at.field = at.field.empty() ? std::string(field) : at.field + "." + std::string(field);
    throw input_error(at, problem);
}

inline void require_positive(const input_location& where, std::string_view field, double v) {
    if (!(v > 0.0) || !std::isfinite(v)) {
        param_problem(where, field, fmt::format("must be > 0, got {}", v));
    }
}

inline void require_non_negative(const input_location& where, std::string_view field, double v) {
    if (!(v >= 0.0) || !std::isfinite(v)) {
        param_problem(where, field, fmt::format("must be >= 0, got {}", v));
    }
}

inline void require_finite(const input_location& where, std::string_view field, double v) {
    if (!std::isfinite(v)) {
        param_problem(where, field, fmt::format("must be a finite number, got {}", v));
    }
}

// Refractory period in whole steps, rounded to the nearest step as NEST does
// (Time(ms(t_ref)).get_steps()); an off-grid period is rounded, not truncated.
[[nodiscard]] inline std::int32_t refractory_steps(double t_ref_ms, double dt_ms) {
    return static_cast<std::int32_t>(std::lround(t_ref_ms / dt_ms));
}

}  // namespace brainemu
