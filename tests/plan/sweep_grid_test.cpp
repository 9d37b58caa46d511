// Two --sweep options: the binding axis over a grid, and where it flips along the first input.

#include "plan/sweep_grid.hpp"

#include <gtest/gtest.h>

#include "core/input_error.hpp"
#include "plan/plan_request.hpp"

namespace brainemu::plan {
namespace {

// Freeman's pessimistic case on 1e5 H100 at the FP16 dense peak: compute and memory trade
// places as bytes per synapse (B) and FLOP per compartment-step (F) vary. By hand, the two
// ratios are equal where
//   989e12 / (8.6e17 F + 6.02e19) = 80e9 / (2 (6.02e14 B + 64 x 8.6e10)),
// i.e. B = ((8.6e17 F + 6.02e19) x 80e9 / 989e12 / 2 - 5.504e12) / 6.02e14:
// F = 690 gives B = 43.90; F = 69 gives B = 8.026.
double flip_by_hand(double f) {
    return ((8.6e17 * f + 6.02e19) * 80e9 / 989e12 / 2.0 - 64.0 * 8.6e10) / 6.02e14;
}

TEST(SweepGrid, TheFlipAlongTheFirstInputFollowsTheSecond) {
    plan_request r;
    r.preset = "freeman-pessimistic";
    r.sets = {"precision=fp16_dense"};
    const plan_inputs in = resolve_plan(r).inputs;
    const sweep_grid g = run_sweep_grid(in, parse_sweep("bytes_per_synapse=8..64", 5),
                                        parse_sweep("flop_per_compartment_step=69..690", 5));
    ASSERT_EQ(g.rows.size(), 5u);
    for (const sweep_grid_row& row : g.rows) {
        ASSERT_EQ(row.along_x.transitions.size(), 1u) << row.y;
        const sweep_transition& t = row.along_x.transitions[0];
        EXPECT_EQ(t.from, axis_kind::compute);
        EXPECT_EQ(t.to, axis_kind::memory);
        // Bisection stops at 0.1% of the 14-wide sampled interval: 0.014.
        EXPECT_NEAR(t.value, flip_by_hand(row.y), 0.015) << row.y;
    }
    EXPECT_NEAR(flip_by_hand(690.0), 43.90, 0.01);
}

TEST(SweepGrid, BothSweepsOnOneInputAreRefused) {
    const plan_inputs in = resolve_plan(plan_request{}).inputs;
    EXPECT_THROW((void)run_sweep_grid(in, parse_sweep("mean_rate_hz=1..10", 3),
                                      parse_sweep("mean_rate_hz=0.1..1", 3)),
                 input_error);
}

}  // namespace
}  // namespace brainemu::plan
