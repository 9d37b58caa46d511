#include "core/fixed_point.hpp"

#include <fmt/format.h>

#include "core/input_error.hpp"

namespace brainemu {

void refuse_fixed_point_overflow(double max_abs_weight, double max_stim_weight, double inputs) {
    throw input_error({"", 0, "weights"},
                      fmt::format("input to one neuron could sum past the 64-bit fixed-point "
                                  "range: weights up to {:.3g} (synapses {:.3g}, stimuli {:.3g} "
                                  "counting their events per step) times {:.0f} inputs exceed "
                                  "2^62 = {:.3g}",
                                  std::max(max_abs_weight, max_stim_weight), max_abs_weight,
                                  max_stim_weight, inputs, std::ldexp(1.0, 62)));
}

}  // namespace brainemu
