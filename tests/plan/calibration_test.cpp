// Calibration from a real brainemu profile.json: the microcircuit at scale 0.1 (7,718 neurons,
// 2,988,807 synapses, 1 s, 2 threads), produced at commit a2a9095 by
// `build/release/brainemu run examples/microcircuit.toml --out /tmp/mc` on a 2-core machine.

#include "plan/calibration.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "core/input_error.hpp"
#include "plan/plan.hpp"
#include "plan/plan_json.hpp"
#include "plan/plan_request.hpp"
#include "plan/plan_text.hpp"

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

// A file of the repository's bench/results.
std::filesystem::path bench_result(const char* name) {
    return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "bench" /
           "results" / name;
}

// On a CPU node the compute axis counts the run's measured core-seconds: each of its 192 cores
// taken to do what a core of the profiled machine did.
TEST(Calibration, OnACpuNodeMeasuredTimeIsTheComputeAxis) {
    plan_request r;
    r.calibrate = profile.string();
    r.device = "cpu-node";
    const plan_inputs in = resolve_plan(r).inputs;
    const plan_result p = compute_plan(in);
    ASSERT_TRUE(p.compute_in_measured_time);
    const double core_s = measured_core_s_per_s(*in.measured, in);
    EXPECT_DOUBLE_EQ(p.axis(axis_kind::compute).demand_total, core_s);
    EXPECT_EQ(p.axis(axis_kind::compute).supply_per_device, 192.0);
    EXPECT_EQ(p.axis(axis_kind::compute).devices_needed, std::ceil(core_s / 192.0));
    EXPECT_EQ(unit_of(p, axis_kind::compute), "core-s/s");
    EXPECT_TRUE(binding_by_precision(in).empty());
    // An accelerator has no cores to count: FLOP as before.
    r.device = "h100";
    EXPECT_FALSE(compute_plan(resolve_plan(r).inputs).compute_in_measured_time);
}

// A partitioned run's books: the microcircuit at scale 0.1 for 200 ms in 16 METIS parts
// (`brainemu run examples/microcircuit.toml --set network.scale=0.1 --duration-ms 200
// --virtual-parts 16 --method metis`, commit 9a053eb): 470,128 bytes in 58,766 messages, 8 B
// each; 2,710,361 of 2,988,807 synapses have their source in another part (0.907) at
// 7,718 / 16 = 482.4 neurons per part; 3,948 spikes, 14.9 messages per spike.
TEST(Calibration, APartitionedRunGivesItsMessageSizeAndCut) {
    const auto path = std::filesystem::path(__FILE__).parent_path() / "data" /
                      "microcircuit_16_metis_profile.json";
    const measured_profile m = read_profile(path);
    ASSERT_TRUE(m.bytes_per_message && m.cut_fraction && m.messages_per_spike);
    EXPECT_DOUBLE_EQ(*m.bytes_per_message, 8.0);
    EXPECT_DOUBLE_EQ(*m.cut_fraction, 2710361.0 / 2988807.0);
    EXPECT_DOUBLE_EQ(m.cut_neurons_per_part, 7718.0 / 16.0);
    EXPECT_DOUBLE_EQ(*m.messages_per_spike, 58766.0 / 3948.0);
    EXPECT_EQ(m.cut_method, "metis, 16 parts");

    // The plan uses them in place of Freeman's 4 B and the locality model's fraction, and
    // says where the fraction was measured.
    plan_request r;
    r.calibrate = path.string();
    const plan_inputs in = resolve_plan(r).inputs;
    EXPECT_DOUBLE_EQ(in.locality.bytes_per_spike_message, 8.0);
    EXPECT_FALSE(in.locality.per_synapse_messages);
    EXPECT_DOUBLE_EQ(in.locality.cross_fraction, 2710361.0 / 2988807.0);
    const plan_result result = compute_plan(in);
    EXPECT_DOUBLE_EQ(result.traffic.cross_fraction, 2710361.0 / 2988807.0);
    EXPECT_NE(plan_text(in, result).find("measured cut: 90.7% of synapses cross at 482.4"),
              std::string::npos);
    EXPECT_DOUBLE_EQ(plan_json(in, result)["calibration"]["bytes_per_message"].get<double>(), 8.0);
    // A measured curve has the last word over the single measured point.
    r.locality_cuts = bench_result("partition_cuts.json").string();
    EXPECT_TRUE(std::isnan(resolve_plan(r).inputs.locality.cross_fraction));
}

// A dry run's profile: one rank of 100,000 of a 10^9-neuron cortex sheet, 1 s (written by
// `brainemu run examples/cortex_sheet.toml ... --dry-run-rank 4321 --dry-run-ranks 100000`,
// docs/scaling.md). Its figures are the rank's, measured at the network's size.
TEST(Calibration, ADryRunSaysWhereItWasMeasured) {
    const measured_profile m = read_profile(bench_result("dry_run_rank_1e9.json"));
    EXPECT_EQ(m.neurons, 1e4);
    EXPECT_EQ(m.synapses, 1e7);
    EXPECT_EQ(m.network_neurons, 1e9);
    EXPECT_EQ(m.ranks, 1e5);
    EXPECT_DOUBLE_EQ(m.bytes_per_synapse, 43303525.0 / 1e7);
    ASSERT_TRUE(m.bytes_received_per_s.has_value());
    EXPECT_DOUBLE_EQ(*m.bytes_received_per_s, 1801835936.0);  // over 1 s simulated
    ASSERT_TRUE(m.messages_per_spike.has_value());
    EXPECT_DOUBLE_EQ(*m.messages_per_spike, 225229492.0 / 430313.0);
    // A human on 86,000 devices: 86x the measured network, 10^6 neurons per device (100x).
    const extrapolation x = extrapolation_of(m, 8.6e10, 86000.0);
    EXPECT_DOUBLE_EQ(x.network_factor, 86.0);
    EXPECT_DOUBLE_EQ(x.per_device_factor, 100.0);
}

// One rank of 8,600,000 of a human-sized (8.6e10-neuron) sheet, ids above 2^32
// (bench/results/dry_run_rank_human.json): a human plan no longer extrapolates in network size.
TEST(Calibration, AHumanSizedDryRunIsMeasuredAtTheHumansSize) {
    const measured_profile m = read_profile(bench_result("dry_run_rank_human.json"));
    EXPECT_EQ(m.neurons, 1e4);
    EXPECT_EQ(m.synapses, 1e7);
    EXPECT_EQ(m.network_neurons, 8.6e10);
    EXPECT_EQ(m.ranks, 8.6e6);
    EXPECT_DOUBLE_EQ(m.bytes_per_synapse, 47721664.0 / 1e7);
    const extrapolation x = extrapolation_of(m, 8.6e10, 86000.0);
    EXPECT_DOUBLE_EQ(x.network_factor, 1.0);
    EXPECT_DOUBLE_EQ(x.per_device_factor, 100.0);
}

// bench/weak_scaling.py's JSON: the point on the largest network, the larger rank on a tie.
TEST(Calibration, WeakScalingTakesTheLargestNetworkMeasured) {
    const std::string point = R"({"ranks": %K%, "rank": 1, "neurons_per_rank": %N%,
        "network_neurons_total": %T%, "synapses_per_rank": %S%, "bytes_per_synapse": 9.5,
        "bytes_resident_engine": %E%, "bytes_resident_state": 200000,
        "s_per_neuron_update": 1e-7, "s_per_synaptic_event": 1.5e-7, "dt_ms": 0.1,
        "threads": 2, "mean_rate_hz": 40, "bytes_received_per_simulated_s": 2e9,
        "messages_per_own_spike": 500})";
    auto make = [&](double k, double n) {
        std::string p = point;
        auto set = [&](const std::string& key, double v) {
            p.replace(p.find(key), key.size(), fmt::format("{}", v));
        };
        set("%K%", k);
        set("%N%", n);
        set("%T%", k * n);
        set("%S%", n * 1000);
        set("%E%", 9.5 * n * 1000 + 5000 * n);
        return p;
    };
    const auto path = write_temp(
        "brainemu_weak.json", R"({"series": [{"points": [)" + make(1, 1e4) + "," + make(1e5, 1e4) +
                                  "]}, {\"points\": [" + make(1e4, 1e5) + "]}]}");
    const measured_profile m = read_profile(path);
    EXPECT_EQ(m.network_neurons, 1e9);
    EXPECT_EQ(m.neurons, 1e5);  // 10^4 ranks of 10^5 beat 10^5 ranks of 10^4
    EXPECT_EQ(m.ranks, 1e4);
    EXPECT_DOUBLE_EQ(m.bytes_per_synapse, 9.5);
    EXPECT_DOUBLE_EQ(m.bytes_per_neuron, 5000.0);
    EXPECT_DOUBLE_EQ(m.steps_per_s, 1e4);
    EXPECT_EQ(*m.messages_per_spike, 500.0);
    // A point missing what calibration needs is named.
    const auto bad = write_temp("brainemu_weak_bad.json",
                                R"({"series": [{"points": [{"network_neurons_total": 5}]}]})");
    try {
        (void)read_profile(bad);
        FAIL() << "accepted";
    } catch (const input_error& e) {
        EXPECT_NE(std::string(e.what()).find("series[0].points[0].neurons_per_rank"),
                  std::string::npos)
            << e.what();
    }
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
    // The microcircuit is 1.1e7 times smaller than a human: the plan says it extrapolates, and
    // warns past 100x.
    const std::string text = plan_text(in, p);
    EXPECT_NE(text.find("warning: this plan reaches 1.11e7x past the measured network"),
              std::string::npos)
        << text;
    EXPECT_TRUE(plan_json(in, p)["calibration"]["extrapolation"]["warning"].get<bool>());
    plan_request small = r;
    small.organism = "worm";  // 302 neurons, smaller than the measured 7,718
    const plan_inputs worm = resolve_plan(small).inputs;
    EXPECT_EQ(plan_text(worm, compute_plan(worm)).find("warning: this plan reaches"),
              std::string::npos);
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
    EXPECT_EQ(mes.devices, 96513.0);
}

// A biophysical run's cable_profile.json (run/cable_run.cpp; these figures are 9_cells' on the
// development machine): bytes per compartment and per dendritic synapse, and time per
// compartment-step, scaled by the plan's own compartments (mc-hh: 1,000 per neuron).
TEST(Calibration, ABiophysicalRunCalibratesPerCompartment) {
    const auto path = write_temp("cable_profile.json", R"json({"rung": "multi-compartment (cable)",
        "cells": 9, "compartments": 1518, "synapses": 1289, "channel_instances": 90,
        "steps": 30000, "dt_ms": 0.1, "threads": 1, "ranks": 1, "spikes": 78,
        "build_s": 0.05, "step_s": 0.768, "step_core_s": 0.768, "duration_ms": 3000,
        "mean_rate_hz": 2.89, "state_bytes": 350280, "synapse_bytes": 80000,
        "bytes_per_compartment": 178.0, "bytes_per_synapse": 62.06})json");
    const measured_profile m = read_profile(path);
    EXPECT_EQ(m.neurons, 9.0);
    EXPECT_DOUBLE_EQ(m.compartments_per_neuron, 1518.0 / 9.0);
    ASSERT_TRUE(m.s_per_compartment_step.has_value());
    EXPECT_DOUBLE_EQ(*m.s_per_compartment_step, 0.768 / (1518.0 * 30000.0));
    plan_request r;
    r.neuron_model = "mc-hh";
    r.calibrate = path.string();
    const plan_inputs in = resolve_plan(r).inputs;
    EXPECT_EQ(in.neuron.compartments, 1000.0);
    EXPECT_EQ(in.neuron.bytes_per_compartment, 178.0);
    EXPECT_EQ(in.neuron.bytes_per_neuron, 0.0);
    const plan_result p = compute_plan(in);
    EXPECT_DOUBLE_EQ(p.axis(axis_kind::memory).demand_total,
                     8.6e10 * 1000.0 * 178.0 + 6.02e14 * 62.06);
    ASSERT_TRUE(p.measured_core_s_per_s.has_value());
    EXPECT_DOUBLE_EQ(*p.measured_core_s_per_s,
                     8.6e10 * 1000.0 * 1e4 * (0.768 / (1518.0 * 30000.0)));
    // 5_cells_iclamp has no synapses: nothing to say per synapse.
    try {
        (void)read_profile(write_temp("cable_profile_nosyn.json", R"({"rung": "x",
            "cells": 5, "compartments": 718, "synapses": 0, "steps": 40000})"));
        FAIL() << "expected input_error";
    } catch (const input_error& e) {
        EXPECT_EQ(e.where().field, "synapses");
    }
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
