#pragma once
// Synaptic and stimulus input is summed in 64-bit fixed point so that the sum does not depend
// on the order of the additions (threads, partitions, delivery paths): one conversion, used by
// every path that adds input.

#include <cstdint>

namespace brainemu {

// w in weight units -> fixed point, rounding half away from zero (inline: llround is a
// library call, and this runs once per synaptic event).
[[nodiscard]] inline std::int64_t to_fixed(double w, double fx_per_unit) {
    const double x = w * fx_per_unit;
    return static_cast<std::int64_t>(x >= 0.0 ? x + 0.5 : x - 0.5);
}

}  // namespace brainemu
