// The plan's arithmetic, checked against the formulas of docs/planner.md written out by hand.

#include "plan/plan.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "plan/plan_request.hpp"

namespace brainemu::plan {
namespace {

plan_inputs named(const std::string& organism, const std::string& neuron = "lif",
                  const std::string& synapse = "exp", const std::string& device = "h100") {
    plan_request r;
    r.organism = organism;
    r.neuron_model = neuron;
    r.synapse_model = synapse;
    r.device = device;
    return resolve_plan(r).inputs;
}

TEST(Plan, ComputeMemoryAndBandwidthFollowTheFormulas) {
    const plan_inputs in = named("mouse", "mc-hh", "stdp");
    const plan_result r = compute_plan(in);
    const double n = 7.0e7, s = 1.35e11, rate = 10.0, steps = 1e4, c = 1000.0;
    EXPECT_DOUBLE_EQ(r.axis(axis_kind::compute).demand_total,
                     n * c * 69.0 * steps + s * rate * 80.0);
    EXPECT_DOUBLE_EQ(r.axis(axis_kind::memory).demand_total,
                     2.0 * (n * (64.0 + c * 16.0) + s * 24.0));
    // State read and written each step; per event the synapse read and written back (STDP)
    // plus an 8-byte accumulator update.
    EXPECT_DOUBLE_EQ(r.axis(axis_kind::memory_bandwidth).demand_total,
                     n * steps * 2.0 * (64.0 + c * 16.0) + s * rate * (24.0 * 2.0 + 8.0));
}

TEST(Plan, TimeDrivenSynapsesAddAnUpdatePerSynapsePerStep) {
    plan_inputs in = named("fly", "lif", "tsodyks-markram");
    const double event_driven = compute_plan(in).axis(axis_kind::compute).demand_total;
    apply_overrides(in, {"synapse_update=time"});
    const double time_driven = compute_plan(in).axis(axis_kind::compute).demand_total;
    EXPECT_DOUBLE_EQ(time_driven - event_driven, 5.45e7 * 8.0 * 1e4);
}

TEST(Plan, DevicesNeededPerAxisAreCeilingsAndThePlanTakesTheLargest) {
    const plan_inputs in = named("human");
    const plan_result r = compute_plan(in);
    const auto& mem = r.axis(axis_kind::memory);
    EXPECT_EQ(mem.devices_needed, std::ceil(mem.demand_total / 80e9));
    // Each kernel at its own peak: LIF neurons 3.44e15 FLOP/s at FP64 (34 TF), synapse events
    // 1.204e17 at FP32 (67 TF): 101.2 + 1,797.0 device-seconds per second.
    EXPECT_EQ(r.axis(axis_kind::compute).devices_needed,
              std::ceil(8.6e10 * 4.0 * 1e4 / 34e12 + 6.02e14 * 10.0 * 20.0 / 67e12));
    EXPECT_FALSE(r.devices_fixed);
    double largest = 0.0;
    for (const axis_result& a : r.axes) {
        largest = std::max(largest, a.devices_needed);
        EXPECT_GE(a.ratio, 1.0) << to_string(a.kind);  // at its own count every axis fits
    }
    EXPECT_EQ(r.devices, largest);
}

TEST(Plan, FixedDeviceCountBindsOnTheSmallestRatio) {
    plan_inputs in = named("human");
    apply_overrides(in, {"devices=20000"});
    const plan_result r = compute_plan(in);
    EXPECT_TRUE(r.devices_fixed);
    for (const axis_result& a : r.axes) {
        EXPECT_GE(a.ratio, r.axis(r.binding).ratio);
    }
    EXPECT_EQ(r.binding, axis_kind::memory);
    EXPECT_NEAR(r.axis(axis_kind::memory).demand_per_device,
                r.axis(axis_kind::memory).demand_total / 20000.0, 1.0);
}

TEST(Plan, TierNeedIsTheFirstCountAtWhichTheTierFits) {
    plan_inputs in = named("human");
    apply_overrides(in, {"bytes_per_spike_message=400"});  // make the scale-out tier bind
    const plan_result r = compute_plan(in);
    const axis_result& out = r.axis(axis_kind::scale_out);
    ASSERT_TRUE(std::isfinite(out.devices_needed));
    EXPECT_GT(out.devices_needed, r.axis(axis_kind::memory).devices_needed);
    EXPECT_EQ(r.devices, out.devices_needed);
    EXPECT_LE(out.demand_per_device, out.supply_per_device);
    plan_inputs one_less = in;
    apply_overrides(one_less, {"devices=" + std::to_string(out.devices_needed - 1.0)});
    EXPECT_GT(compute_plan(one_less).axis(axis_kind::scale_out).demand_per_device,
              out.supply_per_device);
}

TEST(Plan, FromWormToHumanEveryDemandGrows) {
    double last_memory = 0.0;
    double last_compute = 0.0;
    for (const char* o :
         {"worm", "fly-larva", "zebrafish-larva", "fly", "mouse", "macaque", "human"}) {
        const plan_result r = compute_plan(named(o));
        EXPECT_GT(r.axis(axis_kind::memory).demand_total, last_memory) << o;
        EXPECT_GT(r.axis(axis_kind::compute).demand_total, last_compute) << o;
        last_memory = r.axis(axis_kind::memory).demand_total;
        last_compute = r.axis(axis_kind::compute).demand_total;
    }
    // The worm and the larva fit on one device with no traffic at all.
    const plan_result worm = compute_plan(named("worm"));
    EXPECT_EQ(worm.devices, 1.0);
    EXPECT_EQ(worm.axis(axis_kind::scale_out).demand_per_device, 0.0);
}

TEST(Plan, ADeviceWithoutScaleUpHasOneTier) {
    const plan_result r = compute_plan(named("mouse", "lif", "exp", "a64fx"));
    EXPECT_FALSE(r.axis(axis_kind::scale_up).present);
    EXPECT_TRUE(r.axis(axis_kind::scale_out).present);
    EXPECT_NE(r.binding, axis_kind::scale_up);
    EXPECT_DOUBLE_EQ(r.traffic.out_of_domain_share, 1.0);
}

TEST(Plan, PrecisionPicksThePeakTheComputeAxisCounts) {
    plan_inputs in = named("human");
    // By kernel: 1.2384e17 FLOP/s done in 3.44e15 / 34e12 + 1.204e17 / 67e12 seconds per
    // second, an effective 6.524e13 FLOP/s per H100.
    const double nf = 8.6e10 * 4.0 * 1e4, sf = 6.02e14 * 10.0 * 20.0;
    EXPECT_NEAR(compute_plan(in).axis(axis_kind::compute).supply_per_device,
                (nf + sf) / (nf / 34e12 + sf / 67e12), 1e3);
    apply_overrides(in, {"precision=fp16_dense"});
    EXPECT_EQ(compute_plan(in).axis(axis_kind::compute).supply_per_device, 989e12);
    apply_overrides(in, {"precision=kernel"});
    EXPECT_TRUE(in.precision_by_kernel);
    // The report's one-peak rows at the same device count (memory sets it): the compute ratio
    // goes with the peak.
    const std::vector<precision_row> rows = binding_by_precision(in);
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows[0].precision, precision_kind::fp64);
    EXPECT_EQ(rows[0].binding, axis_kind::memory);
    EXPECT_NEAR(rows[0].compute_ratio / rows[1].compute_ratio, 34.0 / 67.0, 1e-12);
}

}  // namespace
}  // namespace brainemu::plan
