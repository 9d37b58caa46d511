#include "experiment/sonata_experiment.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

namespace brainemu {

experiment experiment_from_sonata(const sonata_run& run, std::uint64_t seed) {
    const std::string where = run.simulation_config.string();
    experiment e;
    e.path = run.simulation_config;
    if (!(run.dt_ms > 0.0) || !(run.tstop_ms > 0.0)) {
        throw input_error({where, 0, "run"},
                          "a SONATA run needs run.dt and run.tstop (give the "
                          "simulation_config.json, not the circuit config)");
    }
    e.dt_ms = run.dt_ms;
    e.duration_ms = run.tstop_ms;
    e.seed = seed;

    // Every neuron needs a brainemu model: neighbouring neurons of one node type form a group.
    const sonata_circuit& circuit = run.circuit;
    const std::uint32_t n = circuit.net.size();
    for (std::uint32_t i = 0; i < n;) {
        const sonata_node_type& type = circuit.type_of(i);
        if (!type.model) {
            throw input_error(
                {where, 0,
                 fmt::format("node type {} of population {}", type.node_type_id, type.population)},
                fmt::format("model_template '{}' cannot run in brainemu: {}", type.model_template,
                            type.unmapped_reason));
        }
        std::uint32_t j = i + 1;
        while (j < n && circuit.neuron_node_type[j] == circuit.neuron_node_type[i]) {
            ++j;
        }
        e.models_by_range.push_back({{i, j}, *type.model, {}});
        i = j;
    }
    if (n == 0) {
        throw input_error({where, 0, "networks.nodes"}, "the circuit has no simulated neurons");
    }
    model_spec m;
    std::visit([&](const auto& p) { m.name = model_of<std::decay_t<decltype(p)>>::type::name; },
               e.models_by_range.front().params);
    m.params = e.models_by_range.front().params;
    const std::string unit = model_weight_unit(m.name);
    for (const model_assignment& a : e.models_by_range) {
        std::string other;
        std::visit(
            [&](const auto& p) { other = model_of<std::decay_t<decltype(p)>>::type::weight_unit; },
            a.params);
        if (other != unit) {
            throw input_error({where, 0, "networks.nodes"},
                              fmt::format("the circuit mixes models whose synaptic weights have "
                                          "different units ({} and {}): not supported",
                                          unit, other));
        }
    }
    e.model = m;

    connectome_spec c;
    c.file = run.simulation_config;
    c.sonata = run.simulation_config;
    c.data = std::make_shared<const connectome>(circuit.net);
    c.weights.edge_weights = true;
    c.weights.clamp_short_delays = true;
    e.network_name = "sonata:" + run.simulation_config.parent_path().filename().string();
    e.network = std::move(c);

    // Virtual inputs: one stimulus per distinct weight, each event at its arrival time.
    std::map<float, spike_times_stimulus> by_weight;
    for (const sonata_input_event& ev : run.input_events) {
        spike_times_stimulus& st = by_weight[ev.weight];
        st.weight = ev.weight;
        st.events.emplace_back(ev.target, ev.time_ms);
    }
    for (auto& [w, st] : by_weight) {
        stimulus_spec s;
        s.definition.name = fmt::format("SONATA inputs of weight {}", w);
        s.definition.stop_ms = e.duration_ms;
        s.definition.what = std::move(st);
        s.own_targets = true;
        s.selector.all = true;
        s.weight_unit = unit;
        s.where = {where, 0, "inputs"};
        e.stimuli.push_back(std::move(s));
    }
    return e;
}

std::vector<sonata_spikes> sonata_output_spikes(const sonata_run& run,
                                                std::span<const spike_record> spikes,
                                                double dt_ms) {
    std::vector<sonata_spikes> out;
    std::map<std::string, std::size_t> index;
    for (const spike_record& r : spikes) {
        auto [population, node_id] = run.output_population(static_cast<std::uint32_t>(r.neuron));
        auto it = index.find(population);
        if (it == index.end()) {
            it = index.emplace(population, out.size()).first;
            out.push_back({population, {}, {}});
        }
        out[it->second].timestamps_ms.push_back(r.step * dt_ms);
        out[it->second].node_ids.push_back(node_id);
    }
    return out;
}

}  // namespace brainemu
