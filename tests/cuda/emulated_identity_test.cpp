// The GPU engine's arithmetic, run by its host emulation (the kernels' step and delivery
// functions in a loop), against the CPU engine: the same spikes, bit for bit. No GPU needed.

#include <gtest/gtest.h>

#include "backends/cuda/emulated_device.hpp"
#include "core/input_error.hpp"
#include "identity_cases.hpp"

namespace brainemu {
namespace {

using testing::identity_case;

// Trials batched in one engine: trial t runs with seeds[t], each equal to a CPU run.
void expect_identical(const identity_case& c, std::vector<std::uint64_t> seeds,
                      std::size_t at_least = 100) {
    cuda::emulated_device dev(testing::lower(c, seeds));
    const auto got = testing::device_spikes(dev, c.steps);
    ASSERT_EQ(got.size(), seeds.size());
    for (std::size_t t = 0; t < seeds.size(); ++t) {
        const auto cpu = testing::cpu_run(c, seeds[t]);
        const auto& want = cpu.spikes;
        EXPECT_EQ(testing::voltage_mismatches(dev, static_cast<std::uint32_t>(t), cpu.v), 0u)
            << c.name << ", trial " << t << ": final voltages differ";
        EXPECT_GE(want.size(), at_least) << c.name << ": too few spikes to show anything";
        EXPECT_EQ(got[t].size(), want.size()) << c.name << ", trial " << t;
        EXPECT_TRUE(got[t] == want) << c.name << ", trial " << t << ": spikes differ";
    }
}

TEST(cuda_emulated, brunel_matches_the_cpu_engine) {
    expect_identical(testing::brunel_case(2000, 1, 1500), {5, 6});
}

TEST(cuda_emulated, brunel_matches_for_any_cpu_thread_count) {
    // The CPU engine's spikes do not depend on its threads; the device's layout has none.
    expect_identical(testing::brunel_case(2000, 3, 800), {11});
}

TEST(cuda_emulated, microcircuit_poisson_matches_the_cpu_engine) {
    expect_identical(testing::microcircuit_case(0.05, 1, "poisson", false, 4000), {3});
}

TEST(cuda_emulated, microcircuit_dc_and_two_channels_match_the_cpu_engine) {
    expect_identical(testing::microcircuit_case(0.03, 2, "dc", true, 1000), {3, 4});
    expect_identical(testing::microcircuit_case(0.03, 1, "both", false, 1000), {3});
}

TEST(cuda_emulated, fly_surrogate_matches_dense_and_activity_driven_cpu_runs) {
    // The CPU engine steps everyone (skip_resting off) or only neurons not at rest (on); the
    // device skips sleeping neurons when skip_resting is on. All give the same spikes.
    for (bool skip : {false, true}) {
        auto c = testing::fly_case(8000, 40, 200.0, 2, skip, 2000);
        expect_identical(c, {1000, 1001, 1002});
        // Also against the CPU's other mode.
        auto other = c;
        other.config.skip_resting = !skip;
        cuda::emulated_device dev(testing::lower(c, {1000}));
        EXPECT_EQ(testing::device_spikes(dev, c.steps)[0], testing::cpu_spikes(other, 1000));
    }
}

TEST(cuda_emulated, per_synapse_delays_voltage_input_and_two_groups_match) {
    expect_identical(testing::edge_case(2, 600), {21, 22});
}

// Every model the GPU engine runs (those of models/model_list.hpp with a one-neuron step, so
// a model added to the list is tested here with no edit): the microcircuit's wiring and drive
// (DC and Poisson, two ring channels) on the model's own defaults, with voltages drawn
// around each model's threshold so that every model fires from the first steps.
template <class M>
void expect_model_identical() {
    auto c = testing::microcircuit_case(0.03, 2, "both", true, 600);
    c.name = std::string(M::name) + " on the microcircuit";
    for (model_assignment& a : c.models) {
        const typename M::params p{};
        a.params = p;
        a.v_init = voltage_init{};
        a.v_init.low_mV = M::rest_mV(p) - 5.0;
        a.v_init.high_mV = M::rest_mV(p) + 20.0;
    }
    expect_identical(c, {7, 8}, 50);
}

TEST(cuda_emulated, every_gpu_model_matches_the_cpu_engine) {
    cuda::gpu_models::for_each([](auto m) {
        SCOPED_TRACE(decltype(m)::name);
        expect_model_identical<decltype(m)>();
    });
}

TEST(cuda_emulated, runs_in_pieces_as_in_one_go) {
    // Warm-up then measured run: intervals restart where the last run stopped, as in the CPU
    // engine; the spikes are the same as one long run.
    const auto c = testing::brunel_case(1000, 1, 700);
    cuda::emulated_device one(testing::lower(c, {8}));
    const auto whole = testing::device_spikes(one, 700)[0];
    cuda::emulated_device two(testing::lower(c, {8}));
    auto first = testing::device_spikes(two, 333)[0];
    two.reset_counters();
    const auto rest = testing::device_spikes(two, 367)[0];
    EXPECT_EQ(two.stats().steps, 367u);
    EXPECT_EQ(two.stats().spikes, rest.size());
    first.insert(first.end(), rest.begin(), rest.end());
    EXPECT_EQ(first, whole);
    ASSERT_GT(whole.size(), 50u);
}

TEST(cuda_emulated, voltages_match_the_cpu_engine_after_a_run) {
    const auto c = testing::microcircuit_case(0.02, 1, "poisson", true, 300);
    cuda::emulated_device dev(testing::lower(c, {3}));
    dev.run(c.steps);
    local_communicator comm;
    simulation_config cfg;
    cfg.seed = 3;
    simulation sim(c.net, c.models, c.stimuli, cfg, comm);
    sim.run(c.steps, nullptr, nullptr);
    for (std::uint32_t i = 0; i < c.net->size; i += 7) {
        ASSERT_EQ(dev.voltage(0, i), sim.voltage(i)) << "neuron " << i;
    }
}

TEST(cuda_emulated, lowering_matches_the_cpu_engines_choices) {
    const auto c = testing::brunel_case(1000, 1, 10);
    const auto p = testing::lower(c, {1});
    local_communicator comm;
    simulation sim(c.net, c.models, c.stimuli, {}, comm);
    EXPECT_EQ(p->interval, sim.interval_steps());  // D_min = 15 steps
    EXPECT_EQ(p->interval, 15u);
    EXPECT_EQ(p->synapses(), c.net->synapses.count());
    EXPECT_EQ(p->slots, c.net->synapses.max_delay());
}

// What the GPU engine does not run is refused before anything runs, naming the option.
TEST(cuda_emulated, refuses_what_it_does_not_support) {
    auto expect_refused = [](const testing::identity_case& c, const std::string& words) {
        try {
            (void)testing::lower(c, {1});
            ADD_FAILURE() << "accepted: " << words;
        } catch (const input_error& e) {
            EXPECT_NE(std::string(e.what()).find("--backend cuda"), std::string::npos);
            EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
        }
    };
    auto c = testing::brunel_case(200, 1, 10);
    c.models[0].params = izhikevich::params{};
    expect_refused(c, "izhikevich");

    c = testing::brunel_case(200, 1, 10);
    stimulus kick;
    kick.targets = {0};
    kick.what = spike_times_stimulus{{{0, 0.3}}, 25.0, receptor_kind::synapse};
    c.stimuli.push_back(kick);
    expect_refused(c, "spike-time");

    c = testing::brunel_case(200, 1, 10);
    std::get<poisson_stimulus>(c.stimuli[0].what).rate_hz = 400000.0;  // 40 per step
    expect_refused(c, "30 or more");

    c = testing::brunel_case(200, 1, 10);
    c.config.record_voltages = {1};
    expect_refused(c, "voltages");
}

}  // namespace
}  // namespace brainemu
