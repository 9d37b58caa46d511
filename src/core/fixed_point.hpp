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
[[nodiscard]] inline double choose_fx_per_unit(double max_abs_weight, double max_in_degree,
                                               double max_stim_weight) {
    const double w = std::max(max_abs_weight, max_stim_weight);
    if (w <= 0.0) {
        return std::ldexp(1.0, 40);
    }
    const double bound = w * (max_in_degree + 4096.0);
    const int bits = static_cast<int>(std::floor(std::log2(std::ldexp(1.0, 62) / bound)));
    return std::ldexp(1.0, std::clamp(bits, 0, 40));
}

}  // namespace brainemu
