#pragma once
// What every neuron model shares: its input for one step, its parameter table, its cost.

#include <cmath>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

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

// Work and memory of one neuron step, counted from the code (for the planner).
struct model_cost {
    double flop_per_step;     // floating point operations on the non-refractory path
    std::size_t state_bytes;  // bytes of state per neuron
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
