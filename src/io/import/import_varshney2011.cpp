// C. elegans, Varshney et al. 2011 (OpenWorm's CElegansNeuronTables_Connectome.csv): one row
// per directed chemical connection (Send) with the presynaptic neuron's transmitter, and gap
// junctions listed once per direction (GapJunction).

#include <fmt/format.h>

#include "io/import/import_common.hpp"
#include "io/import/importers.hpp"
#include "io/import/name_keyed_edges.hpp"

namespace brainemu {

connectome import_varshney2011(const import_inputs& inputs, const import_options& options) {
    connectome_builder b;
    record_provenance(b, "varshney2011", inputs, options);
    table_reader r(inputs.front(), {});
    const auto origin = r.column("Origin");
    const auto target = r.column("Target");
    const auto type = r.column("Type");
    const auto number = r.column("Number of Connections");
    const auto nt = r.find_column("Neurotransmitter");
    name_keyed_edges edges;
    std::uint64_t receive_rows = 0;
    while (r.next()) {
        const auto n = r.count(number);
        for (const auto c : {origin, target}) {
            if (r.text(c).empty()) {
                r.fail(c, "empty neuron name");
            }
        }
        const auto kind = r.text(type);
        if (kind == "Send") {
            edges.add_chemical(r.text(origin), r.text(target), n, nt ? r.text(*nt) : "");
        } else if (kind == "GapJunction") {
            edges.add_gap(r.text(origin), r.text(target), n);
        } else if (kind == "Receive") {
            // The receiving side's copy of a Send row: counting it would double the synapse.
            edges.add_name(r.text(origin));
            edges.add_name(r.text(target));
            ++receive_rows;
        } else {
            r.fail(type, fmt::format("'{}' is not Send, Receive or GapJunction", kind));
        }
    }
    edges.build(b);
    b.add_metadata("receive_rows_skipped", fmt::format("{}", receive_rows));
    return finish_import(b, inputs.front().string());
}

}  // namespace brainemu
