// Checkpoints at the engine's seam: a fresh engine given another engine's saved state goes on
// with exactly the spikes and voltages the first would have produced, whatever either's
// thread blocks, delivery path or stepping (every neuron, or only those not at rest); and the
// saved state itself does not depend on the layout.

#include <gtest/gtest.h>

#include "core/input_error.hpp"
#include "core/random_stream.hpp"
#include "engine/memory_sink.hpp"
#include "engine/simulation.hpp"
#include "network/edge_list.hpp"

namespace brainemu {
namespace {

struct layout {
    unsigned blocks;
    bool skip_resting = false;
    bool reference_paths = false;
};

// A mixed network: a two-channel model (lif_psc_exp, unequal synaptic time constants) and a
// one-channel model (lif_psc_delta) share blocks, so a ring holds both; delays per synapse
// (immediate delivery) or one delay for all (deferred runs, and the fly LIF's sparse stepping).
struct problem {
    bool fly = false;  // fly_lif, one delay: sparse stepping where asked
    bool gap = false;  // gap junctions along a chain: a one-step interval, coupled voltages
    static constexpr std::uint32_t n = 2000;

    [[nodiscard]] std::unique_ptr<simulation> make(const layout& l, communicator& comm) const {
        edge_list e;
        random_stream rs(fly ? 5 : 7, 1, 0, 0);
        for (std::uint32_t t = 0; t < n; ++t) {
            for (int j = 0; j < 25; ++j) {
                const auto src = static_cast<std::uint32_t>(rs.below(n));
                e.source.push_back(src);
                e.target.push_back(t);
                const float w = fly ? 2.0f : 60.0f;
                e.weight.push_back(src % 5 == 0 ? -4.0f * w : w);
                e.delay_steps.push_back(static_cast<std::uint16_t>(fly ? 18 : 5 + rs.below(30)));
            }
        }
        network net = build_from_edges(n, e, split_blocks(n, l.blocks));
        if (gap) {
            std::vector<std::uint32_t> a, b;
            std::vector<double> g;
            for (std::uint32_t i = 0; i + 1 < n; i += 2) {
                a.push_back(i);
                b.push_back(i + 1);
                g.push_back(5.0);
            }
            net.gap_junctions = make_gap_junction_table(n, a, b, g);
        }
        std::vector<model_assignment> models;
        stimulus drive;
        if (fly) {
            models.push_back({{0, n}, fly_lif::params{}, {}});
            for (std::uint32_t i = 0; i < 40; ++i) {
                drive.targets.push_back(i * 47);
            }
            drive.what = poisson_stimulus{200.0, 68.75, receptor_kind::voltage};
            drive.refractory_ms = 0.0;
        } else {
            lif_psc_exp::params two;
            two.tau_syn_in_ms = 5.0;  // != tau_syn_ex: two ring channels
            models.push_back({{0, n / 2}, two, {-70.0, 5.0}});
            models.push_back({{n / 2, n}, lif_psc_delta::params{}, {-65.0, 3.0}});
            for (std::uint32_t i = 0; i < n; ++i) {
                drive.targets.push_back(i);
            }
            drive.what = poisson_stimulus{900.0, 100.0, receptor_kind::synapse};
        }
        simulation_config cfg;
        cfg.seed = 3;
        cfg.skip_resting = l.skip_resting;
        cfg.reference_paths = l.reference_paths;
        cfg.record_voltages = {0, 999, 1000, 1999};
        cfg.voltage_every_steps = 7;
        return std::make_unique<simulation>(std::move(net), models, std::vector{drive}, cfg, comm);
    }
};

struct record {
    std::vector<spike_record> spikes;
    std::vector<std::pair<std::uint32_t, std::vector<float>>> voltages;
};

record run(simulation& sim, std::uint64_t steps) {
    testing::memory_spike_sink spikes;
    testing::memory_sample_sink voltages;
    sim.run(steps, &spikes, &voltages);
    return {spikes.spikes, voltages.rows};
}

constexpr std::uint64_t total = 3000, half = 1234;  // the checkpoint mid-interval too

void expect_resumes(const problem& p, const layout& a, const layout& b) {
    local_communicator comm;
    const record whole = run(*p.make({1}, comm), total);
    ASSERT_GT(whole.spikes.size(), 500u);

    auto first = p.make(a, comm);
    (void)run(*first, half);
    const engine_state saved = first->save_state();
    EXPECT_EQ(saved.step, half);
    EXPECT_EQ(saved.neurons(), problem::n);
    EXPECT_FALSE(saved.pending.empty());

    auto second = p.make(b, comm);
    second->restore_state(saved);
    const record rest = run(*second, total - half);
    std::vector<spike_record> tail;
    for (const spike_record& s : whole.spikes) {
        if (s.step >= half) {
            tail.push_back(s);
        }
    }
    EXPECT_EQ(rest.spikes, tail);
    std::vector<std::pair<std::uint32_t, std::vector<float>>> frames;
    for (const auto& f : whole.voltages) {
        if (f.first >= half) {
            frames.push_back(f);
        }
    }
    EXPECT_EQ(rest.voltages, frames);
    // The resumed engine's own checkpoint at the end equals the first engine's there.
    (void)run(*first, total - half);
    const engine_state end_a = first->save_state(), end_b = second->save_state();
    EXPECT_EQ(end_a.pending.size(), end_b.pending.size());
    ASSERT_EQ(end_a.models.size(), end_b.models.size());
    for (std::size_t m = 0; m < end_a.models.size(); ++m) {
        EXPECT_EQ(end_a.models[m].ids, end_b.models[m].ids);
        EXPECT_EQ(end_a.models[m].real, end_b.models[m].real);
        EXPECT_EQ(end_a.models[m].integer, end_b.models[m].integer);
    }
}

TEST(engine_state, two_models_and_delays_per_synapse_resume_in_other_blocks) {
    expect_resumes({}, {1}, {3});
    expect_resumes({}, {4}, {1, false, true});
}

TEST(engine_state, gap_junction_voltages_resume_in_other_blocks) {
    const problem coupled{false, true};
    expect_resumes(coupled, {1}, {3});
    expect_resumes(coupled, {4}, {2});
}

TEST(engine_state, deferred_runs_and_sparse_stepping_resume_either_way) {
    const problem fly{true};
    expect_resumes(fly, {2, true}, {3, false});
    expect_resumes(fly, {1, false}, {2, true});
    expect_resumes(fly, {3, true}, {1, true});
}

// Canonical form: the state of one run does not depend on the blocks that held it.
TEST(engine_state, saved_state_does_not_depend_on_the_layout) {
    local_communicator comm;
    auto one = problem{}.make({1}, comm);
    auto three = problem{}.make({3}, comm);
    (void)run(*one, half);
    (void)run(*three, half);
    const engine_state a = one->save_state(), b = three->save_state();
    ASSERT_EQ(a.pending.size(), b.pending.size());
    for (std::size_t i = 0; i < a.pending.size(); ++i) {
        EXPECT_EQ(a.pending[i].key(), b.pending[i].key());
        EXPECT_EQ(a.pending[i].fx, b.pending[i].fx);
    }
    ASSERT_EQ(a.models.size(), 2u);
    EXPECT_EQ(a.models[0].model, "lif_psc_delta");  // by name
    EXPECT_EQ(a.models[1].real_names, (std::vector<std::string>{"v_mV", "i_ex_pA", "i_in_pA"}));
    EXPECT_EQ(a.models[1].real, b.models[1].real);
    // Split in two and merged (as ranks' shares are), it is the same state again.
    engine_state left = a, right = a;
    for (auto* part : {&left, &right}) {
        part->pending.clear();
        for (auto& t : part->models) {
            t.ids.clear();
            for (auto& c : t.real) {
                c.clear();
            }
            for (auto& c : t.integer) {
                c.clear();
            }
        }
    }
    for (std::size_t m = 0; m < a.models.size(); ++m) {
        const auto& t = a.models[m];
        for (std::size_t r = t.ids.size(); r-- > 0;) {  // reversed: merge must sort
            engine_state& to = t.ids[r] % 2 == 0 ? left : right;
            to.models[m].ids.push_back(t.ids[r]);
            for (std::size_t c = 0; c < t.real.size(); ++c) {
                to.models[m].real[c].push_back(t.real[c][r]);
            }
            for (std::size_t c = 0; c < t.integer.size(); ++c) {
                to.models[m].integer[c].push_back(t.integer[c][r]);
            }
        }
    }
    for (const pending_input& pi : a.pending) {
        // Each input split into two parts that sum to it.
        left.pending.push_back({pi.id, pi.step, pi.channel, pi.fx / 2});
        right.pending.push_back({pi.id, pi.step, pi.channel, pi.fx - pi.fx / 2});
    }
    left.merge(std::move(right));
    left.canonicalise();
    EXPECT_EQ(left.models[1].ids, a.models[1].ids);
    EXPECT_EQ(left.models[1].real, a.models[1].real);
    ASSERT_EQ(left.pending.size(), a.pending.size());
    for (std::size_t i = 0; i < a.pending.size(); ++i) {
        EXPECT_EQ(left.pending[i].fx, a.pending[i].fx);
    }
}

TEST(engine_state, a_state_that_does_not_fit_is_refused) {
    local_communicator comm;
    auto sim = problem{}.make({2}, comm);
    (void)run(*sim, 100);
    const engine_state good = sim->save_state();
    auto refused = [&](engine_state s, const char* says) {
        auto fresh = problem{}.make({2}, comm);
        try {
            fresh->restore_state(s);
            ADD_FAILURE() << "accepted: " << says;
        } catch (const input_error& e) {
            EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
        }
    };
    engine_state scale = good;
    scale.fx_per_unit *= 2.0;
    refused(scale, "fixed point");
    engine_state missing = good;
    missing.models[0].ids.pop_back();
    refused(missing, "1999 of the 2000 neurons");
    engine_state renamed = good;
    renamed.models[0].model = "lif_psc_exp";
    refused(renamed, "is a lif_psc_exp neuron in the checkpoint and a lif_psc_delta neuron here");
    engine_state late = good;
    late.pending.back().step += 1000;
    refused(late, "delays reach steps");
    engine_state twice = good;
    twice.models[1].ids[0] = twice.models[0].ids[0];
    refused(twice, "twice");
}

}  // namespace
}  // namespace brainemu
