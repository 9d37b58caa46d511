#pragma once
// A SONATA circuit as brainemu's connectome, plus what the connectome does not hold: each
// neuron's model (template name, dynamics_params, the brainemu model it maps onto, if any) and
// the edges from virtual (input) populations, which are not neurons.
//
// Neuron ids: the connectome's id of a node is `id_offset + node_id`, where the simulated
// populations get offsets in config order: the first 0, each next one the previous offset plus
// the previous population's largest node_id + 1. With one simulated population the id is the
// SONATA node_id. Labels: "population:<name>", "node_type_id:<id>", and where the type table
// has them "pop_name:<x>", "model_name:<x>", "model_template:<x>", "ei:<x>". Cell type: the
// type's model_name, else pop_name, else its node_type_id.
//
// Weights (BMTK's convention for point-process targets, PointProcessCell.set_syn_connection):
// syn_weight x nsyns x sign, where syn_weight and nsyns come from the edge group's datasets if
// present, else the edge type's columns (nsyns default 1), and sign is the "sign" of the edge
// type's synaptic dynamics_params JSON (default 1). weight_function must be absent or "wmax"
// (BMTK's identity). Delay: the edge's "delay" dataset, else the type's column, else NaN (the
// run's default). Units: ms, and the target model's weight unit (intfire1: "1").

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "io/sonata/sonata_config.hpp"
#include "models/model_list.hpp"
#include "network/connectome.hpp"

namespace brainemu {

// Type ids are unique per node types file only (300_intfire uses 100 in v1 and in lgn), so a
// type is kept per population.
struct sonata_node_type {
    std::string population;
    std::int64_t node_type_id = 0;
    std::string model_type;                      // "point_process", "virtual", "biophysical", ...
    std::string model_template;                  // "nrn:IntFire1", "nest:iaf_psc_alpha", ...
    std::filesystem::path dynamics_params_file;  // empty if none
    std::map<std::string, double> dynamics;      // its numeric entries, as written
    // The brainemu model and parameters, converted to brainemu units; nullopt with a reason
    // when the template has no brainemu counterpart.
    std::optional<model_params> model;
    std::string unmapped_reason;
    // Biophysical types (model_type "biophysical"): the morphology file (morphologies_dir /
    // morphology, ".swc" added where it has no extension), the NeuroML cell of its
    // model_template ("nml:FILE" under biophysical_neuron_models_dir) and model_processing.
    std::filesystem::path morphology_file, cell_template_file;
    std::string model_processing;
    [[nodiscard]] bool biophysical() const { return model_type == "biophysical"; }
};

// A synapse model of an edge type onto biophysical cells: model_template (Exp2Syn) and the
// numbers of its dynamics_params file (tau1, tau2, erev).
struct sonata_synapse_model {
    std::string model_template;
    std::filesystem::path dynamics_params_file;
    std::map<std::string, double> dynamics;
};

struct sonata_population {
    std::string name;
    bool is_virtual = false;
    std::int64_t id_offset = 0;  // simulated populations only
    std::uint32_t first = 0;     // first connectome index (simulated populations)
    std::uint64_t size = 0;      // nodes
    std::uint64_t max_node_id = 0;
    std::filesystem::path nodes_file;
};

// Where a synapse onto a biophysical cell sits and what it is: the section (the cell's sections
// in NEURON's order: soma, dendrites, apical dendrites, axon) and position, its model (into
// sonata_circuit::synapse_models), and the edge row it came from (for messages). -1 / NaN where
// the edge gives none.
struct sonata_synapse_site {
    std::int64_t sec_id = -1;
    double sec_x = NAN;
    std::int32_t synapse_model = -1;
    std::uint64_t edge_row = 0;
    std::uint32_t edge_file = 0;  // into sonata_circuit::edge_files
};

// An edge from a virtual node to a simulated neuron: a run turns the virtual node's input
// spike train into events at `target`.
struct sonata_virtual_edge {
    std::uint32_t source_population = 0;  // index into sonata_circuit::populations
    std::uint64_t source_node_id = 0;
    std::uint32_t target = 0;  // connectome index
    float weight = 0.0f;
    float delay_ms = 0.0f;     // NaN: not given
    sonata_synapse_site site;  // onto biophysical cells
};

// An edge between two simulated biophysical cells: the source's spikes drive a synapse on the
// target after the delay.
struct sonata_cell_edge {
    std::uint32_t source = 0, target = 0;  // connectome indices
    float weight = 0.0f;                   // uS
    float delay_ms = 0.0f;                 // NaN: not given
    sonata_synapse_site site;
};

struct sonata_circuit {
    connectome net;  // simulated neurons and the edges among them
    std::vector<sonata_population> populations;
    std::vector<sonata_node_type> node_types;
    std::vector<std::uint32_t> neuron_node_type;  // per connectome index: into node_types
    std::vector<sonata_virtual_edge> virtual_edges;
    std::vector<sonata_cell_edge> cell_edges;  // among biophysical cells
    std::vector<sonata_synapse_model> synapse_models;
    std::vector<std::filesystem::path> edge_files;  // the edges files, in config order
    std::string weight_unit;  // of every edge weight ("1", "pA", "mV"; "" if no model maps)

    [[nodiscard]] const sonata_population* population(const std::string& name) const;
    [[nodiscard]] const sonata_node_type* node_type(const std::string& population,
                                                    std::int64_t node_type_id) const;
    [[nodiscard]] const sonata_node_type& type_of(std::uint32_t neuron) const {
        return node_types[neuron_node_type[neuron]];
    }
};

[[nodiscard]] sonata_circuit load_sonata_circuit(const sonata_circuit_config& config);
[[nodiscard]] sonata_circuit load_sonata_circuit(const std::filesystem::path& circuit_config);

// The brainemu model for a SONATA template and its dynamics_params (nullopt + reason if none):
// nrn:IntFire1 -> intfire1 (tau, refrac in seconds, as BMTK reads them, times 1000);
// nest:iaf_psc_delta -> lif_psc_delta; nest:iaf_psc_exp -> lif_psc_exp (NEST's names and
// units). Throws input_error (at `where`) for parameters the model rejects.
[[nodiscard]] std::optional<model_params> sonata_model_for(
    const std::string& model_template, const std::map<std::string, double>& dynamics,
    const input_location& where, std::string& unmapped_reason);

}  // namespace brainemu
