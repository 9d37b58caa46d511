// Larval zebrafish hindbrain, Vishwanathan et al. 2024: an edge list (pre_id, post_id,
// synapses) and its node table (zfish609_nodes.csv: cell_type; zfish2884_nodes.csv:
// cell_type_609), in either order.

#include <fmt/format.h>

#include "io/import/import_common.hpp"
#include "io/import/importers.hpp"

namespace brainemu {

connectome import_zebrafish(const import_inputs& inputs, const import_options& options) {
    connectome_builder b;
    record_provenance(b, "zebrafish", inputs, options);
    const std::filesystem::path* nodes = nullptr;
    const std::filesystem::path* edges = nullptr;
    for (const auto& path : inputs) {
        const table_reader r(path, {});
        auto& slot = r.find_column("cell_id") ? nodes : edges;
        if (slot != nullptr) {
            throw input_error(
                {path.string(), 1, ""},
                fmt::format("a second {} table (the first is {})",
                            &slot == &nodes ? "nodes" : "edges", slot->filename().string()));
        }
        slot = &path;
    }
    if (nodes == nullptr || edges == nullptr) {
        throw input_error({inputs.front().string(), 0, ""},
                          "zebrafish needs an edge list (pre_id, post_id, synapses) and its node "
                          "table (cell_id, cell_type or cell_type_609)");
    }
    table_reader nr(*nodes, {});
    const auto id = nr.column("cell_id");
    const auto type = nr.column_of({"cell_type", "cell_type_609"});
    while (nr.next()) {
        const auto n = add_neuron_at(b, nr, id, nr.integer(id));
        if (!nr.text(type).empty()) {
            b.set_type(n, nr.text(type));
            b.add_label(fmt::format("cell_type:{}", nr.text(type)), n);
        }
    }
    table_reader r(*edges, {});
    const auto pre = r.column("pre_id");
    const auto post = r.column("post_id");
    const auto count = r.column("synapses");
    const std::string table = nodes->filename().string();
    while (r.next()) {
        const auto p = neuron_at(b, r, pre, table);
        const auto q = neuron_at(b, r, post, table);
        const auto n = r.count(count);
        if (n > 0) {
            b.add_synapses(p, q, n);
        }
    }
    return finish_import(b, edges->string());
}

}  // namespace brainemu
