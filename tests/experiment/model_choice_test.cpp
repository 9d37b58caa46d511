// A model per population, cell type or neuron ([[model.override]]), the mapping of a network's
// weights to each model's unit, and the errors for models that cannot run where they are put.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "engine/memory_sink.hpp"
#include "engine/simulation.hpp"
#include "experiment/experiment.hpp"
#include "experiment/synapse_weights.hpp"
#include "io/bcx.hpp"

namespace brainemu {
namespace {

std::string error_of(const std::string& t) {
    try {
        (void)build_experiment(parse_experiment_text(t, "exp.toml"), 2);
    } catch (const input_error& e) {
        return e.what();
    }
    return "no error";
}

using testing::weights_into;

// The global ids of the neurons whose engine model group runs model M.
template <class M>
std::set<neuron_id> neurons_running(const built_experiment& b) {
    std::set<neuron_id> out;
    for (const model_assignment& a : b.models) {
        if (std::holds_alternative<typename M::params>(a.params)) {
            for (neuron_id e = a.range.first; e < a.range.last; ++e) {
                out.insert(b.net.layout.global(e));
            }
        }
    }
    return out;
}

constexpr const char* small_microcircuit =
    "[simulation]\nduration_ms = 60\nseed = 5\n"
    "[network]\nbuiltin = \"microcircuit\"\nscale = 0.02\ndrive = \"poisson\"\n";

TEST(model_choice, a_population_of_the_microcircuit_runs_izhikevich_with_mapped_weights) {
    const std::string with = std::string(small_microcircuit) +
                             "[[model.override]]\npopulation = \"L23E\"\nname = \"izhikevich\"\n";
    const built_experiment plain = build_experiment(
        parse_experiment_text(small_microcircuit, "exp.toml"), layout_request{2, {}, 1, -1});
    const built_experiment mixed =
        build_experiment(parse_experiment_text(with, "exp.toml"), layout_request{2, {}, 1, -1});
    const index_range l23e = mixed.net.find_population("L23E")->range;
    const std::set<neuron_id> izh = neurons_running<izhikevich>(mixed);
    ASSERT_EQ(izh.size(), l23e.size());
    EXPECT_EQ(*izh.begin(), l23e.first);
    EXPECT_EQ(*izh.rbegin(), l23e.last - 1);
    for (const model_assignment& a : mixed.models) {
        if (const auto* p = std::get_if<izhikevich::params>(&a.params)) {
            EXPECT_EQ(p->c_m_pF, 250.0);          // adopted from the microcircuit's neuron
            EXPECT_EQ(p->a_per_ms, 0.02);         // Izhikevich's own
            EXPECT_EQ(a.v_init.mean_mV, -68.28);  // L2/3E's published initial voltages
        }
    }
    // Same connectivity and pA draws; onto L2/3E each weight is w tau_syn / C = w 0.5 / 250 mV
    // (the same charge), up to float rounding of the product; elsewhere untouched.
    const std::vector<float> pa = weights_into(plain.net, l23e.first + 3);
    const std::vector<float> mv = weights_into(mixed.net, l23e.first + 3);
    ASSERT_EQ(pa.size(), mv.size());
    ASSERT_FALSE(pa.empty());
    for (std::size_t k = 0; k < pa.size(); ++k) {
        EXPECT_FLOAT_EQ(mv[k], pa[k] * 0.5f / 250.0f);
    }
    const neuron_id l4e = mixed.net.find_population("L4E")->range.first;
    EXPECT_EQ(weights_into(plain.net, l4e), weights_into(mixed.net, l4e));
    // The Poisson drive onto L2/3E is mapped the same way.
    bool found = false;
    for (const stimulus& s : mixed.stimuli) {
        const auto* p = std::get_if<poisson_stimulus>(&s.what);
        if (p != nullptr && l23e.contains(s.targets.front())) {
            EXPECT_DOUBLE_EQ(p->weight, 87.8085 / std::sqrt(0.02) * 0.5 / 250.0);
            found = true;
        }
    }
    EXPECT_TRUE(found);
}

TEST(model_choice, conductance_weights_follow_the_driving_force_at_rest) {
    const std::string t = std::string(small_microcircuit) + "[model]\nname = \"lif_cond_exp\"\n";
    const built_experiment cond =
        build_experiment(parse_experiment_text(t, "exp.toml"), layout_request{1, {}, 1, -1});
    const built_experiment plain = build_experiment(
        parse_experiment_text(small_microcircuit, "exp.toml"), layout_request{1, {}, 1, -1});
    const neuron_id n = cond.net.find_population("L5E")->range.first;
    const std::vector<float> pa = weights_into(plain.net, n);
    const std::vector<float> ns = weights_into(cond.net, n);
    ASSERT_EQ(pa.size(), ns.size());
    for (std::size_t k = 0; k < pa.size(); ++k) {
        // Defaults E_L = -70, E_ex = 0, E_in = -85 mV: 70 and 15 mV of driving force.
        const float expect = pa[k] > 0 ? pa[k] / 70.0f : pa[k] / 15.0f;
        EXPECT_NEAR(ns[k], expect, 1e-6f * std::abs(expect));
    }
}

// Neurons of one model scattered over the id range are gathered per thread block; spikes stay
// bit-identical for any number of threads and with a partition.
TEST(model_choice, scattered_models_give_the_same_spikes_for_any_layout) {
    std::string ids;
    for (std::uint32_t i = 3; i < 1540; i += 7) {
        ids += fmt::format("{}{}", ids.empty() ? "" : ", ", i);
    }
    const std::string t = std::string(small_microcircuit) +
                          "[[model.override]]\npopulation = \"L4E\"\nname = \"izhikevich\"\n"
                          "[[model.override]]\npopulation = \"L5E\"\nname = \"adex\"\n"
                          "[[model.override]]\npopulation = \"L23I\"\nname = \"lif_cond_exp\"\n"
                          "[[model.override]]\nids = [" +
                          ids + "]\nname = \"hh\"\n";
    const experiment e = parse_experiment_text(t, "exp.toml");
    auto spikes = [&](const layout_request& req) {
        built_experiment b = build_experiment(e, req);
        local_communicator comm;
        simulation_config cfg;
        cfg.dt_ms = e.dt_ms;
        cfg.seed = e.seed;
        simulation sim(std::move(b.net), b.models, std::move(b.stimuli), cfg, comm);
        testing::memory_spike_sink sink;
        sim.run(e.steps(), &sink, nullptr);
        return sink.spikes;
    };
    const auto one = spikes(layout_request{1, {}, 1, -1});
    ASSERT_GT(one.size(), 100u);
    const built_experiment b = build_experiment(e, layout_request{3, {}, 1, -1});
    EXPECT_TRUE(b.net.layout.permuted());
    EXPECT_EQ(neurons_running<hh>(b).size(), (1540u - 3u + 6u) / 7u);
    EXPECT_EQ(spikes(layout_request{3, {}, 1, -1}), one);
    std::vector<std::uint32_t> part_of(e.neurons());
    for (std::uint32_t i = 0; i < part_of.size(); ++i) {
        part_of[i] = (i * 2654435761u) % 4;  // an arbitrary partition
    }
    EXPECT_EQ(spikes(layout_request{1, part_of, 4, -1}), one);
}

TEST(model_choice, a_later_override_wins) {
    const std::string t = std::string(small_microcircuit) +
                          "[[model.override]]\nall = true\nname = \"adex\"\n"
                          "[[model.override]]\npopulation = \"L6I\"\nname = \"hh\"\n";
    const built_experiment b =
        build_experiment(parse_experiment_text(t, "exp.toml"), layout_request{2, {}, 1, -1});
    const index_range l6i = b.net.find_population("L6I")->range;
    EXPECT_EQ(neurons_running<hh>(b).size(), l6i.size());
    EXPECT_EQ(neurons_running<adex>(b).size(), b.net.size - l6i.size());
    EXPECT_TRUE(neurons_running<lif_psc_exp>(b).empty());
}

TEST(model_choice, bad_parameters_name_the_parameter_and_the_neurons) {
    EXPECT_EQ(error_of(std::string(small_microcircuit) +
                       "[[model.override]]\npopulation = \"L5E\"\nname = \"adex\"\n"
                       "params = { c_m_pF = -1 }\n"),
              "exp.toml:11: model.override[0].params.c_m_pF: must be > 0, got -1 (the model "
              "of population L5E)");
    EXPECT_EQ(error_of(std::string(small_microcircuit) +
                       "[model]\nname = \"hh\"\nparams = { substeps = 1 }\n"),
              "exp.toml:10: model.params.substeps: dt_ms / substeps = 0.1 / 1 = 0.1 ms is above "
              "0.05 ms, where exponential Euler loses Hodgkin-Huxley spikes; use substeps >= 2 "
              "(every neuron)");
    EXPECT_EQ(error_of(std::string(small_microcircuit) +
                       "[model]\nname = \"lif_cond_exp\"\nparams = { tau_syn_in_ms = 0 }\n"
                       "[[model.override]]\nall = true\nname = \"hh\"\n"),
              "exp.toml:10: model.params.tau_syn_in_ms: must be > 0, got 0 (the model of every "
              "neuron no model.override chooses)");
}

TEST(model_choice, models_that_cannot_run_a_network_are_refused_with_the_reason) {
    EXPECT_NE(error_of(std::string(small_microcircuit) +
                       "[[model.override]]\npopulation = \"L4I\"\nname = \"fly_lif\"\n")
                  .find("model.override[0].name: model fly_lif (chosen by model.override[0] for "
                        "population L4I) takes no current, and the microcircuit is driven by DC "
                        "currents; models that can run it: lif_psc_exp, lif_psc_delta, "
                        "lif_cond_exp, izhikevich, adex, hh"),
              std::string::npos);
    EXPECT_NE(error_of("[network]\nbuiltin = \"brunel\"\n[model]\nname = \"adex\"\n")
                  .find("model.name: the Brunel network's drive and weights are defined for "
                        "lif_psc_delta"),
              std::string::npos);
}

TEST(model_choice, an_edge_list_in_nS_or_in_pA_reaches_a_conductance_model) {
    const auto csv = std::filesystem::temp_directory_path() /
                     ("model-choice-" + std::to_string(::getpid()) + ".csv");
    auto weights = [&](std::string_view unit, std::string_view rows) {
        {
            std::ofstream f(csv);
            f << "source,target,weight_" << unit << ",delay_ms\n" << rows;
        }
        const std::string t = fmt::format(
            "[network]\nedge_list = \"{}\"\nneurons = 2\n[model]\nname = \"lif_cond_exp\"\n",
            csv.string());
        const built_experiment b = build_experiment(parse_experiment_text(t, "exp.toml"), 1);
        std::filesystem::remove(csv);
        return std::pair{weights_into(b.net, 1), weights_into(b.net, 0)};
    };
    EXPECT_EQ(weights("nS", "0,1,2.5,1.0\n1,0,-3,1.0\n"),
              (std::pair{std::vector<float>{2.5f}, std::vector<float>{-3.0f}}));
    // 70 mV and 15 mV of driving force at rest (E_L = -70, E_ex = 0, E_in = -85).
    EXPECT_EQ(weights("pA", "0,1,70,1.0\n1,0,-15,1.0\n"),
              (std::pair{std::vector<float>{1.0f}, std::vector<float>{-1.0f}}));
}

// A connectome in pA: current models take it as is, lif_cond_exp through the driving force,
// and a voltage-jump model only with weights of its own unit.
class model_choice_connectome : public ::testing::Test {
protected:
    void SetUp() override {
        connectome_builder b;
        for (std::int64_t k = 0; k < 4; ++k) {
            const auto i = b.add_neuron(100 + k, fmt::format("n{}", k));
            b.set_transmitter(*i, k == 1 ? "GABA" : "ACH");
            b.set_type(*i, k % 2 == 0 ? "A" : "B");
        }
        b.add_synapses(0, 1, 2);
        b.add_synapses(1, 3, 3);
        b.add_synapses(2, 3, 1);
        path_ = std::filesystem::temp_directory_path() /
                ("model-choice-" + std::to_string(::getpid()) + ".bcx");
        write_bcx(b.finish("test"), path_);
    }
    void TearDown() override { std::filesystem::remove(path_); }
    std::string text(std::string_view unit, std::string_view model, std::string_view extra) {
        return fmt::format(
            "[network]\nconnectome = \"{}\"\ndelay_ms = 1\nunit_weight_{} = 10\n"
            "[model]\nname = \"{}\"\n{}",
            path_.string(), unit, model, extra);
    }
    std::filesystem::path path_;
};

TEST_F(model_choice_connectome, a_cell_type_runs_a_conductance_model) {
    const std::string t =
        text("pA", "lif_psc_exp", "[[model.override]]\ntype = \"B\"\nname = \"lif_cond_exp\"\n");
    const built_experiment b =
        build_experiment(parse_experiment_text(t, "exp.toml"), layout_request{2, {}, 1, -1});
    EXPECT_EQ(neurons_running<lif_cond_exp>(b), (std::set<neuron_id>{1, 3}));
    EXPECT_EQ(weights_into(b.net, 1), std::vector<float>{20.0f / 70.0f});  // 2 x 10 pA / 70 mV
    // Into 3: GABA 3 x 10 pA / 15 mV inhibitory, ACH 1 x 10 pA / 70 mV.
    EXPECT_EQ(weights_into(b.net, 3), (std::vector<float>{-2.0f, 10.0f / 70.0f}));
}

TEST_F(model_choice_connectome, a_stimulus_in_pA_is_mapped_per_target_model) {
    const std::string t = text("pA", "lif_psc_exp",
                               "[[model.override]]\ntype = \"B\"\nname = \"lif_cond_exp\"\n"
                               "[[stimulus]]\nall = true\nkind = \"poisson\"\nrate_hz = 10\n"
                               "weight_pA = 35\n");
    const built_experiment b =
        build_experiment(parse_experiment_text(t, "exp.toml"), layout_request{1, {}, 1, -1});
    ASSERT_EQ(b.stimuli.size(), 2u);  // one per model group
    for (const stimulus& s : b.stimuli) {
        ASSERT_EQ(s.targets.size(), 2u);
        const bool cond = b.net.layout.global(s.targets[0]) % 2 == 1;  // type B: n1, n3
        EXPECT_DOUBLE_EQ(std::get<poisson_stimulus>(s.what).weight, cond ? 0.5 : 35.0);
    }
}

TEST_F(model_choice_connectome, weights_in_nS_reach_a_conductance_model_as_they_are) {
    const built_experiment b =
        build_experiment(parse_experiment_text(text("nS", "lif_cond_exp", ""), "exp.toml"), 1);
    EXPECT_EQ(weights_into(b.net, 1), std::vector<float>{20.0f});
}

TEST_F(model_choice_connectome, a_jump_model_needs_weights_in_its_own_unit) {
    const std::string t =
        text("pA", "lif_psc_exp", "[[model.override]]\nnames = [\"n2\"]\nname = \"izhikevich\"\n");
    const std::string err = [&] {
        try {
            (void)parse_experiment_text(t, "exp.toml");
        } catch (const input_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    }();
    EXPECT_NE(err.find("network.unit_weight_pA: model izhikevich (chosen by model.override[0] for "
                       "neurons named n2) takes synaptic weights in mV (unit_weight_mV); pA maps "
                       "to mV only where the currents' time constant is known"),
              std::string::npos)
        << err;
}

}  // namespace
}  // namespace brainemu
