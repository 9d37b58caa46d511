// Energy, cost and the target RTF, against the arithmetic written out by hand.

#include <cmath>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "plan/plan.hpp"
#include "plan/plan_json.hpp"
#include "plan/plan_request.hpp"

namespace brainemu::plan {
namespace {

plan_inputs resolve(const std::string& preset, const std::vector<std::string>& sets = {},
                    const std::string& device = "") {
    plan_request r;
    r.preset = preset;
    r.device = device;
    r.sets = sets;
    return resolve_plan(r).inputs;
}

// Freeman's 1e5 H100 at 700 W each: 7e7 W, so 7e7 J per simulated second in real time; over
// 6.02e14 synapses x 10 Hz = 6.02e15 events/s, 1.1628e-8 J per synaptic event. 1e5 devices for
// 1/3600 h = 27.78 device-hours per simulated second, x $2.95 = $81.94 ($1.99: $55.28;
// $5.00: $138.89).
TEST(Energy, AHandComputedCase) {
    const plan_inputs in = resolve("freeman-pessimistic");
    const plan_result r = compute_plan(in);
    EXPECT_DOUBLE_EQ(r.power_w, 7e7);
    EXPECT_DOUBLE_EQ(r.energy_j_per_simulated_s, 7e7);
    EXPECT_NEAR(r.energy_j_per_synaptic_event, 1.1628e-8, 1e-12);
    EXPECT_NEAR(r.device_hours_per_simulated_s, 27.778, 1e-3);
    EXPECT_NEAR(r.cost_usd_per_simulated_s, 81.944, 1e-3);
    EXPECT_NEAR(r.cost_low_usd_per_simulated_s, 55.278, 1e-3);
    EXPECT_NEAR(r.cost_high_usd_per_simulated_s, 138.889, 1e-3);

    const nlohmann::json j = plan_json(in, r);
    EXPECT_DOUBLE_EQ(j["power_w"].get<double>(), 7e7);
    EXPECT_DOUBLE_EQ(j["energy_j_per_simulated_s"].get<double>(), 7e7);
    EXPECT_NEAR(j["cost_usd_per_simulated_s"].get<double>(), 81.944, 1e-3);
}

// 100x slower than real time: the same devices draw the same power for 100x as long, and do a
// hundredth of the work per wall second; resident memory is unchanged.
TEST(Energy, ATargetRtfScalesRatesOfWorkButNotMemory) {
    const plan_result real = compute_plan(resolve("freeman-pessimistic"));
    const plan_result slow = compute_plan(resolve("freeman-pessimistic", {"target_rtf=100"}));
    EXPECT_DOUBLE_EQ(slow.energy_j_per_simulated_s, 100.0 * real.energy_j_per_simulated_s);
    EXPECT_NEAR(slow.cost_usd_per_simulated_s, 8194.4, 0.1);
    for (axis_kind a : {axis_kind::compute, axis_kind::memory_bandwidth, axis_kind::scale_up,
                        axis_kind::scale_out}) {
        EXPECT_NEAR(slow.axis(a).demand_per_device * 100.0 / real.axis(a).demand_per_device, 1.0,
                    1e-12)
            << to_string(a);
    }
    EXPECT_DOUBLE_EQ(slow.axis(axis_kind::memory).demand_total,
                     real.axis(axis_kind::memory).demand_total);
}

// No sourced figure, no number: NaN in the result, null in the JSON.
TEST(Energy, ADeviceWithoutASourcedPriceHasNoCost) {
    const plan_inputs in = resolve("freeman-pessimistic", {}, "mi300x");
    const plan_result r = compute_plan(in);
    EXPECT_DOUBLE_EQ(r.power_w, 1e5 * 750.0);
    EXPECT_TRUE(std::isnan(r.cost_usd_per_simulated_s));
    EXPECT_TRUE(plan_json(in, r)["cost_usd_per_simulated_s"].is_null());
    const plan_result priced =
        compute_plan(resolve("freeman-pessimistic", {"price_usd_per_device_hour=3.6"}, "mi300x"));
    EXPECT_NEAR(priced.cost_usd_per_simulated_s, 1e5 * 3.6 / 3600.0, 1e-9);
    EXPECT_DOUBLE_EQ(priced.cost_low_usd_per_simulated_s, priced.cost_usd_per_simulated_s);
}

}  // namespace
}  // namespace brainemu::plan
