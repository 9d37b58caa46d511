// FlyWire Codex release files (codex.flywire.ai downloads): neurons.csv, classification.csv,
// connections.csv (optionally .gz/.zst), recognised by their headers, in any order.

#include <fmt/format.h>

#include "io/import/import_common.hpp"
#include "io/import/importers.hpp"

namespace brainemu {
namespace {

enum class codex_table { neurons, classification, connections };

codex_table kind_of(const table_reader& r) {
    if (r.find_column("pre_root_id") || r.find_column("From")) {
        return codex_table::connections;
    }
    if (r.find_column("super_class") || r.find_column("flow")) {
        return codex_table::classification;
    }
    if (r.find_column("root_id")) {
        return codex_table::neurons;
    }
    throw input_error({r.path(), 1, ""},
                      fmt::format("not a Codex table: expected a neurons table (root_id, "
                                  "nt_type, ...), a classification table (root_id, flow, "
                                  "super_class, ...) or connections (pre_root_id, post_root_id, "
                                  "syn_count, ...); columns present: {}",
                                  fmt::join(r.columns(), ", ")));
}

std::uint32_t neuron_or_new(connectome_builder& b, const table_reader& r, std::size_t column,
                            std::uint64_t& added) {
    const std::int64_t id = r.integer(column);
    if (const auto i = b.find_id(id)) {
        return *i;
    }
    ++added;
    return *b.add_neuron(id);
}

// Returns which neurons the table gave a transmitter.
std::vector<bool> read_neurons(connectome_builder& b, table_reader& r) {
    std::vector<bool> has_nt;
    const auto id = r.column("root_id");
    const auto nt = r.find_column("nt_type");
    const auto group = r.find_column("group");
    while (r.next()) {
        const auto n = add_neuron_at(b, r, id, r.integer(id));
        has_nt.push_back(nt && !r.text(*nt).empty());
        if (has_nt.back()) {
            b.set_transmitter(n, r.text(*nt));
        }
        if (group && !r.text(*group).empty()) {
            b.add_label(fmt::format("group:{}", r.text(*group)), n);
        }
    }
    return has_nt;
}

// Classification rows for neurons the neurons table lacks add them (the v630 files differ by
// one neuron); the count goes into the metadata.
void read_classification(connectome_builder& b, table_reader& r) {
    const auto id = r.column("root_id");
    const auto cell_type = r.find_column("cell_type");
    const auto cls = r.find_column("class");
    std::uint64_t added = 0;
    while (r.next()) {
        const auto n = neuron_or_new(b, r, id, added);
        if (cell_type && !r.text(*cell_type).empty()) {
            b.set_type(n, r.text(*cell_type));
        } else if (cls && !r.text(*cls).empty()) {
            b.set_type(n, r.text(*cls));
        }
        for (const char* label : {"flow", "super_class", "class", "sub_class", "side"}) {
            const auto c = r.find_column(label);
            if (c && !r.text(*c).empty()) {
                b.add_label(fmt::format("{}:{}", label, r.text(*c)), n);
            }
        }
    }
    b.add_metadata("classification_only_neurons", fmt::format("{}", added));
}

// One row per (pre, post, neuropil): the builder sums a pair's rows. The row's nt_type gives
// the presynaptic neuron's transmitter only where the neurons table named none.
void read_connections(connectome_builder& b, table_reader& r, const std::string& neuron_tables,
                      std::vector<bool>& has_nt) {
    const auto pre = r.column_of({"pre_root_id", "From"});
    const auto post = r.column_of({"post_root_id", "To"});
    const auto count = r.column_of({"syn_count", "Synapses"});
    const auto nt =
        r.find_column("nt_type") ? r.find_column("nt_type") : r.find_column("Neuro Transmitter");
    has_nt.resize(b.size(), false);
    while (r.next()) {
        const auto p = neuron_at(b, r, pre, neuron_tables);
        const auto q = neuron_at(b, r, post, neuron_tables);
        const auto n = r.count(count);
        if (nt && !r.text(*nt).empty() && !has_nt[p]) {
            has_nt[p] = true;
            b.set_transmitter(p, r.text(*nt));
        }
        if (n > 0) {
            b.add_synapses(p, q, n);
        }
    }
}

}  // namespace

connectome import_codex(const import_inputs& inputs, const import_options& options) {
    connectome_builder b;
    record_provenance(b, "codex", inputs, options);
    std::vector<std::filesystem::path> by_kind[3];
    for (const auto& path : inputs) {
        const table_reader r(path, {});
        by_kind[static_cast<int>(kind_of(r))].push_back(path);
    }
    const auto& neurons = by_kind[static_cast<int>(codex_table::neurons)];
    const auto& classes = by_kind[static_cast<int>(codex_table::classification)];
    const auto& connections = by_kind[static_cast<int>(codex_table::connections)];
    if (neurons.size() > 1 || classes.size() > 1) {
        throw input_error({(neurons.size() > 1 ? neurons : classes)[1].string(), 0, ""},
                          "a second neurons or classification table; give one of each");
    }
    if (neurons.empty() && classes.empty()) {
        throw input_error({inputs.front().string(), 0, ""},
                          "codex needs a neurons table (neurons.csv.gz) or a classification "
                          "table (classification.csv.gz) besides the connections");
    }
    std::string tables;
    std::vector<bool> has_nt;
    if (!neurons.empty()) {
        table_reader r(neurons.front(), {});
        has_nt = read_neurons(b, r);
        tables = neurons.front().filename().string();
    }
    if (!classes.empty()) {
        table_reader r(classes.front(), {});
        read_classification(b, r);
        tables += (tables.empty() ? "" : " + ") + classes.front().filename().string();
    }
    for (const auto& path : connections) {
        table_reader r(path, {});
        read_connections(b, r, tables, has_nt);
    }
    return finish_import(b, inputs.front().string());
}

}  // namespace brainemu
