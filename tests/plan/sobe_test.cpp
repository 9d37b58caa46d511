// The State of Brain Emulation Report 2025's compute and storage table, reproduced by the
// sobe-<organism>-<time|event>-<low|high> presets with no overrides. The figures are the SoBE
// data repository's data/compute/computational-demands-organisms.tsv, as printed there (three
// significant digits): hence the 1% tolerance.

#include <gtest/gtest.h>

#include "plan/plan.hpp"
#include "plan/plan_request.hpp"

namespace brainemu::plan {
namespace {

plan_result preset_plan(const std::string& preset) {
    plan_request r;
    r.preset = preset;
    return compute_plan(resolve_plan(r).inputs);
}

struct sobe_row {
    const char* organism;
    double time_low, time_high, event_low, event_high;  // FLOP per simulated second
    double bytes_low, bytes_high;
};

// Columns "fly (brain)", "mouse (brain)", "human (brain)".
constexpr sobe_row table[] = {
    {"fly", 2.71e12, 4.80e12, 1.08e10, 5.11e11, 4.33e8, 8.75e8},
    {"mouse", 6.75e15, 1.10e16, 2.70e13, 3.10e14, 1.08e12, 2.17e12},
    {"human", 8.50e18, 1.39e19, 3.40e16, 0.0, 1.36e15, 2.73e15},
};

double compute_of(const std::string& preset) {
    return preset_plan(preset).axis(axis_kind::compute).demand_total;
}

TEST(SobePresets, ComputeAndStorageMatchTheReportWithinOnePercent) {
    for (const sobe_row& row : table) {
        const std::string o = row.organism;
        EXPECT_NEAR(compute_of("sobe-" + o + "-time-low") / row.time_low, 1.0, 0.01) << o;
        EXPECT_NEAR(compute_of("sobe-" + o + "-time-high") / row.time_high, 1.0, 0.01) << o;
        EXPECT_NEAR(compute_of("sobe-" + o + "-event-low") / row.event_low, 1.0, 0.01) << o;
        if (row.event_high > 0.0) {
            EXPECT_NEAR(compute_of("sobe-" + o + "-event-high") / row.event_high, 1.0, 0.01) << o;
        }
        for (const char* mode : {"time", "event"}) {
            const std::string stem = "sobe-" + o + "-" + mode;
            EXPECT_NEAR(
                preset_plan(stem + "-low").axis(axis_kind::memory).demand_total / row.bytes_low,
                1.0, 0.01)
                << stem;
            EXPECT_NEAR(
                preset_plan(stem + "-high").axis(axis_kind::memory).demand_total / row.bytes_high,
                1.0, 0.01)
                << stem;
        }
    }
}

// The sheet's human-brain event-driven upper bound, 8.67e16, is the Tsodyks-Markram term alone
// (51 x 1.7e15 events/s); every other column adds the 5-compartment HH neurons' time-driven
// 3.45e6 FLOP/s each, as the sheet's own formula does (fly: 4.83e11 + 2.75e10 = 5.11e11). The
// preset applies the formula: 2.967e17 + 8.67e16 = 3.837e17.
TEST(SobePresets, HumanEventHighAppliesTheSheetsFormulaNotItsCell) {
    const plan_result r = preset_plan("sobe-human-event-high");
    EXPECT_NEAR(r.synapse_flop_per_s, 51.0 * 1.7e14 * 10.0, 1e10);
    EXPECT_NEAR(r.neuron_flop_per_s, 3.45e6 * 8.6e10, 1e10);
}

// Event-driven neurons cost their model's FLOP per spike (LIF: 15) at the firing rate.
TEST(SobePresets, EventDrivenNeuronsCostPerSpike) {
    const plan_result r = preset_plan("sobe-fly-event-low");
    EXPECT_DOUBLE_EQ(r.neuron_flop_per_s, 1.4e5 * 10.0 * 15.0);
    EXPECT_DOUBLE_EQ(r.synapse_flop_per_s, 5.4e7 * 10.0 * 20.0);
}

TEST(SobePresets, AModelWithoutAnEventDrivenFormIsRefused) {
    plan_request r;
    r.preset = "sobe-fly-event-high";
    r.sets = {"neuron_update=event"};
    try {
        (void)resolve_plan(r);
        FAIL() << "expected input_error";
    } catch (const input_error& e) {
        EXPECT_EQ(e.where().field, "neuron_update");
        EXPECT_NE(std::string(e.what()).find("mc-hh has none"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace brainemu::plan
