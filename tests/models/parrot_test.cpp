// parrot against NEST's parrot_neuron: a spike in each step with a positive input, whatever its
// size; nothing for no input or a negative one.

#include "models/parrot.hpp"

#include <gtest/gtest.h>

#include "models/model_harness.hpp"

namespace brainemu {
namespace {

using neuron = testing::one_neuron<parrot>;

TEST(parrot, spikes_in_each_step_with_a_positive_input) {
    neuron n({});
    EXPECT_FALSE(n.step());
    EXPECT_TRUE(n.step(1.0));
    EXPECT_TRUE(n.step(1.0));  // no refractory period: every step can carry an event
    EXPECT_TRUE(n.step(3.0));  // three events merged into one spike
    EXPECT_TRUE(n.step(1e-9));
    EXPECT_FALSE(n.step(-1.0));
    EXPECT_FALSE(n.step(0.0, 0.0, 0.0));
    EXPECT_TRUE(n.step(0.0, 0.0, 2.0));  // a voltage-receptor event counts too
    EXPECT_EQ(n.v(), 2.0);
}

}  // namespace
}  // namespace brainemu
