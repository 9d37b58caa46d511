// Drosophila larva, Winding et al. 2023: a header-less edge list (source_skid, target_skid,
// weight; weights may be written "9.0") and node tables keyed by CATMAID skeleton id. Two
// exports exist (the 1,240-neuron paired subset of 2021 and the whole brain of 2023) whose
// tables disagree; the SOURCE.md says not to mix them, so a mix is refused.

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "io/import/import_common.hpp"
#include "io/import/importers.hpp"

namespace brainemu {
namespace {

enum class larva_table { edges, subset_nodes, subset_meta, full_nodes };

const char* export_of(larva_table t) {
    return t == larva_table::full_nodes ? "the whole-brain export (2023)"
                                        : "the 1,240-neuron subset export (2021)";
}

larva_table kind_of(const table_reader& r) {
    if (r.find_column("node_id") && r.find_column("hemisphere")) {
        return larva_table::subset_nodes;
    }
    if (r.find_column("name") && r.find_column("class1")) {
        return r.find_column("brain_neurons") ? larva_table::full_nodes : larva_table::subset_meta;
    }
    return larva_table::edges;
}

bool all_integers(const std::vector<std::string>& fields) {
    for (const auto& f : fields) {
        if (f.empty() || f.find_first_not_of("0123456789.-") != std::string::npos) {
            return false;
        }
    }
    return true;
}

// CATMAID names repeat ("KC no pair"); only unique ones become neuron names, the others labels.
std::set<std::string> repeated_names(const std::filesystem::path& path) {
    table_reader r(path, {});
    const auto name = r.find_column("name");
    std::set<std::string> seen, repeated;
    while (name && r.next()) {
        if (!seen.emplace(r.text(*name)).second) {
            repeated.emplace(r.text(*name));
        }
    }
    return repeated;
}

void annotate(connectome_builder& b, table_reader& r, bool define) {
    const auto repeated = define ? repeated_names(r.path()) : std::set<std::string>{};
    const auto id = r.column("");
    const auto name = r.find_column("name");
    const auto merge_class = r.find_column("merge_class");
    const auto class1 = r.find_column("class1");
    const auto class2 = r.find_column("class2");
    const auto hemisphere = r.find_column("hemisphere");
    const auto celltype = r.find_column("celltype_discrete");
    while (r.next()) {
        std::uint32_t n = 0;
        if (define) {
            const auto nm = name ? r.text(*name) : std::string_view{};
            const bool unique = !repeated.contains(std::string(nm));
            n = add_neuron_at(b, r, id, r.integer(id), unique ? nm : "");
            if (!unique) {
                b.add_label(fmt::format("name:{}", nm), n);
            }
        } else if (const auto i = b.find_id(r.integer(id))) {
            n = *i;
        } else {
            continue;  // metadata covers more neurons than the graph
        }
        if (merge_class && !r.text(*merge_class).empty()) {
            b.set_type(n, r.text(*merge_class));
        }
        if (hemisphere && !r.text(*hemisphere).empty()) {
            b.add_label(fmt::format("hemisphere:{}", r.text(*hemisphere)), n);
        }
        if (celltype && !r.text(*celltype).empty()) {
            b.add_label(fmt::format("celltype:{}", r.text(*celltype)), n);
        }
        if (class2 && !r.text(*class2).empty()) {
            b.add_label(fmt::format("class2:{}", r.text(*class2)), n);
        }
        if (class1) {
            // "LHN;CN": a neuron in several classes gets each label.
            std::string_view rest = r.text(*class1);
            while (!rest.empty()) {
                const auto semi = rest.find(';');
                const auto one = rest.substr(0, semi);
                if (!one.empty()) {
                    b.add_label(fmt::format("class1:{}", one), n);
                    if (one == "sens") {
                        b.add_label("sensory", n);
                    }
                }
                rest = semi == std::string_view::npos ? "" : rest.substr(semi + 1);
            }
        }
    }
}

}  // namespace

connectome import_larva(const import_inputs& inputs, const import_options& options) {
    connectome_builder b;
    record_provenance(b, "larva", inputs, options);
    const std::filesystem::path* edges = nullptr;
    std::vector<std::pair<larva_table, const std::filesystem::path*>> tables;
    for (const auto& path : inputs) {
        const table_reader r(path, {});
        const auto kind = all_integers(r.columns()) ? larva_table::edges : kind_of(r);
        if (kind == larva_table::edges) {
            if (edges != nullptr) {
                throw input_error({path.string(), 1, ""},
                                  "a second edge list (or a table this importer does not know: "
                                  "node tables have node_id/hemisphere or name/class1 columns)");
            }
            edges = &path;
            continue;
        }
        for (const auto& [other, other_path] : tables) {
            if ((other == larva_table::full_nodes) != (kind == larva_table::full_nodes)) {
                throw input_error(
                    {path.string(), 1, ""},
                    fmt::format("this table is from {} but {} is from {}; the two exports "
                                "number and annotate neurons differently and must not be mixed",
                                export_of(kind), other_path->filename().string(),
                                export_of(other)));
            }
        }
        tables.emplace_back(kind, &path);
    }
    if (edges == nullptr || tables.empty()) {
        throw input_error({inputs.front().string(), 0, ""},
                          "larva needs the header-less edge list and a node table "
                          "(unmatched_full_nodes.csv or maggot_subset_nodes.csv)");
    }
    // The subset's node list defines its neurons; otherwise the first table given does.
    std::stable_partition(tables.begin(), tables.end(),
                          [](const auto& t) { return t.first == larva_table::subset_nodes; });
    for (std::size_t i = 0; i < tables.size(); ++i) {
        table_reader r(*tables[i].second, {});
        if (tables[i].first == larva_table::subset_nodes) {
            if (i > 0) {
                throw input_error({tables[i].second->string(), 0, ""}, "a second node list");
            }
            const auto id = r.column("node_id");
            const auto hemisphere = r.column("hemisphere");
            while (r.next()) {
                const auto n = add_neuron_at(b, r, id, r.integer(id));
                b.add_label(fmt::format("hemisphere:{}", r.text(hemisphere)), n);
            }
        } else {
            annotate(b, r, i == 0);
        }
    }
    table_reader r(*edges, {.delimiter = delimiter_kind::detect,
                            .header = false,
                            .column_names = {"source_skid", "target_skid", "weight"}});
    const std::string neuron_table = tables.front().second->filename().string();
    while (r.next()) {
        const auto p = neuron_at(b, r, 0, neuron_table);
        const auto q = neuron_at(b, r, 1, neuron_table);
        const auto n = r.count(2);
        if (n > 0) {
            b.add_synapses(p, q, n);
        }
    }
    return finish_import(b, edges->string());
}

}  // namespace brainemu
