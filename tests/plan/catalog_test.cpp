// The built-in catalog (every entry sourced) and user TOML catalogs (errors with file:line).

#include "plan/catalog.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/input_error.hpp"
#include "plan/plan.hpp"
#include "plan/plan_request.hpp"
#include "plan/presets.hpp"
#include "plan/user_catalog.hpp"

namespace brainemu::plan {
namespace {

const std::filesystem::path examples =
    std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "examples";

std::filesystem::path write_temp(const std::string& name, const std::string& text) {
    // The process id keeps concurrent test runs apart.
    const auto path =
        std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "_" + name);
    std::ofstream(path) << text;
    return path;
}

input_location error_of(const std::filesystem::path& file) {
    catalog cat = catalog::builtin();
    try {
        (void)load_user_catalog(file, cat);
    } catch (const input_error& e) {
        return e.where();
    }
    ADD_FAILURE() << "expected input_error from " << file;
    return {};
}

TEST(Catalog, EveryBuiltInEntryIsSourced) {
    const catalog cat = catalog::builtin();
    for (const char* name : {"worm", "fly-larva", "fly", "zebrafish-larva", "mouse", "mouse-cortex",
                             "macaque", "human", "human-cortex"}) {
        const organism& o = cat.find_organism(name, "--organism");
        EXPECT_GT(o.neurons, 0.0) << name;
        EXPECT_GT(o.synapses, 0.0) << name;
        EXPECT_GT(o.mean_rate_hz, 0.0) << name;
        EXPECT_FALSE(o.source.empty()) << name;
    }
    for (const char* name : {"lif", "izhikevich", "adex", "hh", "mc-hh"}) {
        EXPECT_FALSE(cat.find_neuron_model(name, "--neuron").source.empty()) << name;
    }
    for (const char* name : {"exp", "alpha", "tsodyks-markram", "stdp"}) {
        EXPECT_FALSE(cat.find_synapse_model(name, "--synapse").source.empty()) << name;
    }
    for (const char* name : {"h100", "h200", "b200", "gb200", "gb300", "mi300x", "mi325x", "mi355x",
                             "a64fx", "cpu-node"}) {
        const device& d = cat.find_device(name, "--device");
        EXPECT_GT(d.memory_bytes, 0.0) << name;
        EXPECT_GT(d.memory_bandwidth_bytes_per_s, 0.0) << name;
        EXPECT_GT(d.fp32_flop_per_s, 0.0) << name;
        EXPECT_GT(d.scale_out_bytes_per_s, 0.0) << name;
        EXPECT_FALSE(d.source.empty()) << name;
    }
    EXPECT_EQ(cat.find_device("gb200", "").scale_up_domain_devices, 72.0);
    EXPECT_FALSE(cat.find_device("a64fx", "").has_scale_up());
    for (const cluster& c : cat.clusters) {
        EXPECT_NO_THROW((void)cat.find_device(c.device, "")) << c.name;
        EXPECT_FALSE(c.source.empty()) << c.name;
    }
    EXPECT_EQ(builtin_presets().size(), 2u + 12u);  // Freeman's two, SoBE's 3 x 2 x 2
}

TEST(Catalog, UnknownNamesAreRefusedWithASuggestion) {
    const catalog cat = catalog::builtin();
    try {
        (void)cat.find_organism("humna", "--organism");
        FAIL() << "expected input_error";
    } catch (const input_error& e) {
        EXPECT_EQ(e.where().field, "--organism");
        EXPECT_NE(std::string(e.what()).find("did you mean 'human'"), std::string::npos);
    }
    EXPECT_THROW((void)cat.find_device("h1000x", "--device"), input_error);
    EXPECT_THROW((void)cat.find_cluster("colosus-9", "--cluster"), input_error);
    EXPECT_THROW((void)find_preset("freeman", "--preset"), input_error);
}

TEST(UserCatalog, TheExampleFileAddsAnOrganismADeviceAndACluster) {
    plan_request r;
    r.catalogs = {(examples / "plan_catalog.toml").string()};
    r.organism = "honeybee";
    r.neuron_model = "hh-fine-dt";
    r.cluster = "nvl72-x1000";
    const plan_inputs in = resolve_plan(r).inputs;
    EXPECT_EQ(in.org.neurons, 9.6e5);
    EXPECT_EQ(in.org.synapses, 9.6e8);
    EXPECT_EQ(in.neuron.steps_per_s, 4e4);
    EXPECT_EQ(in.dev.name, "gb300");
    EXPECT_EQ(in.devices, 72000.0);
    EXPECT_EQ(in.precision, precision_kind::fp16_dense);
    // A device made `like` a catalog one keeps what it does not change.
    r.device = "hbm-next";
    const plan_inputs next = resolve_plan(r).inputs;
    EXPECT_EQ(next.dev.memory_bytes, 576e9);
    EXPECT_EQ(next.dev.scale_out_bytes_per_s, 100e9);
    EXPECT_NO_THROW((void)compute_plan(next));
}

TEST(UserCatalog, AClusterFileOfItsOwn) {
    plan_request r;
    r.cluster = (examples / "plan_cluster_gb200.toml").string();
    const plan_inputs in = resolve_plan(r).inputs;
    EXPECT_EQ(in.cluster, "gb200-50k");
    EXPECT_EQ(in.devices, 50000.0);
    r.cluster = (examples / "plan_catalog.toml").string();  // defines one cluster too
    EXPECT_EQ(resolve_plan(r).inputs.cluster, "nvl72-x1000");
}

TEST(UserCatalog, ErrorsNameFileLineAndField) {
    auto at =
        error_of(write_temp("brainemu_neg.toml", "[organisms.x]\nneurons = -5\nsynapses = 10\n"));
    EXPECT_EQ(at.line, 2);
    EXPECT_EQ(at.field, "organisms.x.neurons");
    at = error_of(write_temp("brainemu_typo.toml",
                             "[organisms.x]\nneurons = 5\nsynapses = 10\nmean_rate = 3\n"));
    EXPECT_EQ(at.line, 4);
    EXPECT_EQ(at.field, "organisms.x.mean_rate");
    at = error_of(write_temp("brainemu_malformed.toml", "[organisms.x]\nneurons = = 5\n"));
    EXPECT_EQ(at.line, 2);
    EXPECT_NE(at.path.find("brainemu_malformed.toml"), std::string::npos);
    at = error_of(
        write_temp("brainemu_device.toml", "[clusters.c]\ndevice = \"h900\"\ndevices = 10\n"));
    EXPECT_EQ(at.field, "clusters.c.device");
    EXPECT_EQ(at.line, 2);
    at = error_of(write_temp("brainemu_kind.toml", "[organism.x]\nneurons = 5\n"));
    EXPECT_EQ(at.field, "organism");
    at = error_of(write_temp("brainemu_missing.toml", "[organisms.x]\nneurons = 5\n"));
    EXPECT_EQ(at.field, "organisms.x.synapses");
}

}  // namespace
}  // namespace brainemu::plan
