// Experiments on an imported connectome: weights from transmitter signs and synapse counts,
// neurons chosen by dataset id, name, type, transmitter and label, silencing, trials.

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "engine/simulation.hpp"
#include "experiment/experiment.hpp"
#include "experiment/synapse_weights.hpp"
#include "io/bcx.hpp"

namespace brainemu {
namespace {

// 4 neurons with FlyWire-style ids: 0 (ACH) -> 2 x3 synapses, 1 (GABA) -> 2 x2, 3 (GLUT) -> 2
// x1, 2 (ACH) -> 3 x5; a gap junction 0 - 1.
class connectome_experiment : public ::testing::Test {
protected:
    void SetUp() override {
        connectome_builder b;
        const char* tx[] = {"ACH", "GABA", "ACH", "GLUT"};
        const char* names[] = {"a", "b", "MN9", "d"};
        for (std::int64_t k = 0; k < 4; ++k) {
            const auto i = b.add_neuron(720575940600000000 + k, names[k]);
            b.set_transmitter(*i, tx[k]);
            b.set_type(*i, k < 2 ? "GRN" : "MN");
        }
        b.add_label("sensory", 0);
        b.add_label("sensory", 1);
        b.add_synapses(0, 2, 3);
        b.add_synapses(1, 2, 2);
        b.add_synapses(3, 2, 1);
        b.add_synapses(2, 3, 5);
        b.add_gap_junction(0, 1, 2);
        path_ = std::filesystem::temp_directory_path() /
                ("conn-exp-" + std::to_string(::getpid()) + ".bcx");
        write_bcx(b.finish("test"), path_);
    }
    void TearDown() override { std::filesystem::remove(path_); }

    std::string text(std::string_view extra, std::string_view model = "fly_lif",
                     std::string_view weights = "unit_weight_mV = 0.275\ngap_junction_nS = 0\n") {
        return fmt::format(
            "[simulation]\nduration_ms = 100\n[network]\nconnectome = \"{}\"\n"
            "delay_ms = 1.8\n{}[model]\nname = \"{}\"\n{}",
            path_.string(), weights, model, extra);
    }
    std::string error_of(const std::string& t) {
        try {
            (void)build_experiment(parse_experiment_text(t, "exp.toml"), 2);
        } catch (const input_error& e) {
            return e.what();
        }
        return "no error";
    }
    std::filesystem::path path_;
};

using testing::weights_into;

// A connectome's own edge delay that no step count can hold is blamed on that edge, not on
// network.delay_ms (which the experiment gave correctly).
TEST(connectome_delays, a_bad_own_delay_names_its_edge) {
    connectome_builder b;
    for (std::int64_t k = 0; k < 2; ++k) {
        (void)b.add_neuron(100 + k, "");
    }
    b.add_weighted_edge(0, 1, 1.0F, "mV", 1e9F);  // 1e10 steps of 0.1 ms
    const auto path = std::filesystem::temp_directory_path() /
                      ("conn-delay-" + std::to_string(::getpid()) + ".bcx");
    write_bcx(b.finish("test"), path);
    const std::string t = fmt::format(
        "[network]\nconnectome = \"{}\"\ndelay_ms = 1.8\n[model]\nname = \"lif_psc_delta\"\n",
        path.string());
    try {
        (void)build_experiment(parse_experiment_text(t, "exp.toml"), 2);
        ADD_FAILURE() << "built";
    } catch (const input_error& e) {
        EXPECT_EQ(e.where().field, "the connectome's delay of synapse 0 -> 1") << e.what();
    }
    std::filesystem::remove(path);
}

TEST_F(connectome_experiment, weights_are_sign_times_count_times_unit) {
    const built_experiment b = build_experiment(parse_experiment_text(text(""), "exp.toml"), 2);
    EXPECT_EQ(b.net.size, 4u);
    EXPECT_EQ(b.net.synapses.count(), 4u);
    // GABA and GLUT inhibit (Shiu et al.), ACH excites; float weights are exact here up to
    // float rounding of 0.275 x count.
    const std::vector<float> expect{-2 * 0.275f, -1 * 0.275f, 3 * 0.275f};
    const auto got = weights_into(b.net, 2);
    ASSERT_EQ(got.size(), 3u);
    for (std::size_t k = 0; k < 3; ++k) {
        EXPECT_NEAR(got[k], expect[k], 1e-6f);
    }
    EXPECT_TRUE(b.net.gap_junctions.empty());  // gap_junction_nS = 0
}

TEST_F(connectome_experiment, signs_can_be_overridden_per_experiment) {
    const auto t = text("", "fly_lif",
                        "unit_weight_mV = 1.0\ngap_junction_nS = 0\n[network.signs]\n"
                        "GLUT = 1\ndefault = -1\n");
    const built_experiment b = build_experiment(parse_experiment_text(t, "exp.toml"), 1);
    const auto got = weights_into(b.net, 2);
    EXPECT_EQ(got, (std::vector<float>{-2.0f, 1.0f, 3.0f}));
}

TEST_F(connectome_experiment, neurons_are_chosen_by_id_name_type_transmitter_label) {
    auto targets = [&](std::string_view selector) {
        const auto t =
            text(fmt::format("[[stimulus]]\nkind = \"poisson\"\nrate_hz = 10\n"
                             "weight_mV = 68.75\nreceptor = \"voltage\"\n{}\n",
                             selector));
        const built_experiment b = build_experiment(parse_experiment_text(t, "exp.toml"), 2);
        return b.stimuli.back().targets;
    };
    using v = std::vector<neuron_id>;
    EXPECT_EQ(targets("ids = [720575940600000002, 720575940600000000]"), (v{0, 2}));
    EXPECT_EQ(targets("names = [\"MN9\"]"), (v{2}));
    EXPECT_EQ(targets("type = \"GRN\""), (v{0, 1}));
    EXPECT_EQ(targets("transmitter = \"ACH\""), (v{0, 2}));
    EXPECT_EQ(targets("label = \"sensory\""), (v{0, 1}));
    EXPECT_EQ(targets("population = \"all\""), (v{0, 1, 2, 3}));
}

TEST_F(connectome_experiment, unknown_neurons_are_named_in_the_error) {
    const std::string stim =
        "[[stimulus]]\nkind = \"poisson\"\nrate_hz = 10\nweight_mV = 1\n"
        "receptor = \"voltage\"\n";
    EXPECT_NE(error_of(text(stim + "ids = [720575940600000009]\n"))
                  .find("stimulus[0].ids: neuron id 720575940600000009 is not in the connectome"),
              std::string::npos);
    EXPECT_NE(error_of(text(stim + "names = [\"MN8\"]\n")).find("did you mean 'MN9'"),
              std::string::npos);
    EXPECT_NE(error_of(text(stim + "type = \"GRM\"\n")).find("did you mean 'GRN'"),
              std::string::npos);
}

TEST_F(connectome_experiment, silenced_neurons_lose_their_outgoing_synapses_only) {
    const auto t = text("[[silence]]\nnames = [\"a\", \"d\"]\n");
    const built_experiment b = build_experiment(parse_experiment_text(t, "exp.toml"), 2);
    EXPECT_EQ(b.net.synapses.count(), 2u);  // 1 -> 2 and 2 -> 3 remain
    const auto got = weights_into(b.net, 2);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_NEAR(got[0], -0.55f, 1e-6f);
}

TEST_F(connectome_experiment, gap_junctions_need_a_conductance_and_a_current_model) {
    EXPECT_NE(error_of(text("", "fly_lif", "unit_weight_mV = 0.275\n"))
                  .find("network.gap_junction_nS: this connectome has 2 electrical synapses"),
              std::string::npos);
    EXPECT_NE(error_of(text("", "fly_lif", "unit_weight_mV = 0.275\ngap_junction_nS = 1\n"))
                  .find("model fly_lif takes no current"),
              std::string::npos);
    const auto t = text("", "lif_psc_delta", "unit_weight_mV = 0.5\ngap_junction_nS = 1.5\n");
    const built_experiment b = build_experiment(parse_experiment_text(t, "exp.toml"), 2);
    ASSERT_FALSE(b.net.gap_junctions.empty());
    EXPECT_EQ(b.net.gap_junctions.other[0], 1u);
    EXPECT_DOUBLE_EQ(b.net.gap_junctions.g_nS[0], 3.0);  // 2 junctions x 1.5 nS
}

TEST_F(connectome_experiment, the_unit_weight_must_be_the_models_unit) {
    EXPECT_NE(error_of(text("", "fly_lif", "unit_weight_pA = 10\ngap_junction_nS = 0\n"))
                  .find("model fly_lif takes synaptic weights in mV"),
              std::string::npos);
}

TEST(trial_seed, trial_zero_is_the_plain_run_and_trials_differ) {
    EXPECT_EQ(trial_seed(7, 0), 7u);
    EXPECT_NE(trial_seed(7, 1), trial_seed(7, 2));
    EXPECT_NE(trial_seed(7, 1), trial_seed(8, 1));
    EXPECT_LT(trial_seed(~0ULL, 5), 1ULL << 63);
}

}  // namespace
}  // namespace brainemu
