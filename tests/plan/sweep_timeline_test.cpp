// --sweep (where the binding axis changes) and --timeline (the year each axis is met).

#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "core/input_error.hpp"
#include "plan/plan_request.hpp"
#include "plan/sweep.hpp"
#include "plan/timeline.hpp"

namespace brainemu::plan {
namespace {

plan_inputs freeman_on_mid_2020s() {
    plan_request r;
    r.preset = "freeman-pessimistic";
    r.cluster = "mid-2020s";
    return resolve_plan(r).inputs;
}

std::string sweep_error_field(const std::string& text) {
    try {
        (void)parse_sweep(text, 9);
    } catch (const input_error& e) {
        return e.where().field;
    }
    ADD_FAILURE() << "expected input_error for " << text;
    return {};
}

TEST(Sweep, ASweepWithoutARangeIsRefused) {
    EXPECT_EQ(sweep_error_field("bytes_per_synapse"), "--sweep");
    EXPECT_EQ(sweep_error_field("bytes_per_synapse=8"), "--sweep");
    EXPECT_EQ(sweep_error_field("bytes_per_synapse=8.."), "--sweep");
    EXPECT_EQ(sweep_error_field("=1..2"), "--sweep");
    EXPECT_EQ(sweep_error_field("bytes_per_synapse=4..4"), "--sweep");
    EXPECT_EQ(sweep_error_field("bytes_per_synapse=a..b"), "--sweep");
    EXPECT_EQ(sweep_error_field("firing=1..10"), "--sweep firing");
    EXPECT_EQ(sweep_error_field("mean_rate_hz=-1..10"), "--sweep mean_rate_hz");
    EXPECT_THROW((void)parse_sweep("mean_rate_hz=1..10", 1), input_error);
}

TEST(Sweep, SpacingAndEnds) {
    const sweep_spec log = parse_sweep("bytes_per_synapse=1..100", 3);
    EXPECT_TRUE(log.logarithmic);
    const sweep_spec lin = parse_sweep("compartments=1..5", 5);
    EXPECT_FALSE(lin.logarithmic);
    const sweep_result r = run_sweep(freeman_on_mid_2020s(), log);
    ASSERT_EQ(r.rows.size(), 3u);
    EXPECT_DOUBLE_EQ(r.rows[0].value, 1.0);
    EXPECT_NEAR(r.rows[1].value, 10.0, 1e-9);
    EXPECT_DOUBLE_EQ(r.rows[2].value, 100.0);
}

TEST(Sweep, FindsWhereTheBindingAxisChanges) {
    // Freeman on the mid-2020s cluster: few bytes per synapse leave compute binding; many make
    // memory bind.
    const plan_inputs base = freeman_on_mid_2020s();
    const sweep_result r = run_sweep(base, parse_sweep("bytes_per_synapse=1..64", 9));
    EXPECT_EQ(r.rows.front().result.binding, axis_kind::compute);
    EXPECT_EQ(r.rows.back().result.binding, axis_kind::memory);
    ASSERT_FALSE(r.transitions.empty());
    const sweep_transition& t = r.transitions.back();
    EXPECT_EQ(t.to, axis_kind::memory);
    // At the crossing, memory and the axis before it are equally short: just below it the old
    // axis binds, just above it memory does.
    plan_inputs below = base;
    set_param(below, "bytes_per_synapse", t.value * 0.99, {});
    plan_inputs above = base;
    set_param(above, "bytes_per_synapse", t.value * 1.01, {});
    EXPECT_EQ(compute_plan(below).binding, t.from);
    EXPECT_EQ(compute_plan(above).binding, axis_kind::memory);
}

TEST(Sweep, WholeNumberInputsStayWhole) {
    const sweep_result r = run_sweep(freeman_on_mid_2020s(), parse_sweep("devices=1e4..1e6", 5));
    for (const sweep_row& row : r.rows) {
        EXPECT_EQ(row.value, std::round(row.value));
        EXPECT_EQ(row.result.devices, row.value);
    }
}

TEST(Timeline, EachAxisMeetsItsDemandInItsOwnYear) {
    const plan_inputs in = freeman_on_mid_2020s();
    const plan_result p = compute_plan(in);
    const timeline_result t = project_timeline(in, p);
    EXPECT_EQ(t.base_year, 2024.0);  // the B200's year
    double latest = t.base_year;
    for (const timeline_axis& a : t.axes) {
        // Growth g per two years closes a gap of 1 / ratio in 2 ln(1 / ratio) / ln g years.
        if (a.ratio_now < 1.0 && a.growth_per_2y > 1.0) {
            EXPECT_NEAR(a.year_met,
                        2024.0 + 2.0 * std::log(1.0 / a.ratio_now) / std::log(a.growth_per_2y),
                        1e-9);
        }
        if (a.ratio_now >= 1.0) {
            EXPECT_EQ(a.year_met, 2024.0);
        }
        latest = std::max(latest, a.year_met);
        EXPECT_NEAR(projected(1.0 / a.ratio_now, a.growth_per_2y, 0.0), 1.0 / a.ratio_now, 1e-12);
    }
    EXPECT_EQ(t.year_feasible, latest);
}

TEST(Timeline, NeedsAFixedClusterSizeAndHonoursTheTrends) {
    plan_request r;
    const plan_inputs free_count = resolve_plan(r).inputs;
    EXPECT_THROW((void)project_timeline(free_count, compute_plan(free_count)), input_error);
    plan_inputs in = freeman_on_mid_2020s();
    apply_overrides(in, {"trend_memory_bytes_per_2y=1.0", "base_year=2030"});
    const timeline_result t = project_timeline(in, compute_plan(in));
    EXPECT_EQ(t.base_year, 2030.0);
    EXPECT_TRUE(std::isinf(t.year_feasible));  // memory never grows: never feasible
}

}  // namespace
}  // namespace brainemu::plan
