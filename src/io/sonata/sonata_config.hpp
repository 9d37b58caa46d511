#pragma once
// SONATA JSON configs (circuit_config.json, simulation_config.json and the config.json that
// names both): "manifest" variables substituted ($NAME and ${NAME}, manifest entries may use
// each other), relative paths resolved against the directory of the file that holds them.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace brainemu {

struct sonata_nodes_entry {
    std::filesystem::path nodes_file, node_types_file;
};
struct sonata_edges_entry {
    std::filesystem::path edges_file, edge_types_file;
};

struct sonata_circuit_config {
    std::filesystem::path path;
    std::vector<sonata_nodes_entry> nodes;
    std::vector<sonata_edges_entry> edges;  // entries with "enabled": false are left out
    // components.point_neuron_models_dir and components.synaptic_models_dir (empty if absent):
    // where node and edge types' dynamics_params files live.
    std::filesystem::path point_neuron_models_dir, synaptic_models_dir;
    // components.morphologies_dir and components.biophysical_neuron_models_dir: where
    // biophysical node types' morphology and model_template files live.
    std::filesystem::path morphologies_dir, biophysical_neuron_models_dir;
};

// One entry of "inputs" with input_type "spikes".
struct sonata_spike_input_config {
    std::string name;  // the key in "inputs"
    std::filesystem::path input_file;
    std::string node_set;
};

// One entry of "inputs" with input_type "current_clamp" (module IClamp): a step of amp nA from
// delay for duration ms into the soma's middle of every cell of the node set.
struct sonata_current_clamp_config {
    std::string name;
    std::string node_set;
    double amp_na = 0, delay_ms = 0, duration_ms = 0;
};

// One entry of "reports": module "membrane_report" records variable_name ("v", "cai") at the
// soma of the node set's cells into output_dir / (file_name or <name>.h5).
struct sonata_report_config {
    std::string name;
    std::string module;
    std::string variable_name;
    std::string cells;     // a node set
    std::string sections;  // "soma"
    std::filesystem::path file;
};

// What biophysical cells need from "run" and "conditions" (BMTK's defaults where absent).
struct sonata_cell_conditions {
    double dl_um = 20.0;              // run.dL: the segment length rule
    double spike_threshold_mv = -15;  // run.spike_threshold
    double celsius = 34.0;            // conditions.celsius
    double v_init_mv = -80.0;         // conditions.v_init
};

struct sonata_simulation_config {
    std::filesystem::path path;
    double tstop_ms = 0.0, dt_ms = 0.0;  // run.tstop, run.dt
    std::vector<sonata_spike_input_config> spike_inputs;
    std::vector<sonata_current_clamp_config> current_clamps;
    std::vector<sonata_report_config> reports;
    sonata_cell_conditions conditions;
    std::filesystem::path output_dir;   // output.output_dir ("output" beside the config if absent)
    std::filesystem::path spikes_file;  // output_dir / output.spikes_file ("spikes.h5")
    std::string spikes_sort_order;      // output.spikes_sort_order ("time" if absent)
    std::filesystem::path node_sets_file;  // empty if absent
    std::filesystem::path network;         // its circuit config
};

// Reads a circuit config. Throws input_error naming the file and the missing or bad key.
[[nodiscard]] sonata_circuit_config read_sonata_circuit_config(const std::filesystem::path& path);

// Reads a simulation config. Its circuit is "network" if given, else the "network" of a
// config.json beside it, else circuit_config.json beside it.
[[nodiscard]] sonata_simulation_config read_sonata_simulation_config(
    const std::filesystem::path& path);

// Which kind of config a file is, by its keys: "networks" (circuit), "run" (simulation),
// or "simulation"/"network" naming the other two (config.json).
enum class sonata_config_kind { circuit, simulation, top_level };
[[nodiscard]] sonata_config_kind sonata_config_kind_of(const std::filesystem::path& path);

// For a config.json: the simulation config it names (nullopt if it names none) and the circuit.
struct sonata_top_level {
    std::optional<std::filesystem::path> simulation;
    std::optional<std::filesystem::path> network;
};
[[nodiscard]] sonata_top_level read_sonata_top_level(const std::filesystem::path& path);

// Node sets file: the population a node set selects ({"population": "lgn"}), or nullopt if
// the set is absent or names no population.
[[nodiscard]] std::optional<std::string> sonata_node_set_population(
    const std::filesystem::path& node_sets_file, const std::string& node_set);

}  // namespace brainemu
