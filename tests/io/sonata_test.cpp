// SONATA reading against counts computed independently with h5py (numbers in each test), a
// spike-file round trip checked through the HDF5 API, and the input errors users will meet.

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <hdf5.h>

#include "core/input_error.hpp"
#include "io/sonata/hdf5_file.hpp"
#include "io/sonata/sonata_run.hpp"

namespace brainemu {
namespace {

namespace fs = std::filesystem;

fs::path sonata_dir() {
    const char* env = std::getenv("BRAINEMU_DATA");
    const fs::path data =
        env ? fs::path(env) : fs::path(BRAINEMU_SOURCE_DIR) / ".." / "shared" / "data";
    return data / "sonata_examples";
}

#define REQUIRE_SONATA_DATA()                                                         \
    if (!fs::exists(sonata_dir() / "300_intfire")) {                                  \
        GTEST_SKIP() << "SONATA examples not found at " << sonata_dir()               \
                     << " (set BRAINEMU_DATA to the folder holding sonata_examples)"; \
    }

std::uint64_t count_label(const connectome& c, const std::string& label) {
    const auto it = c.labels.find(label);
    return it == c.labels.end() ? 0 : it->second.size();
}

// h5py: v1 300 nodes (types 100: 240, 101: 60), lgn 90 and tw 30 virtual; v1_to_v1 61,560
// edges, lgn_to_v1 17,160, tw_to_v1 9,000; lgn_spikes.h5 2,738 spikes, tw_spikes.h5 295.
TEST(sonata, intfire_300_loads_with_h5py_counts) {
    REQUIRE_SONATA_DATA();
    const sonata_run r = load_sonata_run(sonata_dir() / "300_intfire" / "config.json");
    const sonata_circuit& c = r.circuit;
    EXPECT_EQ(c.net.size(), 300u);
    EXPECT_EQ(count_label(c.net, "population:v1"), 300u);
    EXPECT_EQ(count_label(c.net, "node_type_id:100"), 240u);
    EXPECT_EQ(count_label(c.net, "model_name:LIF_inh"), 60u);
    ASSERT_NE(c.population("lgn"), nullptr);
    EXPECT_TRUE(c.population("lgn")->is_virtual);
    EXPECT_EQ(c.population("lgn")->size, 90u);
    EXPECT_EQ(c.population("tw")->size, 30u);
    EXPECT_EQ(c.net.pairs(), 61560u);
    EXPECT_EQ(c.virtual_edges.size(), 17160u + 9000u);
    EXPECT_EQ(c.weight_unit, "1");
    EXPECT_DOUBLE_EQ(r.tstop_ms, 3000.0);
    EXPECT_DOUBLE_EQ(r.dt_ms, 0.1);
    ASSERT_EQ(r.inputs.size(), 2u);
    for (const auto& in : r.inputs) {
        EXPECT_EQ(in.spikes, in.population == "lgn" ? 2738u : 295u) << in.name;
    }
    EXPECT_EQ(r.spikes_file.filename(), "spikes.h5");
    EXPECT_EQ(r.spikes_sorting, sonata_sorting::by_time);

    // Node type params: IntFire1_exc_1.json tau = 0.024 s, refrac = 0.003 s (BMTK: x 1000).
    const auto& exc = *c.node_type("v1", 100);
    EXPECT_EQ(exc.model_template, "nrn:IntFire1");
    ASSERT_TRUE(exc.model);
    const auto& p = std::get<intfire1::params>(*exc.model);
    EXPECT_NEAR(p.tau_ms, 24.0, 1e-12);
    EXPECT_NEAR(p.refrac_ms, 3.0, 1e-12);
    EXPECT_NEAR(std::get<intfire1::params>(*c.node_type("v1", 101)->model).tau_ms, 7.0, 1e-12);

    // Edge 5 of v1_to_v1 (h5py): 5 -> 1, type 103 (syn_weight 0.002, delay 2.0,
    // instanteneousExc sign +1), nsyns 10: weight 0.02.
    const auto pre = c.net.find_id(5), post = c.net.find_id(1);
    ASSERT_TRUE(pre && post);
    bool found = false;
    for (std::uint64_t e = c.net.row_offsets[*pre]; e < c.net.row_offsets[*pre + 1]; ++e) {
        if (c.net.post[e] == *post) {
            found = true;
            EXPECT_NEAR(c.net.edge_weight[e], 0.02, 1e-7);  // float32
            EXPECT_FLOAT_EQ(c.net.edge_delay_ms[e], 2.0f);
        }
    }
    EXPECT_TRUE(found);
    // Inhibitory sources (type 100/101 use instanteneousInh, sign -1) give negative weights.
    EXPECT_LT(*std::min_element(c.net.edge_weight.begin(), c.net.edge_weight.end()), 0.0f);

    // Every input event arrives 2 ms (the lgn/tw edge delay) after a spike, sorted by time.
    ASSERT_FALSE(r.input_events.empty());
    EXPECT_TRUE(std::is_sorted(r.input_events.begin(), r.input_events.end(),
                               [](const auto& a, const auto& b) { return a.time_ms < b.time_ms; }));
    EXPECT_NEAR(r.input_events.front().time_ms, 1.176 + 2.0, 1e-9);  // first lgn spike
}

// h5py: internal 300 nodes (types 100/101/102: 80 each, 103/104: 30), external 100 virtual;
// internal_to_internal 27,588 edges, external_to_internal 20,844; 4,334 input spikes.
TEST(sonata, pointneurons_300_loads_with_h5py_counts) {
    REQUIRE_SONATA_DATA();
    const sonata_run r =
        load_sonata_run(sonata_dir() / "300_pointneurons" / "simulation_config.json");
    const sonata_circuit& c = r.circuit;
    EXPECT_EQ(c.net.size(), 300u);
    EXPECT_EQ(count_label(c.net, "node_type_id:103"), 30u);
    EXPECT_EQ(count_label(c.net, "model_template:nest:iaf_psc_alpha"), 300u);
    EXPECT_EQ(c.population("external")->size, 100u);
    EXPECT_EQ(c.net.pairs(), 27588u);
    EXPECT_EQ(c.virtual_edges.size(), 20844u);
    ASSERT_EQ(r.inputs.size(), 1u);
    EXPECT_EQ(r.inputs[0].spikes, 4334u);
    EXPECT_DOUBLE_EQ(r.dt_ms, 0.01);
    // iaf_psc_alpha has no brainemu model: kept as template + params, with a reason.
    const auto& pv1 = *c.node_type("internal", 103);
    EXPECT_FALSE(pv1.model);
    EXPECT_NE(pv1.unmapped_reason.find("alpha"), std::string::npos);
    EXPECT_DOUBLE_EQ(pv1.dynamics.at("C_m"), 180.0);  // 472912177_point.json
    EXPECT_DOUBLE_EQ(pv1.dynamics.at("V_th"), -35.0);
    // h5py: edge 5 is 27 -> 0, syn_weight 2.5 (a per-edge dataset), type delay 2.0.
    const auto pre = c.net.find_id(27), post = c.net.find_id(0);
    ASSERT_TRUE(pre && post);
    const std::uint64_t b = c.net.row_offsets[*pre], e = c.net.row_offsets[*pre + 1];
    const auto it = std::find(c.net.post.begin() + static_cast<std::ptrdiff_t>(b),
                              c.net.post.begin() + static_cast<std::ptrdiff_t>(e), *post);
    ASSERT_NE(it, c.net.post.begin() + static_cast<std::ptrdiff_t>(e));
    const auto k = static_cast<std::size_t>(it - c.net.post.begin());
    EXPECT_FLOAT_EQ(c.net.edge_weight[k], 2.5f);
    EXPECT_FLOAT_EQ(c.net.edge_delay_ms[k], 2.0f);
    // external_to_internal has no delay anywhere: NaN (the run's default) on virtual edges.
    EXPECT_TRUE(std::isnan(c.virtual_edges.front().delay_ms));
}

// h5py: pre 5 virtual, post 5; 22 edges (nsyns 1, syn_weight 5 from the type, delay 0);
// tw_spikes.h5 has 295 spikes of node ids 0..29, of which only 0..4 exist here.
TEST(sonata, sim_tests_intfire_ten_cells_spikes_nrn) {
    REQUIRE_SONATA_DATA();
    const fs::path dir = sonata_dir() / "sim_tests" / "intfire" / "ten_cells_spikes_nrn" / "input";
    const sonata_run r = load_sonata_run(dir / "simulation_config.json");
    EXPECT_EQ(r.circuit.net.size(), 5u);
    EXPECT_EQ(r.circuit.population("pre")->size, 5u);
    EXPECT_EQ(r.circuit.virtual_edges.size(), 22u);
    EXPECT_FLOAT_EQ(r.circuit.virtual_edges[0].weight, 5.0f);
    EXPECT_FLOAT_EQ(r.circuit.virtual_edges[0].delay_ms, 0.0f);
    ASSERT_EQ(r.inputs.size(), 1u);
    EXPECT_EQ(r.inputs[0].spikes, 295u);
    const auto spikes = read_sonata_spikes(dir / "tw_spikes.h5");
    ASSERT_EQ(spikes.size(), 1u);
    std::uint64_t low = 0;
    for (auto id : spikes[0].node_ids) {
        low += id < 5 ? 1 : 0;
    }
    EXPECT_EQ(r.inputs[0].spikes_used, low);
}

// h5py: ten_cells_iclamp 10 nodes, 20 edges (index group misspelled "indicies").
TEST(sonata, sim_tests_intfire_ten_cells_iclamp_circuit) {
    REQUIRE_SONATA_DATA();
    const fs::path dir = sonata_dir() / "sim_tests" / "intfire" / "ten_cells_iclamp_nest" / "input";
    const sonata_circuit c = load_sonata_circuit(dir / "circuit_config.json");
    EXPECT_EQ(c.net.size(), 10u);
    EXPECT_EQ(c.net.pairs(), 20u);
}

TEST(sonata, written_spike_file_round_trips_with_the_sonata_layout) {
    const fs::path dir = fs::temp_directory_path() / "brainemu_sonata_test";
    fs::create_directories(dir);
    const fs::path path = dir / "spikes.h5";
    write_sonata_spikes(path, {{"v1", {3.0, 1.0, 2.0}, {7, 5, 6}}}, sonata_sorting::by_time);
    ASSERT_TRUE(fs::exists(path));
    for (const auto& entry : fs::directory_iterator(dir)) {
        EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos);
    }
    const auto back = read_sonata_spikes(path);
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0].population, "v1");
    EXPECT_EQ(back[0].timestamps_ms, (std::vector<double>{1.0, 2.0, 3.0}));
    EXPECT_EQ(back[0].node_ids, (std::vector<std::uint64_t>{5, 6, 7}));

    // The layout, through the C API: types and attributes as the SONATA spec gives them.
    const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    const hid_t ts = H5Dopen2(f, "/spikes/v1/timestamps", H5P_DEFAULT);
    const hid_t ids = H5Dopen2(f, "/spikes/v1/node_ids", H5P_DEFAULT);
    ASSERT_GE(ts, 0);
    ASSERT_GE(ids, 0);
    const hid_t ts_type = H5Dget_type(ts), ids_type = H5Dget_type(ids);
    EXPECT_GT(H5Tequal(ts_type, H5T_IEEE_F64LE), 0);
    EXPECT_GT(H5Tequal(ids_type, H5T_STD_U64LE), 0);
    H5Tclose(ts_type);
    H5Tclose(ids_type);
    H5Dclose(ts);
    H5Dclose(ids);
    H5Fclose(f);
    const hdf5::file h = hdf5::file::open(path);
    EXPECT_EQ(h.string_attribute("/spikes/v1", "sorting"), "by_time");
    EXPECT_EQ(h.string_attribute("/spikes/v1/timestamps", "units"), "ms");
    fs::remove_all(dir);
}

TEST(sonata, by_id_sorting_orders_by_node_then_time) {
    const fs::path path = fs::temp_directory_path() / "brainemu_sonata_by_id.h5";
    write_sonata_spikes(path, {{"a", {3.0, 1.0, 2.0}, {2, 2, 1}}}, sonata_sorting::by_id);
    const auto back = read_sonata_spikes(path);
    EXPECT_EQ(back[0].node_ids, (std::vector<std::uint64_t>{1, 2, 2}));
    EXPECT_EQ(back[0].timestamps_ms, (std::vector<double>{2.0, 1.0, 3.0}));
    EXPECT_EQ(hdf5::file::open(path).string_attribute("/spikes/a", "sorting"), "by_id");
    fs::remove(path);
}

template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const input_error& e) {
        return e.what();
    }
    return "(no input_error)";
}

TEST(sonata, missing_dataset_names_file_and_dataset) {
    REQUIRE_SONATA_DATA();
    const fs::path nodes = sonata_dir() / "300_intfire" / "network" / "v1_nodes.h5";
    const std::string msg =
        error_of([&] { (void)hdf5::file::open(nodes).read_f64("/nodes/v1/no_such"); });
    EXPECT_NE(msg.find("v1_nodes.h5"), std::string::npos) << msg;
    EXPECT_NE(msg.find("/nodes/v1/no_such"), std::string::npos) << msg;
}

TEST(sonata, unreadable_hdf5_file_is_an_input_error) {
    const fs::path path = fs::temp_directory_path() / "brainemu_not_hdf5.h5";
    std::ofstream(path) << "not an HDF5 file\n";
    const std::string msg = error_of([&] { (void)read_sonata_spikes(path); });
    EXPECT_NE(msg.find("brainemu_not_hdf5.h5"), std::string::npos) << msg;
    EXPECT_NE(msg.find("cannot open as HDF5"), std::string::npos) << msg;
    fs::remove(path);
}

// A file name the system refuses (over 255 bytes: ENAMETOOLONG) is bad input (exit 3), not an
// escaping filesystem_error (it was exit 1).
TEST(sonata, a_file_name_too_long_is_an_input_error) {
    const fs::path path = fs::temp_directory_path() / (std::string(300, 'x') + ".h5");
    try {
        (void)hdf5::file::open(path);
        ADD_FAILURE() << "opened";
    } catch (const input_error& e) {
        EXPECT_NE(std::string(e.what()).find("File name too long"), std::string::npos) << e.what();
    }
}

TEST(sonata, missing_config_key_names_file_and_key) {
    const fs::path path = fs::temp_directory_path() / "brainemu_sim_config.json";
    std::ofstream(path) << R"({"manifest": {"$BASE_DIR": "."}, "run": {"tstop": 10.0}})";
    const std::string msg = error_of([&] { (void)read_sonata_simulation_config(path); });
    EXPECT_NE(msg.find("brainemu_sim_config.json"), std::string::npos) << msg;
    EXPECT_NE(msg.find("run.dt"), std::string::npos) << msg;
    fs::remove(path);
}

TEST(sonata, manifest_variables_nest_and_resolve_against_the_config) {
    const fs::path dir = fs::temp_directory_path() / "brainemu_manifest";
    fs::create_directories(dir);
    std::ofstream(dir / "simulation_config.json") << R"({
        "manifest": {"$BASE_DIR": ".", "$OUTPUT_DIR": "$BASE_DIR/out"},
        "run": {"tstop": 5.0, "dt": 0.1},
        "output": {"output_dir": "${OUTPUT_DIR}", "spikes_file": "s.h5"}})";
    const auto s = read_sonata_simulation_config(dir / "simulation_config.json");
    EXPECT_EQ(s.spikes_file, (dir / "out" / "s.h5").lexically_normal());
    EXPECT_EQ(s.network, dir / "circuit_config.json");
    fs::remove_all(dir);
}

// Thirteen entries that each use the previous one twice doubled up to 12.9 GB resident from a
// 1,079-byte config; a cycle went unnoticed. Both are refused, naming the entry.
TEST(sonata, runaway_or_cyclic_manifests_are_refused) {
    const fs::path path = fs::temp_directory_path() / "brainemu_runaway_config.json";
    std::string manifest = R"("$L0": "abcdefgh")";
    for (int k = 1; k <= 30; ++k) {
        manifest += fmt::format(R"(, "$L{}": "$L{}$L{}")", k, k - 1, k - 1);
    }
    std::ofstream(path)
        << "{\"manifest\": {" << manifest
        << R"(}, "run": {"tstop": 5.0, "dt": 0.1}, "output": {"output_dir": "$L30"}})";
    std::string msg = error_of([&] { (void)read_sonata_simulation_config(path); });
    EXPECT_NE(msg.find("manifest.L"), std::string::npos) << msg;
    EXPECT_NE(msg.find("expands past 65536 characters"), std::string::npos) << msg;

    std::ofstream(path) << R"({"manifest": {"$A": "x$B", "$B": "y$A"},
        "run": {"tstop": 5.0, "dt": 0.1}, "output": {"output_dir": "$A"}})";
    msg = error_of([&] { (void)read_sonata_simulation_config(path); });
    EXPECT_NE(msg.find("in a cycle"), std::string::npos) << msg;
    fs::remove(path);
}

}  // namespace
}  // namespace brainemu
