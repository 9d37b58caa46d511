#include "engine/simulation.hpp"

#include <memory>

#include <gtest/gtest.h>

#include "core/input_error.hpp"
#include "core/random_stream.hpp"
#include "engine/delivery.hpp"
#include "engine/memory_sink.hpp"
#include "network/brunel.hpp"
#include "network/edge_list.hpp"
#include "network/microcircuit.hpp"

namespace brainemu {
namespace {

lif_psc_delta::params delta_params() {
    lif_psc_delta::params p;
    p.tau_m_ms = 20.0;
    p.e_l_mV = 0.0;
    p.v_reset_mV = 10.0;
    p.v_th_mV = 20.0;
    p.t_ref_ms = 2.0;
    return p;
}

// A spike emitted in step t along a delay of d steps is input in step t + d (design.md).
TEST(simulation, spike_arrives_after_exactly_its_delay) {
    edge_list e;
    e.source = {0};
    e.target = {1};
    e.weight = {30.0f};  // enough to fire neuron 1 in the step it arrives (delta synapse)
    e.delay_steps = {7};
    network net = build_from_edges(2, e, split_blocks(2, 2));
    const std::vector<model_assignment> models{{{0, 2}, delta_params(), {}}};
    stimulus kick;
    kick.targets = {0};
    kick.what = spike_times_stimulus{{{0, 0.3}}, 25.0, receptor_kind::synapse};  // step 3
    local_communicator comm;
    simulation sim(std::move(net), models, {kick}, {}, comm);
    testing::memory_spike_sink sink;
    sim.run(100, &sink, nullptr);
    ASSERT_EQ(sink.spikes.size(), 2u);
    EXPECT_EQ(sink.spikes[0], (spike_record{3, 0}));
    EXPECT_EQ(sink.spikes[1], (spike_record{10, 1}));
    EXPECT_EQ(sim.interval_steps(), 7u);
    EXPECT_EQ(sim.stats().synaptic_events, 1u);
}

TEST(simulation, inputs_sum_in_fixed_point_whatever_their_order) {
    // 1,000 inputs of 0.1 mV to one neuron in the same step sum to exactly 100 x 0.1 in fixed
    // point, however the blocks and threads order them.
    edge_list e;
    for (std::uint32_t s = 0; s < 1000; ++s) {
        e.source.push_back(s);
        e.target.push_back(1000);
        e.weight.push_back(s % 2 == 0 ? 0.1f : -0.1f);
        e.delay_steps.push_back(1);
    }
    network net = build_from_edges(1001, e, split_blocks(1001, 3));
    auto p = delta_params();
    p.tau_m_ms = 1e9;  // no leak during the test
    const std::vector<model_assignment> models{{{0, 1001}, p, {}}};
    stimulus all;
    all.targets.resize(1000);
    for (std::uint32_t i = 0; i < 1000; ++i) {
        all.targets[i] = i;
    }
    all.what = spike_times_stimulus{{}, 25.0, receptor_kind::synapse};
    for (std::uint32_t i = 0; i < 1000; ++i) {
        std::get<spike_times_stimulus>(all.what).events.emplace_back(i, 0.0);
    }
    local_communicator comm;
    simulation sim(std::move(net), models, {all}, {}, comm);
    sim.run(3, nullptr, nullptr);
    EXPECT_DOUBLE_EQ(sim.voltage(1000), 0.0);  // +0.1 x 500 - 0.1 x 500, exactly
    EXPECT_EQ(sim.stats().spikes, 1000u);
}

// A Brunel network of n_e + n_i delta-synapse neurons with its Poisson drive, in `threads`
// blocks: the workhorse of the engine tests.
std::unique_ptr<simulation> small_brunel(unsigned threads, std::uint64_t seed, std::uint32_t n_e,
                                         simulation_config cfg, local_communicator& comm) {
    brunel_params bp;
    bp.n_e = n_e;
    bp.n_i = n_e / 4;
    const std::uint32_t n = bp.n_e + bp.n_i;
    network net = build_brunel(bp, seed, 0.1, split_blocks(n, threads));
    voltage_init vi;
    vi.low_mV = 10.0;
    vi.high_mV = 20.0;
    const std::vector<model_assignment> models{{{0, n}, delta_params(), vi}};
    stimulus drive;
    for (std::uint32_t i = 0; i < n; ++i) {
        drive.targets.push_back(i);
    }
    drive.what = poisson_stimulus{bp.external_rate_hz(), bp.j_mV, receptor_kind::synapse};
    cfg.seed = seed;
    return std::make_unique<simulation>(std::move(net), models, std::vector<stimulus>{drive}, cfg,
                                        comm);
}

std::vector<spike_record> brunel_spikes(unsigned threads, std::uint64_t seed,
                                        bool reference = false) {
    local_communicator comm;
    simulation_config cfg;
    cfg.reference_paths = reference;
    auto sim = small_brunel(threads, seed, 2000, cfg, comm);
    testing::memory_spike_sink sink;
    sim->run(2000, &sink, nullptr);
    return sink.spikes;
}

TEST(simulation, spikes_are_identical_for_any_thread_count) {
    const auto one = brunel_spikes(1, 5);
    ASSERT_GT(one.size(), 1000u);
    EXPECT_EQ(brunel_spikes(2, 5), one);
    EXPECT_EQ(brunel_spikes(3, 5), one);
    EXPECT_EQ(brunel_spikes(4, 5), one);
    EXPECT_NE(brunel_spikes(2, 6), one);  // and the seed matters
}

// The specialised delivery (runs of delays, 16-bit scaled weights, one channel for equal
// synaptic time constants) against the straightforward one: bit-identical spikes.
std::vector<spike_record> microcircuit_spikes(unsigned threads, bool reference) {
    const microcircuit_params mp{0.05, 0.05};
    std::uint32_t n = 0;
    for (const auto& s : microcircuit_setup(mp)) {
        n += s.size;
    }
    network net = build_microcircuit(mp, 3, 0.1, split_blocks(n, threads));
    lif_psc_exp::params p;
    p.tau_m_ms = 10.0;
    p.tau_syn_ex_ms = p.tau_syn_in_ms = 0.5;
    p.e_l_mV = p.v_reset_mV = -65.0;
    p.v_th_mV = -50.0;
    std::vector<model_assignment> models;
    std::vector<stimulus> drive;
    const auto setup = microcircuit_setup(mp);
    for (std::size_t k = 0; k < net.populations.size(); ++k) {
        voltage_init vi;
        vi.mean_mV = setup[k].v0_mean_mV;
        vi.sd_mV = setup[k].v0_sd_mV;
        models.push_back({net.populations[k].range, p, vi});
        stimulus st;
        for (neuron_id i = net.populations[k].range.first; i < net.populations[k].range.last; ++i) {
            st.targets.push_back(i);
        }
        st.what = poisson_stimulus{setup[k].poisson_rate_hz, setup[k].poisson_weight_pA,
                                   receptor_kind::synapse};
        drive.push_back(std::move(st));
    }
    local_communicator comm;
    simulation_config cfg;
    cfg.reference_paths = reference;
    simulation sim(std::move(net), models, std::move(drive), cfg, comm);
    testing::memory_spike_sink sink;
    sim.run(6000, &sink, nullptr);
    return sink.spikes;
}

TEST(simulation, specialised_delivery_matches_the_reference_path_bit_for_bit) {
    const auto reference = microcircuit_spikes(1, true);
    ASSERT_GT(reference.size(), 300u);
    EXPECT_EQ(microcircuit_spikes(1, false), reference);
    EXPECT_EQ(microcircuit_spikes(3, false), reference);
    EXPECT_EQ(brunel_spikes(2, 5, true), brunel_spikes(2, 5, false));
}

// Delays too varied for runs (a delay per synapse, delivered immediately into the ring) give
// the same spikes as the reference path too.
TEST(simulation, per_synapse_delays_match_the_reference_path) {
    auto run = [](bool reference) {
        const std::uint32_t n = 2000;
        edge_list e;
        random_stream rs(21, 1, 0, 0);
        for (std::uint32_t t = 0; t < n; ++t) {
            for (int j = 0; j < 40; ++j) {
                e.source.push_back(rs.below(n));
                e.target.push_back(t);
                e.weight.push_back(rs.below(5) == 0 ? -1.5f : 0.4f);
                e.delay_steps.push_back(static_cast<std::uint16_t>(1 + rs.below(200)));
            }
        }
        network net = build_from_edges(n, e, split_blocks(n, 2));
        EXPECT_EQ(net.synapses.blocks[0].delays, delay_kind::u8);
        voltage_init vi;
        vi.low_mV = 10.0;
        vi.high_mV = 20.0;
        const std::vector<model_assignment> models{{{0, n}, delta_params(), vi}};
        stimulus drive;
        for (std::uint32_t i = 0; i < n; ++i) {
            drive.targets.push_back(i);
        }
        drive.what = poisson_stimulus{20000.0, 0.1, receptor_kind::synapse};
        local_communicator comm;
        simulation_config cfg;
        cfg.reference_paths = reference;
        simulation sim(std::move(net), models, {drive}, cfg, comm);
        testing::memory_spike_sink sink;
        sim.run(3000, &sink, nullptr);
        return sink.spikes;
    };
    const auto reference = run(true);
    ASSERT_GT(reference.size(), 1000u);
    EXPECT_EQ(run(false), reference);
}

// A sink that fails part way: every thread must stop, and run() must throw, not hang.
struct failing_sink final : spike_sink {
    int calls = 0;
    void write(std::span<const spike_record>) override {
        if (++calls == 5) {
            throw resource_error("disk full");
        }
    }
};

TEST(simulation, a_failing_sink_stops_every_thread) {
    for (unsigned threads : {1u, 2u, 3u}) {
        local_communicator comm;
        auto sim = small_brunel(threads, 1, 800, {}, comm);
        failing_sink sink;
        EXPECT_THROW(sim->run(5000, &sink, nullptr), resource_error) << threads << " threads";
    }
}

// Voltages recorded with several threads equal those with one (frames are double-buffered
// while thread 0 writes the previous interval's).
TEST(simulation, voltages_are_the_same_for_any_thread_count) {
    auto record = [](unsigned threads) {
        local_communicator comm;
        simulation_config cfg;
        cfg.record_voltages = {0, 333, 500, 999};
        cfg.voltage_every_steps = 1;
        auto sim = small_brunel(threads, 2, 800, cfg, comm);
        testing::memory_sample_sink sink;
        sim->run(3000, nullptr, &sink);
        return sink.rows;
    };
    const auto one = record(1);
    ASSERT_EQ(one.size(), 3000u);
    EXPECT_EQ(record(2), one);
    EXPECT_EQ(record(3), one);
}

// Activity-driven stepping of the fly LIF (skip_resting) against stepping every neuron:
// bit-identical spikes and voltages, for any thread count, with far fewer neuron updates.
struct fly_run {
    std::vector<spike_record> spikes;
    std::vector<std::pair<std::uint32_t, std::vector<float>>> voltages;
    std::uint64_t updates;
};

fly_run run_sparse_fly(unsigned threads, bool skip) {
    const std::uint32_t n = 5000;
    edge_list e;
    random_stream rs(11, 1, 0, 0);
    for (std::uint32_t t = 0; t < n; ++t) {
        for (int j = 0; j < 20; ++j) {
            const std::uint32_t src = rs.below(n);
            e.source.push_back(src);
            e.target.push_back(t);
            const auto count = static_cast<float>(1 + rs.below(6));
            e.weight.push_back((src % 5 < 2 ? -1.0f : 1.0f) * count * 0.275f * 4.0f);
            e.delay_steps.push_back(18);
        }
    }
    network net = build_from_edges(n, e, split_blocks(n, threads));
    const std::vector<model_assignment> models{{{0, n}, fly_lif::params{}, {}}};
    stimulus drive;
    for (std::uint32_t i = 0; i < 21; ++i) {
        drive.targets.push_back(i * 37);
    }
    drive.what = poisson_stimulus{200.0, 68.75, receptor_kind::voltage};
    drive.refractory_ms = 0.0;
    local_communicator comm;
    simulation_config cfg;
    cfg.skip_resting = skip;
    cfg.record_voltages = {0, 37, 1234, 4999};
    cfg.voltage_every_steps = 1;
    simulation sim(std::move(net), models, {drive}, cfg, comm);
    testing::memory_spike_sink spikes;
    testing::memory_sample_sink voltages;
    sim.run(5000, &spikes, &voltages);
    return {spikes.spikes, voltages.rows, sim.stats().neuron_updates};
}

TEST(simulation, skipping_neurons_at_rest_changes_no_bit) {
    const fly_run dense = run_sparse_fly(1, false);
    ASSERT_GT(dense.spikes.size(), 2000u);
    for (unsigned threads : {1u, 2u, 3u}) {
        const fly_run sparse = run_sparse_fly(threads, true);
        EXPECT_EQ(sparse.spikes, dense.spikes) << threads << " threads";
        EXPECT_EQ(sparse.voltages, dense.voltages) << threads << " threads";
        EXPECT_LT(sparse.updates * 2, dense.updates) << threads << " threads";
    }
}

TEST(simulation, memory_and_work_are_counted) {
    edge_list e;
    e.source = {0, 1};
    e.target = {1, 0};
    e.weight = {1.0f, 1.0f};
    e.delay_steps = {2, 2};
    network net = build_from_edges(2, e, split_blocks(2, 1));
    const std::vector<model_assignment> models{{{0, 2}, delta_params(), {}}};
    local_communicator comm;
    simulation sim(std::move(net), models, {}, {}, comm);
    sim.run(50, nullptr, nullptr);
    const resident_bytes m = sim.memory();
    // targets 2 x 2, row offsets {0, 1, 2} coded in unary (5 bits in a word plus the pad word,
    // one 4-byte sample; grouped they would take 17 + 2 x 8), one-entry table 4 + indices
    // 2 x 1, delivery table 8 + 1
    EXPECT_EQ(m.synapses, 2u * 2u + (2u * 8u + 4u) + 4u + 2u + 8u + 1u);
    // 2 slots x 1 channel x 2 neurons x 8 B, plus the (empty) deferred-range list per slot.
    EXPECT_EQ(m.ring_buffers, 2u * 1u * 2u * 8u + 2u * sizeof(std::vector<deferred_range>));
    EXPECT_EQ(sim.stats().neuron_updates, 100u);
    EXPECT_EQ(sim.stats().steps, 50u);
    // After a warm-up, counts start again.
    sim.reset_counters();
    sim.run(30, nullptr, nullptr);
    EXPECT_EQ(sim.stats().steps, 30u);
    EXPECT_EQ(sim.stats().neuron_updates, 60u);
    EXPECT_EQ(sim.step(), 80u);
}

}  // namespace
}  // namespace brainemu
