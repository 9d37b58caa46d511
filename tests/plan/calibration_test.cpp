// Calibration from a real brainemu profile.json: the microcircuit at scale 0.1 (7,718 neurons,
// 2,988,807 synapses, 1 s, 2 threads), produced at commit a2a9095 by
// `build/release/brainemu run examples/microcircuit.toml --out /tmp/mc` on a 2-core machine.

#include "plan/calibration.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/input_error.hpp"
#include "plan/plan.hpp"
#include "plan/plan_request.hpp"

namespace brainemu::plan {
namespace {

const std::filesystem::path profile =
    std::filesystem::path(__FILE__).parent_path() / "data" / "microcircuit_profile.json";

std::filesystem::path write_temp(const std::string& name, const std::string& text) {
    // The process id keeps concurrent test runs apart.
    const auto path =
        std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "_" + name);
    std::ofstream(path) << text;
    return path;
}

TEST(Calibration, ReadsTheMeasuredFigures) {
    const measured_profile m = read_profile(profile);
    EXPECT_EQ(m.network, "microcircuit");
    EXPECT_EQ(m.neurons, 7718.0);
    EXPECT_EQ(m.synapses, 2988807.0);
    EXPECT_DOUBLE_EQ(m.bytes_per_synapse, 14679533.0 / 2988807.0);  // 4.91 B
    EXPECT_DOUBLE_EQ(m.bytes_per_neuron, (18453893.0 - 14679533.0) / 7718.0);
    EXPECT_DOUBLE_EQ(m.state_bytes_per_neuron, 277848.0 / 7718.0);
    EXPECT_DOUBLE_EQ(m.steps_per_s, 1e4);
    // Thread-seconds summed over both threads, per update and per event.
    EXPECT_NEAR(m.s_per_neuron_update, (0.9113212950000001 + 0.9426444120000023) / 77180000.0,
                1e-15);
    EXPECT_NEAR(m.s_per_synaptic_event, (0.0900369600000007 + 0.10655670399999943) / 8205176.0,
                1e-15);
}

TEST(Calibration, CalibratedPlanUsesMeasuredBytesAndSaysSo) {
    plan_request r;  // human, LIF with exponential current synapses, on H100
    r.calibrate = profile.string();
    const plan_inputs in = resolve_plan(r).inputs;
    ASSERT_TRUE(in.measured.has_value());
    EXPECT_EQ(in.overhead_factor, 1.0);
    const plan_result p = compute_plan(in);
    const measured_profile& m = *in.measured;
    EXPECT_DOUBLE_EQ(p.axis(axis_kind::memory).demand_total,
                     8.6e10 * m.bytes_per_neuron + 6.02e14 * m.bytes_per_synapse);
    ASSERT_TRUE(p.measured_core_s_per_s.has_value());
    EXPECT_DOUBLE_EQ(*p.measured_core_s_per_s, 8.6e10 * 1e4 * m.s_per_neuron_update +
                                                   6.02e14 * 10.0 * m.s_per_synaptic_event);
    // --set still has the last word.
    r.sets = {"bytes_per_synapse=4"};
    EXPECT_EQ(resolve_plan(r).inputs.synapse.bytes_per_synapse, 4.0);
}

// The numbers docs/planner.md shows: devices a human-scale LIF emulation needs on H100s for its
// memory, with the literature defaults (8 B per synapse, 16 B per neuron, x2 overhead) and with
// brainemu's measured bytes (4.91 B per synapse, 489 B per neuron, everything resident).
TEST(Calibration, LiteratureVersusMeasuredDevicesForHumanLif) {
    plan_request literature;
    const plan_result lit = compute_plan(resolve_plan(literature).inputs);
    plan_request measured;
    measured.calibrate = profile.string();
    const plan_result mes = compute_plan(resolve_plan(measured).inputs);
    EXPECT_EQ(lit.axis(axis_kind::memory).devices_needed,
              std::ceil(2.0 * (16.0 * 8.6e10 + 8.0 * 6.02e14) / 80e9));
    EXPECT_EQ(lit.axis(axis_kind::memory).devices_needed, 120435.0);
    EXPECT_EQ(mes.axis(axis_kind::memory).devices_needed, 37485.0);
    EXPECT_EQ(lit.devices, 120435.0);
    EXPECT_EQ(lit.binding, axis_kind::memory);
    // Measured bytes are dense enough that the scale-out NIC, not memory, sets the count.
    EXPECT_EQ(mes.binding, axis_kind::scale_out);
    EXPECT_EQ(mes.devices, mes.axis(axis_kind::scale_out).devices_needed);
    EXPECT_EQ(mes.devices, 96929.0);
}

TEST(Calibration, BadProfilesNameTheFileAndField) {
    try {
        // Every profile.json's fields, without the CPU engine's that calibration needs.
        (void)read_profile(write_temp("brainemu_profile_missing.json",
                                      R"({"network": "x", "neurons": 10, "synapses": 100,
                                          "dt_ms": 0.1, "simulated_ms": 100.0, "build_s": 0.5,
                                          "wall_s": 1.0, "rtf": 10.0, "spikes": 3,
                                          "events_per_s": 30.0})"));
        FAIL() << "expected input_error";
    } catch (const input_error& e) {
        EXPECT_EQ(e.where().field, "bytes_resident.synapses");
        EXPECT_NE(e.where().path.find("brainemu_profile_missing.json"), std::string::npos);
    }
    EXPECT_THROW((void)read_profile(write_temp("brainemu_profile_bad.json", "{not json")),
                 input_error);
    EXPECT_THROW((void)read_profile("/nonexistent/profile.json"), input_error);
    try {
        (void)read_profile(
            write_temp("brainemu_profile_negative.json", R"({"network": "x", "neurons": -5})"));
        FAIL() << "expected input_error";
    } catch (const input_error& e) {
        EXPECT_EQ(e.where().field, "neurons");
    }
}

}  // namespace
}  // namespace brainemu::plan
