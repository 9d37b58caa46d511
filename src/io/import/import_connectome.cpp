// The format table behind `brainemu import --format NAME`.

#include <fmt/format.h>

#include "core/closest_name.hpp"
#include "core/input_error.hpp"
#include "io/import/importers.hpp"
#include "io/sonata/sonata_run.hpp"

namespace brainemu {
namespace {

// A SONATA circuit's simulated neurons and their edges (own weights and delays), from its
// circuit_config.json, simulation_config.json or config.json (docs/sonata.md).
connectome import_sonata(const import_inputs& inputs, const import_options&) {
    return load_sonata_run(inputs.front()).circuit.net;
}

struct format_entry {
    const char* name;
    connectome (*import)(const import_inputs&, const import_options&);
    std::size_t min_inputs, max_inputs;
    const char* inputs;  // for the error message
};

constexpr format_entry formats[] = {
    {"codex", import_codex, 1, 4,
     "neurons.csv.gz and/or classification.csv.gz, plus connections.csv.gz"},
    {"shiu", import_shiu, 2, 2, "Completeness_783.csv and the connectivity CSV"},
    {"cook2019", import_cook2019, 1, 2,
     "the chemical edge list and the symmetric gap-junction edge list, or herm_full_edgelist.csv"},
    {"varshney2011", import_varshney2011, 1, 1, "CElegansNeuronTables_Connectome.csv"},
    {"larva", import_larva, 2, 3,
     "the header-less edge list, the node table and optionally meta_data.csv"},
    {"zebrafish", import_zebrafish, 2, 2, "zfish*_edgelist.csv and zfish*_nodes.csv"},
    {"microns", import_microns, 2, 2,
     "soma_subgraph_synapses_spines_v185.csv and soma_valence_v185.csv"},
    {"edgelist", import_edgelist, 1, 2, "the edge list and optionally a neuron table"},
    {"sonata", import_sonata, 1, 1,
     "circuit_config.json (or a simulation_config.json / config.json naming one)"},
};

}  // namespace

std::vector<std::string> import_format_names() {
    std::vector<std::string> names;
    for (const auto& f : formats) {
        names.emplace_back(f.name);
    }
    return names;
}

connectome import_connectome(std::string_view format, const import_inputs& inputs,
                             const import_options& options) {
    for (const auto& f : formats) {
        if (format != f.name) {
            continue;
        }
        if (inputs.size() < f.min_inputs || inputs.size() > f.max_inputs) {
            throw input_error({"", 0, "INPUT"},
                              fmt::format("format '{}' takes {} input file(s) ({}); got {}", f.name,
                                          f.min_inputs == f.max_inputs
                                              ? fmt::format("{}", f.min_inputs)
                                              : fmt::format("{} to {}", f.min_inputs, f.max_inputs),
                                          f.inputs, inputs.size()));
        }
        for (const auto& path : inputs) {
            std::error_code ec;
            if (!std::filesystem::exists(path, ec)) {
                throw input_error({path.string(), 0, ""}, "no such file");
            }
            if (!std::filesystem::is_regular_file(path, ec)) {
                throw input_error({path.string(), 0, ""}, "not a regular file");
            }
        }
        connectome c = f.import(inputs, options);
        options.check_all_used(format);
        return c;
    }
    throw input_error({"", 0, "--format"},
                      unknown_name_message("format", format, import_format_names()));
}

}  // namespace brainemu
