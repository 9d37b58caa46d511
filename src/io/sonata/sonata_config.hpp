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
};

// One entry of "inputs" with input_type "spikes".
struct sonata_spike_input_config {
    std::string name;  // the key in "inputs"
    std::filesystem::path input_file;
    std::string node_set;
};

struct sonata_simulation_config {
    std::filesystem::path path;
    double tstop_ms = 0.0, dt_ms = 0.0;  // run.tstop, run.dt
    std::vector<sonata_spike_input_config> spike_inputs;
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
