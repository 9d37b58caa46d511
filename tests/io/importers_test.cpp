// Text-format importers on the real datasets in ${BRAINEMU_DATA:-<repo>/../shared/data}, and
// bad input on small files the tests write. Expected counts come from the folders' SOURCE.md
// files unless a comment says they were computed independently with /usr/bin/python3 (csv
// module, same policy as the importer where the data leave a choice).

#include "io/import/importers.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "core/input_error.hpp"
#include "io/bcx.hpp"
#include "io/import/byte_source.hpp"
#include "io/import/table_reader.hpp"

namespace brainemu {
namespace {

namespace fs = std::filesystem;

fs::path data_dir() {
    if (const char* d = std::getenv("BRAINEMU_DATA")) {
        return d;
    }
    return fs::path(BRAINEMU_SOURCE_DIR) / ".." / "shared" / "data";
}

#define REQUIRE_DATA(rel)                                                               \
    do {                                                                                \
        if (!fs::exists(data_dir() / (rel))) {                                          \
            GTEST_SKIP() << "dataset file " << (data_dir() / (rel)).string()            \
                         << " is absent (set BRAINEMU_DATA to the shared data folder)"; \
        }                                                                               \
    } while (0)

class importers : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("brainemu_importers_" + std::to_string(::getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    fs::path write(const std::string& name, const std::string& text) const {
        const fs::path p = dir_ / name;
        if (p.extension() == ".gz") {
            gzFile f = gzopen(p.c_str(), "wb");
            gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
            gzclose(f);
        } else if (p.extension() == ".zst") {
            std::string out(ZSTD_compressBound(text.size()), '\0');
            out.resize(ZSTD_compress(out.data(), out.size(), text.data(), text.size(), 3));
            std::ofstream(p, std::ios::binary) << out;
        } else {
            std::ofstream(p, std::ios::binary) << text;
        }
        return p;
    }
    fs::path dir_;
};

fs::path data(const std::string& rel) {
    return data_dir() / rel;
}

std::uint32_t pair_count(const connectome& c, std::int64_t pre, std::int64_t post) {
    const auto p = c.find_id(pre), q = c.find_id(post);
    if (!p || !q) {
        return 0;
    }
    for (auto e = c.row_offsets[*p]; e < c.row_offsets[*p + 1]; ++e) {
        if (c.post[e] == *q) {
            return c.count[e];
        }
    }
    return 0;
}

std::uint32_t named_pair(const connectome& c, std::string_view pre, std::string_view post) {
    const auto p = c.find_name(pre), q = c.find_name(post);
    return p && q ? pair_count(c, c.ids[*p], c.ids[*q]) : 0;
}

std::size_t label_size(const connectome& c, const std::string& label) {
    const auto it = c.labels.find(label);
    return it == c.labels.end() ? 0 : it->second.size();
}

// The error must name the file and line ("name:line:") and contain `what`.
void expect_input_error(const std::function<void()>& f, const std::string& where,
                        const std::string& what) {
    try {
        f();
        ADD_FAILURE() << "no input_error; expected '" << where << "' and '" << what << "'";
    } catch (const input_error& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find(where), std::string::npos) << msg;
        EXPECT_NE(msg.find(what), std::string::npos) << msg;
    }
}

// --- real datasets --------------------------------------------------------------------------

TEST_F(importers, codex_neurons_and_classification) {
    REQUIRE_DATA("flywire_shiu2024/codex_630/neurons_630.csv.gz");
    const connectome c =
        import_connectome("codex",
                          {data("flywire_shiu2024/codex_630/neurons_630.csv.gz"),
                           data("flywire_shiu2024/codex_630/classification_630.csv.gz")},
                          {});
    // python3: 127,978 neurons rows + 1 classification-only root id (720575940609340228).
    EXPECT_EQ(c.size(), 127979U);
    EXPECT_EQ(c.metadata_value("classification_only_neurons"), "1");
    const auto n = c.find_id(720575940598267657);  // 18 digits, above 2^53
    ASSERT_TRUE(n);
    EXPECT_EQ(c.ids[*n], 720575940598267657);
    EXPECT_EQ(c.transmitter_names[c.transmitter[*n]], "GABA");
    EXPECT_EQ(c.type_names[c.type[*n]], "optic_lobes");  // no cell_type: class
    const auto l4 = c.find_id(720575940627005443);
    ASSERT_TRUE(l4);
    EXPECT_EQ(c.type_names[c.type[*l4]], "L4");
    // python3: side == left 62,734, super_class == sensory 9,708 (as SOURCE.md counts).
    EXPECT_EQ(label_size(c, "side:left"), 62734U);
    EXPECT_EQ(label_size(c, "super_class:sensory"), 9708U);
    EXPECT_EQ(c.pairs(), 0U);
}

TEST_F(importers, codex_connections_summed_over_neuropils) {
    REQUIRE_DATA("flywire_shiu2024/codex_630/neurons_630.csv.gz");
    // Real root ids from neurons_630.csv.gz; the Codex connections layout.
    const auto conn = write("connections.csv.gz",
                            "pre_root_id,post_root_id,neuropil,syn_count,nt_type\n"
                            "720575940598267657,720575940627005443,ME_R,7,GABA\n"
                            "720575940598267657,720575940627005443,LO_R,5,GABA\n"
                            "720575940627005443,720575940598267657,ME_R,3,ACH\n"
                            "720575940590515268,720575940598267657,ME_R,2,ACH\n");
    const connectome c =
        import_codex({data("flywire_shiu2024/codex_630/neurons_630.csv.gz"), conn}, {});
    EXPECT_EQ(c.size(), 127978U);
    EXPECT_EQ(c.pairs(), 3U);
    EXPECT_EQ(c.synapse_count(), 17U);
    EXPECT_EQ(pair_count(c, 720575940598267657, 720575940627005443), 12U);
    // The neurons table has no nt_type for 720575940590515268: taken from its connection.
    EXPECT_EQ(c.transmitter_names[c.transmitter[*c.find_id(720575940590515268)]], "ACH");
    // ... but the table's prediction wins where it has one.
    EXPECT_EQ(c.transmitter_names[c.transmitter[*c.find_id(720575940598267657)]], "GABA");
    const auto bad = write("connections.csv",
                           "pre_root_id,post_root_id,neuropil,syn_count,nt_type\n"
                           "720575940598267657,720575940627005443,ME_R,7,GABA\n"
                           "720575940598267657,123,ME_R,7,GABA\n");
    expect_input_error(
        [&] {
            (void)import_codex({data("flywire_shiu2024/codex_630/neurons_630.csv.gz"), bad}, {});
        },
        "connections.csv:3: post_root_id", "unknown neuron id 123");
}

TEST_F(importers, codex_slice_corrupt_line_is_reported) {
    REQUIRE_DATA("flywire_shiu2024/codex_783_slice/Synapses_IPS_ME_1_2_GNG_SPS_1.tsv");
    import_options o;
    o.set("pre", "From");
    o.set("post", "To");
    o.set("count", "Synapses");
    // SOURCE.md: line 2293 joins two records (a missing line break).
    expect_input_error(
        [&] {
            (void)import_connectome(
                "edgelist",
                {data("flywire_shiu2024/codex_783_slice/Synapses_IPS_ME_1_2_GNG_SPS_1.tsv")}, o);
        },
        "Synapses_IPS_ME_1_2_GNG_SPS_1.tsv:2293:", "9 fields, expected 5");
}

TEST_F(importers, shiu_completeness_and_connectivity) {
    REQUIRE_DATA("flywire_shiu2024/Completeness_783.csv");
    // Rows 0..2 of Completeness_783.csv.
    const auto conn =
        write("connectivity.csv",
              "\"Presynaptic_ID\",\"Postsynaptic_ID\",\"Presynaptic_Index\",\"Postsynaptic_Index\","
              "\"Connectivity\",\"Excitatory\",\"Excitatory x Connectivity\"\n"
              "720575940596125868,720575940597856265,0,1,4,1,4\n"
              "720575940597856265,720575940597944841,1,2,2,-1,-2\n"
              "720575940597944841,720575940596125868,2,0,1,1,1\n");
    const connectome c =
        import_connectome("shiu", {data("flywire_shiu2024/Completeness_783.csv"), conn}, {});
    EXPECT_EQ(c.size(), 138639U);  // SOURCE.md
    EXPECT_EQ(c.ids[0], 720575940596125868);
    EXPECT_EQ(c.ids[2], 720575940597944841);
    EXPECT_EQ(c.pairs(), 3U);
    EXPECT_EQ(pair_count(c, 720575940596125868, 720575940597856265), 4U);
    EXPECT_EQ(c.transmitter_names[c.transmitter[0]], "excitatory");
    EXPECT_EQ(c.transmitter_names[c.transmitter[1]], "inhibitory");
    const auto wrong = write("wrong_index.csv",
                             "Presynaptic_ID,Postsynaptic_ID,Presynaptic_Index,"
                             "Postsynaptic_Index,Connectivity,Excitatory\n"
                             "720575940596125868,720575940597856265,0,2,4,1\n");
    expect_input_error(
        [&] {
            (void)import_shiu({data("flywire_shiu2024/Completeness_783.csv"), wrong}, {});
        },
        "wrong_index.csv:2: Postsynaptic_Index", "disagrees");
}

TEST_F(importers, cook2019_chemical_gap_and_bentley_transmitters) {
    REQUIRE_DATA("celegans_cook2019/cook2019_hermaphrodite_chemical_edgelist.csv");
    import_options o;
    o.set("transmitters",
          data("celegans_neurotransmitters_bentley2016/Bentley_et_al_2016_expression.csv"));
    const connectome c =
        import_connectome("cook2019",
                          {data("celegans_cook2019/cook2019_hermaphrodite_chemical_edgelist.csv"),
                           data("celegans_cook2019/cook2019_herm_gap_jn_symmetric_edgelist.csv")},
                          o);
    // SOURCE.md: 4,879 chemical rows, sum 28,113. python3: 473 distinct names in both files;
    // 1,433 gap pairs, 10,879 junctions (larger direction; 17 self-pairs dropped).
    EXPECT_EQ(c.size(), 473U);
    EXPECT_EQ(c.pairs(), 4879U);
    EXPECT_EQ(c.synapse_count(), 28113U);
    EXPECT_EQ(c.gap_a.size(), 1433U);
    EXPECT_EQ(c.gap_junction_count(), 10879U);
    EXPECT_EQ(named_pair(c, "I1L", "I2L"), 10U);
    // Neurons are numbered in sorted name order.
    for (std::uint32_t i = 1; i < c.size(); ++i) {
        EXPECT_LT(c.names[i - 1], c.names[i]);
        EXPECT_EQ(c.ids[i], i);
    }
    EXPECT_EQ(c.transmitter_names[c.transmitter[*c.find_name("ADEL")]], "Dopamine");
    EXPECT_EQ(c.transmitter_names[c.transmitter[*c.find_name("RIML")]], "Tyramine");
    EXPECT_EQ(c.transmitter_names[c.transmitter[*c.find_name("I1L")]], "");
    // python3: 32 Neurotransmitter rows name 20 distinct neurons, all present.
    EXPECT_EQ(c.metadata_value("transmitter_neurons"), "20");
}

TEST_F(importers, cook2019_space_padded_full_edgelist) {
    REQUIRE_DATA("celegans_cook2019/herm_full_edgelist.csv");
    const connectome c =
        import_connectome("cook2019", {data("celegans_cook2019/herm_full_edgelist.csv")}, {});
    // SOURCE.md: 448 cells, 4,681 chemical rows; python3 (names trimmed): chemical sum 27,019,
    // 1,345 gap pairs with 6,333 junctions.
    EXPECT_EQ(c.size(), 448U);
    EXPECT_EQ(c.pairs(), 4681U);
    EXPECT_EQ(c.synapse_count(), 27019U);
    EXPECT_EQ(c.gap_a.size(), 1345U);
    EXPECT_EQ(c.gap_junction_count(), 6333U);
    EXPECT_EQ(named_pair(c, "I1L", "I2L"), 10U);  // "I1L " and " I2L           " trimmed
}

TEST_F(importers, varshney2011_transmitters_and_gap_junctions) {
    REQUIRE_DATA("celegans_varshney2011/CElegansNeuronTables_Connectome.csv");
    const connectome c = import_connectome(
        "varshney2011", {data("celegans_varshney2011/CElegansNeuronTables_Connectome.csv")}, {});
    // SOURCE.md: 299 neurons, 2,279 Send rows; python3: Send sum 6,465, 552 gap pairs with 934
    // junctions (larger direction of each pair; 35 pairs listed one way or unequally).
    EXPECT_EQ(c.size(), 299U);
    EXPECT_EQ(c.pairs(), 2279U);
    EXPECT_EQ(c.synapse_count(), 6465U);
    EXPECT_EQ(c.gap_a.size(), 552U);
    EXPECT_EQ(c.gap_junction_count(), 934U);
    EXPECT_EQ(named_pair(c, "ADAL", "AIBR"), 2U);
    EXPECT_EQ(c.transmitter_names[c.transmitter[*c.find_name("ADAL")]], "Glutamate");
    EXPECT_TRUE(c.edge_transmitter.empty());  // one transmitter per presynaptic neuron
}

TEST_F(importers, larva_whole_brain) {
    REQUIRE_DATA("drosophila_larva_winding2023_full/unmatched_full_edgelist.csv");
    const std::string d = "drosophila_larva_winding2023_full/";
    const connectome c =
        import_connectome("larva",
                          {data(d + "unmatched_full_edgelist.csv"),
                           data(d + "unmatched_full_nodes.csv"), data(d + "meta_data.csv")},
                          {});
    EXPECT_EQ(c.size(), 3013U);             // SOURCE.md
    EXPECT_EQ(c.pairs(), 111243U);          // SOURCE.md
    EXPECT_EQ(c.synapse_count(), 353859U);  // SOURCE.md; weights written "9.0"
    EXPECT_EQ(pair_count(c, 29, 8419602), 9U);
    EXPECT_EQ(label_size(c, "hemisphere:L"), 1506U);  // SOURCE.md
    EXPECT_EQ(label_size(c, "sensory"), 431U);        // SOURCE.md (Sensory 431)
    const auto an = c.find_name("AN-L-Sens-B1-ACa-13");
    ASSERT_TRUE(an);
    EXPECT_EQ(c.ids[*an], 9838294);
    EXPECT_EQ(c.type_names[c.type[*an]], "sens-AN");
    // python3: 20 names repeat (89 neurons, "KC17" twice); they become labels, not names.
    EXPECT_FALSE(c.find_name("KC17"));
    EXPECT_EQ(label_size(c, "name:KC17"), 2U);
    EXPECT_EQ(c.type_names[c.type[*c.find_id(11691603)]], "KC-1claw");
}

TEST_F(importers, larva_subset_and_no_mixing) {
    REQUIRE_DATA("drosophila_larva_maggot_subset/maggot_subset_edgelist.csv");
    const std::string s = "drosophila_larva_maggot_subset/";
    const connectome c =
        import_connectome("larva",
                          {data(s + "maggot_subset_edgelist.csv"),
                           data(s + "maggot_subset_nodes.csv"), data(s + "meta_data.csv")},
                          {});
    // SOURCE.md: 1,240 neurons, 32,564 edges; python3: sum 137,980, 72 sensory (class1 sens).
    EXPECT_EQ(c.size(), 1240U);
    EXPECT_EQ(c.pairs(), 32564U);
    EXPECT_EQ(c.synapse_count(), 137980U);
    EXPECT_EQ(label_size(c, "sensory"), 72U);
    EXPECT_EQ(label_size(c, "hemisphere:R"), 620U);
    REQUIRE_DATA("drosophila_larva_winding2023_full/meta_data.csv");
    expect_input_error(
        [&] {
            (void)import_larva(
                {data(s + "maggot_subset_edgelist.csv"), data(s + "maggot_subset_nodes.csv"),
                 data("drosophila_larva_winding2023_full/meta_data.csv")},
                {});
        },
        "meta_data.csv:1:", "must not be mixed");
    // The subset's edges against the whole-brain nodes: 294 edges name unknown neurons.
    expect_input_error(
        [&] {
            (void)import_larva({data(s + "maggot_subset_edgelist.csv"),
                                data("drosophila_larva_winding2023_full/unmatched_full_nodes.csv")},
                               {});
        },
        "maggot_subset_edgelist.csv:", "absent from the neuron table unmatched_full_nodes.csv");
}

TEST_F(importers, zebrafish_both_tables) {
    REQUIRE_DATA("zebrafish_hindbrain_vishwanathan2024/zfish609_edgelist.csv");
    const std::string z = "zebrafish_hindbrain_vishwanathan2024/";
    const connectome c = import_connectome(
        "zebrafish", {data(z + "zfish609_nodes.csv"), data(z + "zfish609_edgelist.csv")}, {});
    EXPECT_EQ(c.size(), 609U);  // SOURCE.md
    EXPECT_EQ(c.pairs(), 10703U);
    EXPECT_EQ(c.synapse_count(), 19901U);
    EXPECT_EQ(pair_count(c, 77099, 78083), 21U);
    EXPECT_EQ(c.type_names[c.type[*c.find_id(77099)]], "_Axl_");
    EXPECT_EQ(label_size(c, "cell_type:ABD_m"), 32U);  // SOURCE.md
    const connectome big = import_connectome(
        "zebrafish", {data(z + "zfish2884_edgelist.csv"), data(z + "zfish2884_nodes.csv")}, {});
    EXPECT_EQ(big.size(), 2884U);
    EXPECT_EQ(big.pairs(), 44969U);
    EXPECT_EQ(big.synapse_count(), 75195U);
    EXPECT_EQ(pair_count(big, 77099, 78083), 21U);  // the 609 matrix is a submatrix
}

TEST_F(importers, microns_synapses_counted_per_pair) {
    REQUIRE_DATA("mouse_v1_layer23_pinky100_microns/soma_valence_v185.csv");
    const std::string m = "mouse_v1_layer23_pinky100_microns/";
    const connectome c = import_connectome(
        "microns",
        {data(m + "soma_subgraph_synapses_spines_v185.csv"), data(m + "soma_valence_v185.csv")},
        {});
    // SOURCE.md: e 364 + i 32 + uncertain 1 somas (glia left out), 1,961 synapses, 1,736 pairs.
    EXPECT_EQ(c.size(), 397U);
    EXPECT_EQ(c.synapse_count(), 1961U);
    EXPECT_EQ(c.pairs(), 1736U);
    EXPECT_EQ(pair_count(c, 648518346349538192, 648518346349539856), 5U);  // python3
    const auto n = c.find_id(648518346349540057);
    ASSERT_TRUE(n);
    EXPECT_EQ(c.ids[*n], 648518346349540057);
    EXPECT_EQ(c.transmitter_names[c.transmitter[*n]], "excitatory");
    EXPECT_EQ(label_size(c, "valence:i"), 32U);
}

TEST_F(importers, edgelist_headerless_space_separated) {
    REQUIRE_DATA("drosophila_larva_winding2023_full/G_edgelist.txt");
    import_options o;
    o.set("header", "false");
    const connectome c = import_connectome(
        "edgelist", {data("drosophila_larva_winding2023_full/G_edgelist.txt")}, o);
    EXPECT_EQ(c.size(), 3554U);  // SOURCE.md
    EXPECT_EQ(c.pairs(), 119010U);
    EXPECT_EQ(c.synapse_count(), 376091U);
    EXPECT_EQ(pair_count(c, 29, 8419602), 9U);
}

TEST_F(importers, round_trip_through_bcx) {
    REQUIRE_DATA("celegans_varshney2011/CElegansNeuronTables_Connectome.csv");
    const connectome c = import_connectome(
        "varshney2011", {data("celegans_varshney2011/CElegansNeuronTables_Connectome.csv")}, {});
    write_bcx(c, dir_ / "v.bcx");
    const connectome r = read_bcx(dir_ / "v.bcx");
    ASSERT_EQ(r.size(), c.size());
    EXPECT_EQ(r.names, c.names);
    EXPECT_TRUE(std::equal(r.ids.begin(), r.ids.end(), c.ids.begin()));
    EXPECT_TRUE(std::equal(r.post.begin(), r.post.end(), c.post.begin(), c.post.end()));
    EXPECT_TRUE(std::equal(r.count.begin(), r.count.end(), c.count.begin(), c.count.end()));
    EXPECT_TRUE(
        std::equal(r.gap_count.begin(), r.gap_count.end(), c.gap_count.begin(), c.gap_count.end()));
    EXPECT_EQ(r.transmitter_of_edge(0, 0), c.transmitter_of_edge(0, 0));
    EXPECT_EQ(r.metadata_value("importer"), "brainemu import 0.1.0");
    EXPECT_EQ(r.metadata_value("synapses"), "6465");
}

// --- the table reader and bad input ---------------------------------------------------------

TEST_F(importers, reader_handles_bom_quotes_padding_and_compression) {
    const std::string text =
        "\xEF\xBB\xBFpre , post,\"weight\"\r\n"
        "  1 , 2 ,\"3\"\r\n"
        "\n"
        "\"a,b\",\"say \"\"hi\"\"\nthere\",9.0\n";
    for (const char* name : {"t.csv", "t.csv.gz", "t.csv.zst"}) {
        table_reader r(write(name, text), {});
        ASSERT_EQ(r.columns(), (std::vector<std::string>{"pre", "post", "weight"}));
        ASSERT_TRUE(r.next());
        EXPECT_EQ(r.integer(r.column("pre")), 1);
        EXPECT_EQ(r.text(1), "2");
        EXPECT_EQ(r.count(2), 3U);
        ASSERT_TRUE(r.next());
        EXPECT_EQ(r.line(), 4);
        EXPECT_EQ(r.text(0), "a,b");
        EXPECT_EQ(r.text(1), "say \"hi\"\nthere");
        EXPECT_EQ(r.count(2), 9U);
        EXPECT_FALSE(r.next());
    }
}

// Classic Mac OS line endings (a lone '\r') end lines as '\n' and "\r\n" do; they were read as
// one line, and an edge list imported as an empty network with exit 0. Mixed endings too, and
// a "\r\n" split across the reader's 64 KiB buffer.
TEST_F(importers, reader_ends_lines_at_a_lone_carriage_return) {
    const std::string cr = "pre,post,n\r1,2,3\r4,5,6\r\n7,8,9\n";
    table_reader r(write("cr.csv", cr), {});
    ASSERT_EQ(r.columns(), (std::vector<std::string>{"pre", "post", "n"}));
    for (const int first : {1, 4, 7}) {
        ASSERT_TRUE(r.next());
        EXPECT_EQ(r.integer(0), first);
        EXPECT_EQ(r.line(), first / 3 + 2);
    }
    EXPECT_FALSE(r.next());

    std::string straddle = "pre,post,n\r\n";
    while (straddle.size() < (std::size_t{1} << 16) - 1) {
        straddle += "1,2,3\r\n";
    }
    straddle.resize((std::size_t{1} << 16) - 1);  // the buffer ends between '\r' and '\n'
    straddle += "\r\n10,11,12\r\n";
    std::string body = straddle.substr(0, straddle.rfind("\r\n10"));
    while (!body.ends_with("\r\n")) {  // cut back to a whole line before the boundary
        body.pop_back();
    }
    body.resize(body.size() - 2);
    body += std::string((std::size_t{1} << 16) - 1 - body.size(), ' ');  // pad the last line
    body += "\r\n10,11,12\r\n";
    table_reader s(write("straddle.csv", body), {});
    std::int64_t rows = 0, last = 0;
    while (s.next()) {
        ++rows;
        last = s.integer(0);
    }
    EXPECT_EQ(last, 10);
    EXPECT_EQ(rows, static_cast<std::int64_t>(std::count(body.begin(), body.end(), '\n')) - 1);
}

// A quoted field over many lines is split once it closes, and from that field on: doubled
// quotes on the way do not close it, and a second field may open on the line the first
// closes. (Re-splitting the whole record per line was quadratic: 400,000 lines after an
// unclosed quote took 146 s to refuse; now 0.03 s, docs/importers.md.)
TEST_F(importers, reader_joins_quoted_fields_over_many_lines) {
    std::string text = "a,b,c\n\"x";
    for (int k = 0; k < 1000; ++k) {
        text += "\n\"\"";
    }
    text += "\",\"y\ny\",3\nlast,\"open";
    for (int k = 0; k < 1000; ++k) {
        text += "\n";
    }
    table_reader r(write("multi.csv", text), {});
    ASSERT_TRUE(r.next());
    std::string first = "x";
    for (int k = 0; k < 1000; ++k) {
        first += "\n\"";
    }
    EXPECT_EQ(r.text(0), first);
    EXPECT_EQ(r.text(1), "y\ny");
    EXPECT_EQ(r.integer(2), 3);
    try {
        (void)r.next();
        FAIL() << "expected input_error";
    } catch (const input_error& e) {
        EXPECT_EQ(e.where().line, 1004);
        EXPECT_EQ(e.problem(), "a quoted field is never closed");
    }
}

TEST_F(importers, reader_errors_name_file_line_and_column) {
    const auto f = write("e.csv", "pre,post,n\n1,2,3\n1,x,3\n1,2,-4\n1,2,2.5\n1,2\n");
    table_reader r(f, {});
    ASSERT_TRUE(r.next());
    ASSERT_TRUE(r.next());
    expect_input_error([&] { (void)r.integer(1); }, "e.csv:3: post:", "'x' is not an integer");
    ASSERT_TRUE(r.next());
    expect_input_error([&] { (void)r.count(2); }, "e.csv:4: n:", "negative synapse count -4");
    ASSERT_TRUE(r.next());
    expect_input_error([&] { (void)r.count(2); }, "e.csv:5: n:", "not a whole synapse count");
    expect_input_error([&] { (void)r.next(); }, "e.csv:6:", "truncated line");
    expect_input_error([&] { (void)r.column("weight"); },
                       "e.csv:1: weight:", "columns present: 'pre', 'post', 'n'");
    expect_input_error([&] { table_reader x(write("empty.csv", ""), {}); },
                       "empty.csv:1:", "empty file");
    expect_input_error(
        [&] {
            table_reader x(write("q.csv", "a,b\n\"1,2\n"), {});
            (void)x.next();
        },
        "q.csv:2:", "never closed");
    expect_input_error([&] { table_reader x(dir_ / "missing.csv", {}); }, "missing.csv",
                       "cannot open");
    expect_input_error([&] { table_reader x(dir_, {}); }, dir_.string(), "directory");
    std::ofstream(dir_ / "bad.csv.gz") << "not gzip at all";
    expect_input_error([&] { table_reader x(dir_ / "bad.csv.gz", {}); }, "bad.csv.gz", "gzip");
    // 19 digits: above int64.
    const auto big = write("big.csv", "id\n99999999999999999999\n");
    table_reader b(big, {});
    ASSERT_TRUE(b.next());
    expect_input_error([&] { (void)b.integer(0); }, "big.csv:2: id:", "out of the range");
}

// One malformed file per format and kind of mistake; each must give an input_error naming the
// file and line.
struct bad_case {
    const char* format;
    const char* file;  // the broken input
    const char* text;
    const char* companion;  // neuron table or other second input ("" = none)
    const char* companion_text;
    const char* where;
    const char* what;
};

const bad_case bad_cases[] = {
    {"zebrafish", "e.csv", "pre_id,post_id,synapses\n1,2,3\n", "f.csv",
     "pre_id,post_id,synapses\n1,2,3\n", "f.csv:1:", "a second edges table"},
    {"zebrafish", "e.csv", "pre_id,post_id,synapses\n1,2,3\n1,2\n", "n.csv",
     "cell_id,cell_type\n1,a\n2,b\n", "e.csv:3:", "truncated line"},
    {"zebrafish", "e.csv", "1,2,3\n", "n.csv", "cell_id,cell_type\n1,a\n2,b\n",
     "e.csv:1:", "is the header missing"},
    {"zebrafish", "e.csv", "pre_id,post_id,synapses\n1,7,3\n", "n.csv",
     "cell_id,cell_type\n1,a\n2,b\n", "e.csv:2: post_id:", "unknown neuron id 7"},
    {"zebrafish", "e.csv", "pre_id,post_id,synapses\n1,2,-3\n", "n.csv",
     "cell_id,cell_type\n1,a\n2,b\n", "e.csv:2: synapses:", "negative synapse count"},
    {"zebrafish", "e.csv", "pre_id,post_id,synapses\n1,2,3\n", "n.csv",
     "cell_id,cell_type\n1,a\nx2,b\n", "n.csv:3: cell_id:", "not an integer"},
    {"microns", "s.csv", "id,pre_root_id,post_root_id\n1,648518346349539437,12\n", "v.csv",
     "id,cell_type,pt_root_id\n1,e,648518346349539437\n",
     "s.csv:2: post_root_id:", "unknown neuron id 12"},
    {"microns", "s.csv", "id,pre_root_id,post_root_id\n1,6485183463495394x7,1\n", "v.csv",
     "id,cell_type,pt_root_id\n1,e,648518346349539437\n",
     "s.csv:2: pre_root_id:", "not an integer"},
    {"larva", "e.csv", "1,2,1.0\n2,1,-2.0\n", "n.csv", "node_id,pair,hemisphere\n1,0,L\n2,0,R\n",
     "e.csv:2: weight:", "negative synapse count"},
    {"larva", "e.csv", "1,2,1.0\n2,3,2.0\n", "n.csv", "node_id,pair,hemisphere\n1,0,L\n2,0,R\n",
     "e.csv:2: target_skid:", "unknown neuron id 3"},
    {"larva", "e.csv", "1,2,1.0\n2,1\n", "n.csv", "node_id,pair,hemisphere\n1,0,L\n2,0,R\n",
     "e.csv:2:", "truncated line"},
    {"cook2019", "c.csv", "pre,post,weight\nAVAL,AVAR,2\nAVAL,AVBL,x\n", "", "",
     "c.csv:3: weight:", "not a number"},
    {"cook2019", "c.csv", "pre,post,weight\nAVAL,AVAR,-2\n", "", "",
     "c.csv:2: weight:", "negative synapse count"},
    {"cook2019", "c.csv", "pre,post\nAVAL,AVAR\n", "", "",
     "c.csv:1: weight:", "columns present: 'pre', 'post'"},
    {"cook2019", "c.csv", "pre,post,weight\nAVAL,AVAR\n", "", "", "c.csv:2:", "truncated line"},
    {"varshney2011", "v.csv",
     "Origin,Target,Type,Number of Connections,Neurotransmitter\nA,B,Sent,1,GABA\n", "", "",
     "v.csv:2: Type:", "'Sent' is not Send"},
    {"varshney2011", "v.csv", "Origin,Target,Type,Number of Connections\nA,B,Send,-1\n", "", "",
     "v.csv:2: Number of Connections:", "negative synapse count"},
    {"varshney2011", "v.csv", "Origin,Target,Number of Connections\nA,B,1\n", "", "",
     "v.csv:1: Type:", "no column 'Type'"},
    {"edgelist", "e.csv", "pre,post,count\n1,2,3\nq,2,3\n", "", "",
     "e.csv:3: pre:", "not an integer"},
    {"edgelist", "e.csv", "pre,post,count\n1,2,3\n1,5,3\n", "n.csv", "id,type\n1,a\n2,b\n",
     "e.csv:3: post:", "absent from the neuron table n.csv"},
    {"edgelist", "e.csv", "pre,post,count\n1,2,-3\n", "", "",
     "e.csv:2: count:", "negative synapse count"},
    {"codex", "c.csv", "pre_root_id,post_root_id,neuropil,syn_count,nt_type\n1,2,ME,3\n", "n.csv",
     "root_id,group,nt_type\n1,g,ACH\n2,g,GABA\n", "c.csv:2:", "truncated line"},
    {"codex", "c.csv", "pre_root_id,post_root_id,neuropil,syn_count,nt_type\n1,2,ME,-3,ACH\n",
     "n.csv", "root_id,group,nt_type\n1,g,ACH\n2,g,GABA\n",
     "c.csv:2: syn_count:", "negative synapse count"},
    {"codex", "c.csv", "pre_root_id,post_root_id,neuropil,syn_count,nt_type\n1,2,ME,3,ACH\n",
     "n.csv", "root_id,group,nt_type\n1,g,ACH\n1,g,GABA\n", "n.csv:3: root_id:", "listed twice"},
    {"shiu", "c.csv", "Presynaptic_ID,Postsynaptic_ID,Connectivity,Excitatory\n1,2,3,1\n1,9,1,1\n",
     "n.csv", ",Completed\n1,True\n2,True\n", "c.csv:3: Postsynaptic_ID:", "unknown neuron id 9"},
    {"shiu", "c.csv", "Presynaptic_ID,Postsynaptic_ID,Connectivity,Excitatory\n1,2,3,2\n", "n.csv",
     ",Completed\n1,True\n2,True\n", "c.csv:2: Excitatory:", "neither 1 nor -1"},
};

TEST_F(importers, bad_input_per_format) {
    for (const auto& b : bad_cases) {
        SCOPED_TRACE(std::string(b.format) + ": " + b.what);
        import_inputs in{write(b.file, b.text)};
        if (*b.companion != '\0') {
            in.push_back(write(b.companion, b.companion_text));
        }
        expect_input_error([&] { (void)import_connectome(b.format, in, {}); }, b.where, b.what);
    }
}

TEST_F(importers, bom_and_padding_accepted_by_importers) {
    const auto n = write("n.csv", "\xEF\xBB\xBF cell_id , cell_type \n 1 , a \n2,b\n");
    const auto e = write("e.csv.zst", "\xEF\xBB\xBFpre_id,post_id,synapses\n  1 ,  2 , 3 \n");
    const connectome c = import_connectome("zebrafish", {n, e}, {});
    EXPECT_EQ(c.size(), 2U);
    EXPECT_EQ(pair_count(c, 1, 2), 3U);
    EXPECT_EQ(c.type_names[c.type[0]], "a");
}

TEST_F(importers, dispatcher_errors) {
    const auto f = write("e.csv", "pre,post\n1,2\n");
    expect_input_error([&] { (void)import_connectome("edgelst", {f}, {}); }, "--format",
                       "did you mean 'edgelist'");
    expect_input_error([&] { (void)import_connectome("zebrafish", {f}, {}); }, "INPUT",
                       "takes 2 input file(s)");
    expect_input_error([&] { (void)import_connectome("varshney2011", {dir_ / "no.csv"}, {}); },
                       "no.csv", "no such file");
    import_options o;
    o.set("hedaer", "false");
    expect_input_error([&] { (void)import_connectome("edgelist", {f}, o); }, "--option",
                       "did you mean 'header'");
}

TEST_F(importers, edgelist_names_signs_and_neuron_table) {
    const auto e = write("e.tsv.gz", "src\tdst\tw\tsign\nAVAL\tAVAR\t2\t-1\nAVAR\tAVAL\t1\tE\n");
    import_options o;
    o.set("pre", "src");
    o.set("post", "dst");
    o.set("count", "w");
    o.set("sign", "sign");
    o.set("ids", "name");
    const connectome c = import_connectome("edgelist", {e}, o);
    ASSERT_EQ(c.size(), 2U);
    EXPECT_EQ(c.names[0], "AVAL");
    EXPECT_EQ(named_pair(c, "AVAL", "AVAR"), 2U);
    EXPECT_EQ(c.transmitter_of_edge(c.row_offsets[0], 0), "inhibitory");
}

}  // namespace
}  // namespace brainemu

namespace brainemu {
namespace {

// The read-progress hook sees each file's reading reach its whole size (compressed files:
// their compressed size), which `brainemu import` shows on a terminal.
TEST_F(importers, read_progress_reaches_each_files_size) {
    std::string text;
    for (int i = 0; i < 200000; ++i) {
        text += std::to_string(i) + ",x\n";
    }
    for (const std::string name : {"plain.csv", "packed.csv.gz", "packed.csv.zst"}) {
        const fs::path p = write(name, text);
        std::uint64_t last_done = 0, last_total = 0, calls = 0;
        set_read_progress([&](const std::string& path, std::uint64_t done, std::uint64_t total) {
            EXPECT_EQ(path, p.string());
            EXPECT_GE(done, last_done);  // never backwards
            last_done = done;
            last_total = total;
            ++calls;
        });
        const auto source = open_byte_source(p);
        std::string buffer(1 << 16, '\0');
        std::uint64_t bytes = 0;
        while (const std::size_t n = source->read(buffer.data(), buffer.size())) {
            bytes += n;
        }
        set_read_progress({});
        EXPECT_EQ(bytes, text.size()) << name;
        EXPECT_GE(calls, 1u) << name;
        EXPECT_EQ(last_total, fs::file_size(p)) << name;
        EXPECT_EQ(last_done, last_total) << name;
    }
}

}  // namespace
}  // namespace brainemu
