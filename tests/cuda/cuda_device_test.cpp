// The CUDA engine on a device against the CPU engine: the same spikes, bit for bit. Every test
// skips, saying why, where the CUDA runtime sees no device (CI, and builds without nvcc).

#include <gtest/gtest.h>

#include "backends/cuda/cuda_engine.hpp"
#include "backends/cuda/emulated_device.hpp"
#include "core/input_error.hpp"
#include "identity_cases.hpp"

namespace brainemu {
namespace {

using testing::identity_case;

#define SKIP_WITHOUT_DEVICE()                                                         \
    do {                                                                              \
        const cuda::cuda_status s = cuda::cuda_devices();                             \
        if (s.devices == 0) {                                                         \
            GTEST_SKIP() << "no CUDA device, GPU test skipped (" << s.message << ")"; \
        }                                                                             \
    } while (false)

void expect_identical_on_gpu(const identity_case& c, std::vector<std::uint64_t> seeds,
                             const cuda::cuda_options& opt = {}) {
    auto gpu = cuda::make_cuda_engine(testing::lower(c, seeds), opt);
    const auto got = testing::device_spikes(*gpu, c.steps);
    ASSERT_EQ(got.size(), seeds.size());
    for (std::size_t t = 0; t < seeds.size(); ++t) {
        const auto cpu = testing::cpu_run(c, seeds[t]);
        const auto& want = cpu.spikes;
        EXPECT_EQ(testing::voltage_mismatches(*gpu, static_cast<std::uint32_t>(t), cpu.v), 0u)
            << c.name << ", trial " << t << ": final voltages differ";
        EXPECT_GE(want.size(), 100u) << c.name << ": too few spikes to show anything";
        EXPECT_EQ(got[t].size(), want.size()) << c.name << ", trial " << t;
        EXPECT_TRUE(got[t] == want) << c.name << ", trial " << t << ": spikes differ";
    }
}

TEST(cuda_device, reports_a_missing_device_clearly) {
    const cuda::cuda_status s = cuda::cuda_devices();
    if (s.devices > 0) {
        GTEST_SKIP() << "a device is present: " << s.message;
    }
    try {
        (void)cuda::make_cuda_engine(testing::lower(testing::brunel_case(100, 1, 10), {1}));
        ADD_FAILURE() << "an engine without a device";
    } catch (const resource_error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("--backend cuda"), std::string::npos) << m;
        EXPECT_TRUE(m.find("no CUDA device found") != std::string::npos ||
                    m.find("built without CUDA") != std::string::npos)
            << m;
    }
}

TEST(cuda_device, brunel_matches_the_cpu_engine) {
    SKIP_WITHOUT_DEVICE();
    expect_identical_on_gpu(testing::brunel_case(2000, 2, 1500), {5, 6, 7});
}

TEST(cuda_device, microcircuit_matches_the_cpu_engine) {
    SKIP_WITHOUT_DEVICE();
    expect_identical_on_gpu(testing::microcircuit_case(0.05, 4, "poisson", false, 2000), {3});
    expect_identical_on_gpu(testing::microcircuit_case(0.05, 4, "dc", true, 2000), {3, 4});
    expect_identical_on_gpu(testing::microcircuit_case(0.05, 4, "both", false, 2000), {5});
}

TEST(cuda_device, fly_surrogate_matches_the_cpu_engine) {
    SKIP_WITHOUT_DEVICE();
    for (bool skip : {false, true}) {
        expect_identical_on_gpu(testing::fly_case(20000, 60, 200.0, 8, skip, 3000), {1000, 1001});
    }
}

TEST(cuda_device, per_synapse_delays_and_voltage_input_match) {
    SKIP_WITHOUT_DEVICE();
    expect_identical_on_gpu(testing::edge_case(4, 1000), {21, 22});
}

TEST(cuda_device, one_interval_per_launch_gives_the_same_spikes) {
    SKIP_WITHOUT_DEVICE();
    cuda::cuda_options small;
    small.spike_buffer_bytes = 1;  // one interval per launch
    small.blocks_per_sm = 1;
    expect_identical_on_gpu(testing::brunel_case(2000, 1, 900), {9}, small);
    expect_identical_on_gpu(testing::microcircuit_case(0.05, 1, "dc", false, 500), {9}, small);
}

TEST(cuda_device, full_size_fly_surrogate_matches_the_cpu_engine) {
    SKIP_WITHOUT_DEVICE();
    // 138,639 neurons, 15 million pairs; 2 trials of 0.3 s against the CPU engine's
    // activity-driven runs.
    const auto c = testing::fly_case(138639, 21, 200.0, 16, true, 3000);
    expect_identical_on_gpu(c, {1000, 1001});
}

TEST(cuda_device, voltages_match_the_cpu_engine_after_a_run) {
    SKIP_WITHOUT_DEVICE();
    const auto c = testing::microcircuit_case(0.05, 2, "dc", true, 500);
    auto gpu = cuda::make_cuda_engine(testing::lower(c, {3}));
    gpu->run(c.steps);
    local_communicator comm;
    simulation_config cfg;
    cfg.seed = 3;
    simulation sim(c.net, c.models, c.stimuli, cfg, comm);
    sim.run(c.steps, nullptr, nullptr);
    for (std::uint32_t i = 0; i < c.net->size; i += 97) {
        ASSERT_EQ(gpu->voltage(0, i), sim.voltage(i)) << "neuron " << i;
    }
}

}  // namespace
}  // namespace brainemu
