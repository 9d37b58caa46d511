#pragma once
// Synaptic and stimulus input is summed in 64-bit fixed point so that the sum does not depend
// on the order of the additions (threads, partitions, delivery paths, GPU atomics): one
// conversion, used by every path that adds input.

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/host_device.hpp"

namespace brainemu {

// w in weight units -> fixed point, rounding half away from zero (inline: llround is a
// library call, and this runs once per synaptic event). Also device code (the CUDA backend).
[[nodiscard]] BRAINEMU_HD inline std::int64_t to_fixed(double w, double fx_per_unit) {
    const double x = w * fx_per_unit;
    return static_cast<std::int64_t>(x >= 0.0 ? x + 0.5 : x - 0.5);
}

// Fixed-point resolution: as fine as possible while the largest sum a slot can hold (every
// incoming synapse at the largest weight, plus generous stimulus input) stays below 2^62.
// At most 2^-40 of a weight unit: far below float32 weight precision. Every engine (CPU,
// CUDA) chooses it here, from the same global maxima.
// Throws input_error (fixed_point.cpp) naming the figures: even 1 fixed-point unit per weight
// unit cannot hold the largest sum a slot may receive.
[[noreturn]] void refuse_fixed_point_overflow(double max_abs_weight, double max_stim_weight,
                                              double inputs);

// Refuses (above) when even 1 unit per weight unit cannot hold that sum: a sum past 2^63
// would wrap (an edge of 1e19 pA drove a neuron to -3.6e15 mV, silently).
[[nodiscard]] inline double choose_fx_per_unit(double max_abs_weight, double max_in_degree,
                                               double max_stim_weight) {
    const double w = std::max(max_abs_weight, max_stim_weight);
    if (w <= 0.0) {
        return std::ldexp(1.0, 40);
    }
    const double bound = w * (max_in_degree + 4096.0);
    const int bits = static_cast<int>(std::floor(std::log2(std::ldexp(1.0, 62) / bound)));
    if (bits < 0 || !std::isfinite(bound)) {
        refuse_fixed_point_overflow(max_abs_weight, max_stim_weight, max_in_degree + 4096.0);
    }
    return std::ldexp(1.0, std::min(bits, 40));
}

}  // namespace brainemu
