#include "io/sonata/sonata_run.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include "core/input_error.hpp"

namespace brainemu {
namespace {

namespace fs = std::filesystem;

// The virtual population an input's node_set selects: a node set {"population": ...}, else
// a population of that name (300_intfire's inputs name "lgn" directly).
std::string input_population(const sonata_simulation_config& sim, const sonata_circuit& c,
                             const sonata_spike_input_config& in) {
    if (const auto pop = sonata_node_set_population(sim.node_sets_file, in.node_set)) {
        return *pop;
    }
    if (c.population(in.node_set)) {
        return in.node_set;
    }
    throw input_error({sim.path.string(), 0, "inputs." + in.name + ".node_set"},
                      fmt::format("'{}' is neither a node set with a population nor a "
                                  "population",
                                  in.node_set));
}

// Spikes of the input's population: its own group, or the old layout's only one.
const sonata_spikes* spikes_for(const std::vector<sonata_spikes>& all, const std::string& pop) {
    for (const auto& s : all) {
        if (s.population == pop || s.population.empty()) {
            return &s;
        }
    }
    return nullptr;
}

void add_events(sonata_run& r, sonata_spike_input& in, const sonata_spikes& s) {
    const sonata_population* pop = r.circuit.population(in.population);
    const auto pop_index = static_cast<std::uint32_t>(pop - r.circuit.populations.data());
    std::unordered_map<std::uint64_t, std::vector<const sonata_virtual_edge*>> out_edges;
    for (const auto& e : r.circuit.virtual_edges) {
        if (e.source_population == pop_index) {
            out_edges[e.source_node_id].push_back(&e);
        }
    }
    in.spikes = s.node_ids.size();
    for (std::size_t k = 0; k < s.node_ids.size(); ++k) {
        if (s.node_ids[k] > pop->max_node_id) {
            continue;  // the file has more nodes than the population (sim_tests reuse files)
        }
        ++in.spikes_used;
        const auto it = out_edges.find(s.node_ids[k]);
        if (it == out_edges.end()) {
            continue;
        }
        for (const sonata_virtual_edge* e : it->second) {
            const double delay = std::isnan(e->delay_ms) ? 0.0 : double{e->delay_ms};
            r.input_events.push_back(
                {e->target, s.timestamps_ms[k] + delay, e->weight,
                 static_cast<std::uint32_t>(e - r.circuit.virtual_edges.data())});
        }
    }
}

sonata_sorting sorting_of(const sonata_simulation_config& sim) {
    const std::string& s = sim.spikes_sort_order;
    if (s == "time" || s == "by_time") {
        return sonata_sorting::by_time;
    }
    if (s == "id" || s == "by_id" || s == "gid") {
        return sonata_sorting::by_id;
    }
    if (s == "none") {
        return sonata_sorting::none;
    }
    throw input_error({sim.path.string(), 0, "output.spikes_sort_order"},
                      fmt::format("'{}': expected time, id or none", s));
}

sonata_run from_simulation(const fs::path& path) {
    const sonata_simulation_config sim = read_sonata_simulation_config(path);
    sonata_run r;
    r.simulation_config = path;
    r.circuit = load_sonata_circuit(sim.network);
    r.tstop_ms = sim.tstop_ms;
    r.dt_ms = sim.dt_ms;
    r.output_dir = sim.output_dir;
    r.spikes_file = sim.spikes_file;
    r.spikes_sorting = sorting_of(sim);
    r.current_clamps = sim.current_clamps;
    r.reports = sim.reports;
    r.conditions = sim.conditions;
    r.node_sets_file = sim.node_sets_file;
    for (const auto& cfg : sim.spike_inputs) {
        sonata_spike_input in{cfg.name, cfg.input_file, input_population(sim, r.circuit, cfg)};
        const sonata_population* pop = r.circuit.population(in.population);
        if (!pop->is_virtual) {
            throw input_error({sim.path.string(), 0, "inputs." + cfg.name + ".node_set"},
                              fmt::format("population {} is not virtual (spike inputs drive "
                                          "virtual nodes)",
                                          in.population));
        }
        const auto all = read_sonata_spikes(cfg.input_file);
        const sonata_spikes* s = spikes_for(all, in.population);
        if (!s) {
            throw input_error({cfg.input_file.string(), 0, "/spikes"},
                              fmt::format("no spikes for population {}", in.population));
        }
        add_events(r, in, *s);
        r.inputs.push_back(std::move(in));
    }
    std::sort(r.input_events.begin(), r.input_events.end(),
              [](const sonata_input_event& a, const sonata_input_event& b) {
                  if (a.time_ms != b.time_ms) {
                      return a.time_ms < b.time_ms;
                  }
                  return a.target != b.target ? a.target < b.target : a.edge < b.edge;
              });
    return r;
}

}  // namespace

bool sonata_run::biophysical() const {
    for (std::uint32_t i = 0; i < circuit.neuron_node_type.size(); ++i) {
        if (circuit.type_of(i).biophysical()) {
            return true;
        }
    }
    return false;
}

std::pair<std::string, std::uint64_t> sonata_run::output_population(std::uint32_t i) const {
    for (const auto& p : circuit.populations) {
        if (!p.is_virtual && i >= p.first && i < p.first + p.size) {
            return {p.name, static_cast<std::uint64_t>(circuit.net.ids[i] - p.id_offset)};
        }
    }
    return {"", 0};
}

sonata_run load_sonata_run(const fs::path& config) {
    switch (sonata_config_kind_of(config)) {
        case sonata_config_kind::simulation:
            return from_simulation(config);
        case sonata_config_kind::top_level: {
            const sonata_top_level top = read_sonata_top_level(config);
            if (top.simulation) {
                return from_simulation(*top.simulation);
            }
            sonata_run r;
            r.circuit = load_sonata_circuit(*top.network);
            return r;
        }
        case sonata_config_kind::circuit:
            break;
    }
    sonata_run r;
    r.circuit = load_sonata_circuit(config);
    return r;
}

}  // namespace brainemu
