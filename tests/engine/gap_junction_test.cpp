// Gap junctions: I_i = sum_j g_ij (V_j - V_i) from the previous step's voltages.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "engine/memory_sink.hpp"
#include "engine/simulation.hpp"
#include "network/edge_list.hpp"

namespace brainemu {
namespace {

lif_psc_delta::params passive() {
    lif_psc_delta::params p;
    p.c_m_pF = 250.0;
    p.tau_m_ms = 20.0;
    p.e_l_mV = -65.0;
    p.v_reset_mV = -70.0;
    p.v_th_mV = 1e6;  // never fires: the subthreshold dynamics are tested
    p.t_ref_ms = 2.0;
    return p;
}

network coupled_pair(double g_nS, unsigned threads) {
    network net = build_from_edges(2, edge_list{}, split_blocks(2, threads));
    const std::vector<std::uint32_t> a{0}, b{1};
    const std::vector<double> g{g_nS};
    net.gap_junctions = make_gap_junction_table(2, a, b, g);
    return net;
}

// Two coupled passive neurons: the mean relaxes with tau_m, the difference with
// 1/tau = 1/tau_m + 2 g / C. The engine holds each step's coupling current at the previous
// step's voltages (explicit in the coupling, exact in the leak), so it matches the exact
// recurrence of that scheme to round-off and the ODE to O(dt / tau_gap).
TEST(gap_junctions, a_coupled_pair_relaxes_as_the_scheme_and_the_ode_say) {
    const double g = 5.0, dt = 0.1;
    const auto p = passive();
    for (unsigned threads : {1u, 2u}) {
        const std::vector<model_assignment> models{{{0, 1}, p, {-60.0, 0.0}},
                                                   {{1, 2}, p, {-70.0, 0.0}}};
        local_communicator comm;
        simulation_config cfg;
        cfg.dt_ms = dt;
        simulation sim(coupled_pair(g, threads), models, {}, cfg, comm);
        EXPECT_EQ(sim.interval_steps(), 1u);

        // The scheme's own recurrence, written out independently of the engine.
        const double pvv = std::exp(-dt / p.tau_m_ms);
        const double pvi = p.tau_m_ms / p.c_m_pF * (1.0 - pvv);
        double v0 = -60.0, v1 = -70.0;
        for (int s = 1; s <= 400; ++s) {
            sim.run(1, nullptr, nullptr);
            const double i0 = g * (v1 - v0), i1 = g * (v0 - v1);
            v0 = p.e_l_mV + (v0 - p.e_l_mV) * pvv + i0 * pvi;
            v1 = p.e_l_mV + (v1 - p.e_l_mV) * pvv + i1 * pvi;
            ASSERT_NEAR(sim.voltage(0), v0, 1e-11) << "step " << s;
            ASSERT_NEAR(sim.voltage(1), v1, 1e-11) << "step " << s;
        }
        // The ODE at t = 40 ms: the difference decays with tau_diff. The explicit coupling
        // lags by about dt/2, a relative error of dt / (2 tau_gap) = 0.2% per tau: 1% of the
        // difference is a safe bound.
        const double t = 40.0;
        const double tau_diff = 1.0 / (1.0 / p.tau_m_ms + 2.0 * g / p.c_m_pF);
        const double mean = p.e_l_mV + (-65.0 - p.e_l_mV) * std::exp(-t / p.tau_m_ms);
        const double diff = 10.0 * std::exp(-t / tau_diff);
        EXPECT_NEAR(sim.voltage(0), mean + diff / 2, 0.01 * diff);
        EXPECT_NEAR(sim.voltage(1), mean - diff / 2, 0.01 * diff);
    }
}

// A chain of coupled neurons driven at one end fires in a pattern that must not depend on
// how the chain is cut into thread blocks.
TEST(gap_junctions, spikes_are_identical_for_any_thread_count) {
    const std::uint32_t n = 40;
    std::vector<std::uint32_t> a, b;
    std::vector<double> g;
    for (std::uint32_t i = 0; i + 1 < n; ++i) {
        a.push_back(i);
        b.push_back(i + 1);
        g.push_back(40.0 + i % 3);
    }
    edge_list e;  // sparse chemical synapses too
    for (std::uint32_t i = 0; i + 5 < n; i += 3) {
        e.source.push_back(i);
        e.target.push_back(i + 5);
        e.weight.push_back(8.0f);
        e.delay_steps.push_back(15);
    }
    lif_psc_delta::params p = passive();
    p.v_th_mV = -55.0;
    std::vector<spike_record> first;
    for (unsigned threads : {1u, 2u, 3u, 4u}) {
        network net = build_from_edges(n, e, split_blocks(n, threads));
        net.gap_junctions = make_gap_junction_table(n, a, b, g);
        const std::vector<model_assignment> models{{{0, n}, p, {}}};
        stimulus dc;
        dc.targets = {0, 1};
        dc.what = current_stimulus{{0.0}, {4000.0}};
        local_communicator comm;
        simulation sim(std::move(net), models, {dc}, {}, comm);
        testing::memory_spike_sink sink;
        sim.run(3000, &sink, nullptr);
        if (threads == 1) {
            first = sink.spikes;
            // The drive spreads: neurons beyond the driven pair fire through the coupling.
            EXPECT_TRUE(std::any_of(first.begin(), first.end(),
                                    [](const spike_record& r) { return r.neuron >= 3; }));
        } else {
            EXPECT_EQ(sink.spikes, first) << threads << " threads";
        }
    }
}

// A neuron sums its partners' currents in the order of their global ids, whatever their engine
// indices: a permuted layout (METIS, round-robin parts, MPI ranks) adds the same doubles in
// the same order, so voltages stay bit-identical (checkpoints compare them byte for byte).
TEST(gap_junctions, rows_follow_global_ids_in_any_layout) {
    const std::vector<std::uint32_t> a{0, 0, 0}, b{1, 2, 3};
    const std::vector<double> g{1.0, 2.0, 3.0};
    const std::vector<std::uint32_t> global_of{0, 3, 1, 2};
    const gap_junction_table t = make_gap_junction_table(4, a, b, g, global_of);
    EXPECT_EQ(std::vector<std::uint32_t>(t.other.begin(), t.other.begin() + 3),
              (std::vector<std::uint32_t>{2, 3, 1}));
    EXPECT_EQ(std::vector<double>(t.g_nS.begin(), t.g_nS.begin() + 3),
              (std::vector<double>{2.0, 3.0, 1.0}));
}

}  // namespace
}  // namespace brainemu
