// MICrONS pinky100 (mouse V1 L2/3): one row per synapse (pre_root_id, post_root_id, or the
// motif table's pre, post), counted per pair; neurons and their E/I valence from
// soma_valence_v185.csv (pt_root_id, cell_type e / i / g / uncertain).

#include <fmt/format.h>

#include "io/import/import_common.hpp"
#include "io/import/importers.hpp"

namespace brainemu {

connectome import_microns(const import_inputs& inputs, const import_options& options) {
    connectome_builder b;
    record_provenance(b, "microns", inputs, options);
    // Glia have somas but no synapses; kept out unless asked for.
    const bool glia = options.flag("glia", false);
    const std::filesystem::path* valence = nullptr;
    const std::filesystem::path* synapses = nullptr;
    for (const auto& path : inputs) {
        const table_reader r(path, {});
        auto& slot = r.find_column("pt_root_id") ? valence : synapses;
        if (slot != nullptr) {
            throw input_error(
                {path.string(), 1, ""},
                fmt::format("a second {} table (the first is {})",
                            &slot == &valence ? "valence" : "synapses", slot->filename().string()));
        }
        slot = &path;
    }
    if (valence == nullptr || synapses == nullptr) {
        throw input_error({inputs.front().string(), 0, ""},
                          "microns needs the synapse table (pre_root_id, post_root_id) and the "
                          "soma table soma_valence_v185.csv (pt_root_id, cell_type)");
    }
    table_reader vr(*valence, {});
    const auto id = vr.column("pt_root_id");
    const auto type = vr.column("cell_type");
    std::uint64_t glia_rows = 0;
    while (vr.next()) {
        const auto kind = vr.text(type);
        if (kind == "g" && !glia) {
            ++glia_rows;
            continue;
        }
        // Glia somas repeat root ids (one glial cell, several soma points): keep the first.
        if (kind == "g" && b.find_id(vr.integer(id))) {
            continue;
        }
        const auto n = add_neuron_at(b, vr, id, vr.integer(id));
        b.set_type(n, kind);
        b.add_label(fmt::format("valence:{}", kind), n);
        if (kind == "e" || kind == "i") {
            b.set_transmitter(n, kind == "e" ? "excitatory" : "inhibitory");
        }
    }
    b.add_metadata("glia_rows_skipped", fmt::format("{}", glia_rows));
    table_reader r(*synapses, {});
    const auto pre = r.column_of({"pre_root_id", "pre"});
    const auto post = r.column_of({"post_root_id", "post"});
    const std::string table = valence->filename().string();
    while (r.next()) {
        const auto p = neuron_at(b, r, pre, table);  // pre first: its error is reported first
        b.add_synapses(p, neuron_at(b, r, post, table), 1);
    }
    return finish_import(b, synapses->string());
}

}  // namespace brainemu
