// Every input is overridable by name, and bad input is refused with the field named.

#include <cmath>

#include <gtest/gtest.h>

#include "core/input_error.hpp"
#include "plan/plan.hpp"
#include "plan/plan_inputs.hpp"
#include "plan/plan_request.hpp"

namespace brainemu::plan {
namespace {

plan_inputs human() {
    return resolve_plan(plan_request{}).inputs;
}

std::string field_of_override(const std::string& text) {
    plan_inputs in = human();
    try {
        apply_overrides(in, {text});
    } catch (const input_error& e) {
        return e.where().field;
    }
    ADD_FAILURE() << "expected input_error for " << text;
    return {};
}

std::string field_of_request(const plan_request& r) {
    try {
        (void)resolve_plan(r);
    } catch (const input_error& e) {
        return e.where().field;
    }
    ADD_FAILURE() << "expected input_error";
    return {};
}

TEST(Inputs, EveryNumericInputRoundTrips) {
    for (const param_info& p : numeric_params()) {
        plan_inputs in = human();
        const double value = std::min(p.max, std::max(p.min, 1.0) + 1.0);
        set_param(in, p.name, value, {"", 0, p.name});
        EXPECT_DOUBLE_EQ(param_value(in, p.name), value) << p.name;
        EXPECT_FALSE(p.meaning.empty()) << p.name;
    }
}

TEST(Inputs, SynapsesPerNeuronSeesTheFinalNeuronCountWhateverTheOrder) {
    plan_inputs a = human();
    apply_overrides(a, {"synapses_per_neuron=100", "neurons=1e6"});
    plan_inputs b = human();
    apply_overrides(b, {"neurons=1e6", "synapses_per_neuron=100"});
    EXPECT_EQ(a.org.synapses, 1e8);
    EXPECT_EQ(b.org.synapses, 1e8);
}

TEST(Inputs, TextInputs) {
    plan_inputs in = human();
    apply_overrides(in,
                    {"precision=fp64", "message_convention=per_synapse", "synapse_update=time"});
    EXPECT_EQ(in.precision, precision_kind::fp64);
    EXPECT_TRUE(in.locality.per_synapse_messages);
    EXPECT_TRUE(in.time_driven_synapses);
    apply_overrides(in, {"cross_fraction=0.1"});
    EXPECT_EQ(in.locality.cross_fraction, 0.1);
    apply_overrides(in, {"cross_fraction=model"});
    EXPECT_TRUE(std::isnan(in.locality.cross_fraction));
}

TEST(Inputs, BadOverridesNameTheField) {
    EXPECT_EQ(field_of_override("neurons=-5"), "--set neurons");
    EXPECT_EQ(field_of_override("synapses=-1"), "--set synapses");
    EXPECT_EQ(field_of_override("mean_rate_hz=abc"), "--set mean_rate_hz");
    EXPECT_EQ(field_of_override("cross_fraction=1.5"), "--set cross_fraction");
    EXPECT_EQ(field_of_override("compartments=2.5"), "--set compartments");
    EXPECT_EQ(field_of_override("devices=nan"), "--set devices");
    EXPECT_EQ(field_of_override("precision=fp8"), "--set precision");
    EXPECT_EQ(field_of_override("message_convention=broadcast"), "--set message_convention");
    EXPECT_EQ(field_of_override("neurons"), "--set");
    plan_inputs in = human();
    try {
        apply_overrides(in, {"bytes_per_synapes=4"});
        FAIL() << "expected input_error";
    } catch (const input_error& e) {
        EXPECT_EQ(e.where().field, "--set bytes_per_synapes");
        EXPECT_NE(std::string(e.what()).find("did you mean 'bytes_per_synapse'"),
                  std::string::npos);
    }
}

TEST(Inputs, ValidateRefusesNegativeCountsSetDirectly) {
    plan_inputs in = human();
    in.org.synapses = -1.0;
    try {
        (void)compute_plan(in);
        FAIL() << "expected input_error";
    } catch (const input_error& e) {
        EXPECT_EQ(e.where().field, "synapses");
    }
}

TEST(Inputs, UnknownNamesInARequestNameTheOption) {
    plan_request r;
    r.organism = "martian";
    EXPECT_EQ(field_of_request(r), "--organism");
    r = {};
    r.device = "h1000";
    EXPECT_EQ(field_of_request(r), "--device");
    r = {};
    r.cluster = "late-2020s";
    EXPECT_EQ(field_of_request(r), "--cluster");
    r = {};
    r.preset = "freeman-realistic";
    EXPECT_EQ(field_of_request(r), "--preset");
    r = {};
    r.neuron_model = "lif2";
    EXPECT_EQ(field_of_request(r), "--neuron");
    r = {};
    r.precision = "fp4";
    EXPECT_EQ(field_of_request(r), "--precision");
}

TEST(Inputs, PresetCountGivesWayToACluster) {
    plan_request r;
    r.preset = "freeman-pessimistic";
    EXPECT_EQ(resolve_plan(r).inputs.devices, 1e5);
    r.cluster = "fugaku";
    EXPECT_EQ(resolve_plan(r).inputs.devices, 158976.0);
    r.sets = {"devices=5000"};
    EXPECT_EQ(resolve_plan(r).inputs.devices, 5000.0);
}

}  // namespace
}  // namespace brainemu::plan

namespace brainemu::plan {
namespace {

// A catalog entry's source names the figures a preset or --set replaced, so that the JSON never
// shows a source for a value the plan does not use (mc-hh's "69 FLOP ... 16 B per compartment"
// under the Freeman preset's 690 and 0).
TEST(Inputs, SourcesSayWhatOverridesReplaced) {
    plan_request r;
    r.preset = "freeman-pessimistic";
    r.sets = {"mean_rate_hz=1"};
    const plan_inputs in = resolve_plan(r).inputs;
    EXPECT_NE(in.neuron.source.find("; --preset freeman-pessimistic: "
                                    "flop_per_compartment_step=690"),
              std::string::npos)
        << in.neuron.source;
    EXPECT_NE(in.neuron.source.find("bytes_per_compartment=0"), std::string::npos);
    EXPECT_NE(in.synapse.source.find("bytes_per_synapse=64"), std::string::npos);
    EXPECT_NE(in.org.source.find("; --set mean_rate_hz=1"), std::string::npos) << in.org.source;
    EXPECT_EQ(in.dev.source.find("; --"), std::string::npos);  // nothing of the device was set
    EXPECT_EQ(resolve_plan(plan_request{}).inputs.neuron.source.find("; --"), std::string::npos);
}

}  // namespace
}  // namespace brainemu::plan
