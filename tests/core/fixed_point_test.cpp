// The fixed-point scale: as fine as possible below 2^62 for the largest sum a slot can hold,
// and a refusal, never a wrapped sum, when even one unit per weight unit cannot hold it.

#include "core/fixed_point.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "core/input_error.hpp"

namespace brainemu {
namespace {

TEST(FixedPoint, TheScaleLeavesTheLargestSumBelowTwoToThe62) {
    // 87.8 pA x (1,000 + 4,096) inputs = 4.47e5: 2^62 / 4.47e5 = 1.03e13, floor(log2) = 43,
    // capped at 40.
    EXPECT_EQ(choose_fx_per_unit(87.8, 1000.0, 0.0), std::ldexp(1.0, 40));
    // 1e9 x 5,096 = 5.1e12: 2^62 / 5.1e12 = 9.05e5, 2^19.
    EXPECT_EQ(choose_fx_per_unit(1e9, 1000.0, 0.0), std::ldexp(1.0, 19));
    EXPECT_EQ(choose_fx_per_unit(0.0, 0.0, 0.0), std::ldexp(1.0, 40));
}

// An edge of 1e19 pA summed to -3.6e15 mV and the neuron never fired (exit 0).
TEST(FixedPoint, WeightsThatCouldWrapAreRefused) {
    EXPECT_THROW((void)choose_fx_per_unit(1e19, 10.0, 0.0), input_error);
    EXPECT_THROW((void)choose_fx_per_unit(3e38, 1.0, 0.0), input_error);
    EXPECT_THROW((void)choose_fx_per_unit(1.0, 1.0, INFINITY), input_error);
    try {
        (void)choose_fx_per_unit(1e16, 1000.0, 0.0);
        FAIL() << "expected input_error";
    } catch (const input_error& e) {
        EXPECT_EQ(e.where().field, "weights");
        EXPECT_NE(std::string(e.what()).find("past the 64-bit fixed-point range"),
                  std::string::npos);
    }
}

}  // namespace
}  // namespace brainemu
