// C. elegans, Cook et al. 2019: the chemical edge list and the symmetric gap-junction edge list
// (pre,post,weight), or the combined herm_full_edgelist.csv (Source,Target,Weight,Type).
// Transmitters, optionally, from the Bentley et al. 2016 expression table.

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "io/import/import_common.hpp"
#include "io/import/importers.hpp"
#include "io/import/name_keyed_edges.hpp"

namespace brainemu {
namespace {

void read_edges(name_keyed_edges& edges, table_reader& r, bool gap) {
    const auto pre = r.column_of({"pre", "Source"});
    const auto post = r.column_of({"post", "Target"});
    const auto weight = r.column_of({"weight", "Weight"});
    const auto type = r.find_column("Type");
    while (r.next()) {
        const auto n = r.count(weight);
        for (const auto c : {pre, post}) {
            if (r.text(c).empty()) {
                r.fail(c, "empty neuron name");
            }
        }
        bool is_gap = gap;
        if (type) {
            if (r.text(*type) == "electrical") {
                is_gap = true;
            } else if (r.text(*type) != "chemical") {
                r.fail(*type,
                       fmt::format("'{}' is neither chemical nor electrical", r.text(*type)));
            }
        }
        if (is_gap) {
            edges.add_gap(r.text(pre), r.text(post), n);
        } else {
            edges.add_chemical(r.text(pre), r.text(post), n);
        }
    }
}

// Bentley 2016 lists only monoamine transmitters (dopamine, serotonin, octopamine, tyramine),
// some twice (two citations). Several distinct ones are joined with '+'.
void read_transmitters(connectome_builder& b, const std::filesystem::path& path) {
    table_reader r(path, {});
    const auto neuron = r.column("Entity1");
    const auto relation = r.column("Relationship");
    const auto molecule = r.column("Entity2");
    std::map<std::uint32_t, std::vector<std::string>> of;
    std::uint64_t absent = 0;
    while (r.next()) {
        if (r.text(relation) != "Neurotransmitter") {
            continue;
        }
        const auto n = b.find_name(r.text(neuron));
        if (!n) {
            ++absent;
            continue;
        }
        auto& list = of[*n];
        if (std::find(list.begin(), list.end(), r.text(molecule)) == list.end()) {
            list.emplace_back(r.text(molecule));
        }
    }
    for (const auto& [n, list] : of) {
        b.set_transmitter(n, fmt::format("{}", fmt::join(list, "+")));
    }
    b.add_metadata("transmitter_neurons", fmt::format("{}", of.size()));
    b.add_metadata("transmitter_rows_for_absent_neurons", fmt::format("{}", absent));
}

}  // namespace

connectome import_cook2019(const import_inputs& inputs, const import_options& options) {
    connectome_builder b;
    record_provenance(b, "cook2019", inputs, options);
    const auto transmitters = options.get("transmitters");
    name_keyed_edges edges;
    bool combined = false;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        table_reader r(inputs[i], {});
        combined = combined || r.find_column("Type").has_value();
        if (i > 0 && combined) {
            throw input_error({inputs[i].string(), 0, ""},
                              "herm_full_edgelist.csv holds both synapse kinds: give it alone");
        }
        read_edges(edges, r, i == 1);
    }
    edges.build(b);
    if (transmitters) {
        read_transmitters(b, *transmitters);
    }
    return finish_import(b, inputs.front().string());
}

}  // namespace brainemu
