#pragma once
// Everything a run needs from a SONATA simulation, in one call:
//
//   sonata_run r = load_sonata_run("simulation_config.json");  // or config.json, or
//                                                               // circuit_config.json
//   r.circuit.net                  connectome of the simulated neurons (weights, delays in ms)
//   r.circuit.type_of(i).model     brainemu model + params of neuron i (nullopt: unmapped,
//                                  with .unmapped_reason), .model_template, .dynamics
//   r.input_events                 (target index, arrival time ms, weight) from the virtual
//                                  populations' spike trains, sorted by (time, target)
//   r.tstop_ms, r.dt_ms            run.tstop, run.dt (0 when only a circuit config was given)
//   r.spikes_file                  where the output spikes go (write_sonata_spikes)
//   r.output_population(i)         SONATA population name and node_id of neuron i, for output
//
// An input event is a virtual node's spike at t through an edge of delay d: it arrives at
// t + d (d = 0 where the edge gives none). Spikes of node ids with no edges are dropped.

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "io/sonata/sonata_circuit.hpp"
#include "io/sonata/sonata_config.hpp"
#include "io/sonata/sonata_spikes.hpp"

namespace brainemu {

struct sonata_input_event {
    std::uint32_t target;  // connectome index
    double time_ms;        // arrival: spike time + edge delay
    float weight;          // in circuit.weight_unit
    std::uint32_t edge;    // into circuit.virtual_edges
};

// One spike input as read: the file, the virtual population it drives and its trains.
struct sonata_spike_input {
    std::string name;
    std::filesystem::path file;
    std::string population;
    std::uint64_t spikes = 0;       // spikes in the file for that population
    std::uint64_t spikes_used = 0;  // of them, from nodes of the population
};

struct sonata_run {
    std::filesystem::path simulation_config;  // empty when loaded from a circuit config
    sonata_circuit circuit;
    double tstop_ms = 0.0, dt_ms = 0.0;
    std::vector<sonata_spike_input> inputs;
    std::vector<sonata_input_event> input_events;
    std::filesystem::path output_dir, spikes_file;
    sonata_sorting spikes_sorting = sonata_sorting::by_time;
    // What biophysical cells need (empty or defaults when loaded from a circuit config).
    std::vector<sonata_current_clamp_config> current_clamps;
    std::vector<sonata_report_config> reports;
    sonata_cell_conditions conditions;
    std::filesystem::path node_sets_file;

    // Whether any simulated neuron is a biophysical cell (such a run goes to the cable rung).
    [[nodiscard]] bool biophysical() const;

    // (population name, SONATA node_id) of connectome neuron i.
    [[nodiscard]] std::pair<std::string, std::uint64_t> output_population(std::uint32_t i) const;
};

// Throws input_error naming the file and key/dataset of the first problem.
[[nodiscard]] sonata_run load_sonata_run(const std::filesystem::path& config);

}  // namespace brainemu
