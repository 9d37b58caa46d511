#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "experiment/experiment.hpp"

namespace brainemu {
namespace {

// The user's [network.labels] (neuron indices, or dataset ids for a connectome).
void add_labels(const experiment& e, network& net) {
    for (const auto& [name, ids] : e.labels) {
        target_selector sel;
        sel.ids = ids;
        const std::vector<std::uint32_t> members =
            resolve(sel, net, {e.path.string(), 0, "network.labels." + name});
        std::vector<std::uint32_t>& dst = net.labels[name];
        dst.insert(dst.end(), members.begin(), members.end());
        std::sort(dst.begin(), dst.end());
        dst.erase(std::unique(dst.begin(), dst.end()), dst.end());
    }
}

// Neurons named by [[silence]], as a per-neuron flag (resolved on the network's names before
// its synapses exist, so silenced synapses are never built).
std::vector<std::uint8_t> silenced_neurons(const experiment& e, const network& skeleton) {
    std::vector<std::uint8_t> out;
    if (e.silence.empty()) {
        return out;
    }
    out.assign(skeleton.size, 0);
    for (const silence_spec& s : e.silence) {
        for (std::uint32_t i : resolve(s.selector, skeleton, s.where)) {
            out[i] = 1;
        }
    }
    return out;
}

network build_network(const experiment& e, const neuron_layout& blocks,
                      std::vector<std::string>& notes) {
    if (const auto* m = std::get_if<microcircuit_spec>(&e.network)) {
        network net = build_microcircuit(m->params, e.seed, e.dt_ms, blocks);
        add_labels(e, net);
        return net;
    }
    if (const auto* b = std::get_if<brunel_spec>(&e.network)) {
        network net = build_brunel(b->params, e.seed, e.dt_ms, blocks);
        add_labels(e, net);
        return net;
    }
    network skeleton;
    skeleton.size = e.neurons();
    skeleton.populations.push_back({"all", {0, skeleton.size}});
    if (const auto* c = std::get_if<connectome_spec>(&e.network)) {
        skeleton.source = c->data;
        skeleton.labels = c->data->labels;
    }
    add_labels(e, skeleton);
    const std::vector<std::uint8_t> silenced = silenced_neurons(e, skeleton);
    network net;
    if (const auto* c = std::get_if<connectome_spec>(&e.network)) {
        std::uint64_t clamped = 0;
        net = build_connectome_network(c->data, c->weights, e.dt_ms, blocks, silenced,
                                       e.path.string(), &clamped);
        if (clamped > 0) {
            notes.push_back(
                fmt::format("{} synapses with delays below one step ({} ms) act one "
                            "step later",
                            clamped, e.dt_ms));
        }
    } else {
        const auto& s = std::get<edge_list_spec>(e.network);
        if (silenced.empty()) {
            net = build_from_edges(s.neurons, s.edges, blocks);
        } else {
            edge_list kept;
            kept.weight_unit = s.edges.weight_unit;
            for (std::size_t k = 0; k < s.edges.size(); ++k) {
                if (silenced[s.edges.source[k]] == 0) {
                    kept.source.push_back(s.edges.source[k]);
                    kept.target.push_back(s.edges.target[k]);
                    kept.weight.push_back(s.edges.weight[k]);
                    kept.delay_steps.push_back(s.edges.delay_steps[k]);
                }
            }
            net = build_from_edges(s.neurons, kept, blocks);
        }
        net.populations = skeleton.populations;
    }
    net.labels = std::move(skeleton.labels);
    return net;
}

// The external drive a built-in network comes with (models.md), before the user's stimuli.
std::vector<stimulus> builtin_drive(const experiment& e, const network& net) {
    std::vector<stimulus> out;
    auto targets_of = [](index_range r) {
        std::vector<std::uint32_t> t;
        for (std::uint32_t i = r.first; i < r.last; ++i) {
            t.push_back(i);
        }
        return t;
    };
    if (const auto* m = std::get_if<microcircuit_spec>(&e.network)) {
        const auto setup = microcircuit_setup(m->params);
        for (std::size_t p = 0; p < setup.size(); ++p) {
            const auto& s = setup[p];
            const index_range r = net.populations[p].range;
            double dc = s.dc_correction_pA;
            if (m->drive == drive_kind::dc) {
                dc += s.dc_drive_pA;
            } else {
                stimulus st;
                st.name = fmt::format("microcircuit Poisson drive {}", s.name);
                st.targets = targets_of(r);
                st.what = poisson_stimulus{s.poisson_rate_hz, s.poisson_weight_pA,
                                           receptor_kind::synapse};
                out.push_back(std::move(st));
                // Reference: the external input's part of the k-scaling DC correction.
                dc += 0.001 * microcircuit_tables::tau_syn_ms *
                      (1.0 - std::sqrt(m->params.k_scale)) * microcircuit_tables::psc_e_pA *
                      microcircuit_tables::k_ext[p] * microcircuit_tables::bg_rate_hz;
            }
            if (dc != 0.0) {
                stimulus st;
                st.name = fmt::format("microcircuit DC drive {}", s.name);
                st.targets = targets_of(r);
                st.what = current_stimulus{{0.0}, {dc}};
                out.push_back(std::move(st));
            }
        }
    } else if (const auto* b = std::get_if<brunel_spec>(&e.network)) {
        // nu_thr from the neuron model actually used (threshold above rest, tau_m).
        const auto& mp = std::get<lif_psc_delta::params>(e.model->params);
        brunel_params bp = b->params;
        bp.theta_mV = mp.v_th_mV - mp.e_l_mV;
        if (!(bp.theta_mV > 0.0)) {
            throw input_error({e.path.string(), 0, "model.params.v_th_mV"},
                              "the Brunel drive needs a threshold above rest (v_th_mV > e_l_mV)");
        }
        bp.tau_m_ms = mp.tau_m_ms;
        stimulus st;
        st.name = "Brunel external drive";
        st.targets = targets_of({0, net.size});
        st.what = poisson_stimulus{bp.external_rate_hz(), bp.j_mV, receptor_kind::synapse};
        out.push_back(std::move(st));
    }
    return out;
}

// Microcircuit initial voltages are per population; other networks use the model's.
std::vector<model_assignment> assign_models(const experiment& e, const network& net) {
    if (!e.models_by_range.empty()) {
        return e.models_by_range;
    }
    std::vector<model_assignment> out;
    if (const auto* m = std::get_if<microcircuit_spec>(&e.network)) {
        const auto setup = microcircuit_setup(m->params);
        for (std::size_t p = 0; p < setup.size(); ++p) {
            voltage_init vi = e.model->v_init;
            if (std::isnan(vi.mean_mV) && std::isnan(vi.low_mV)) {
                vi.mean_mV = setup[p].v0_mean_mV;
                vi.sd_mV = setup[p].v0_sd_mV;
            }
            out.push_back({net.populations[p].range, e.model->params, vi});
        }
        return out;
    }
    out.push_back({{0, net.size}, e.model->params, e.model->v_init});
    return out;
}

// A stimulus's weight must be in the unit its receptor takes; currents need a model with a
// membrane capacitance.
void check_units(const stimulus_spec& spec, const experiment& e) {
    const std::string& model = e.model->name;
    auto fail = [&](std::string_view field, std::string_view problem) {
        input_location at = spec.where;
        at.field += field;
        throw input_error(at, problem);
    };
    if (std::holds_alternative<current_stimulus>(spec.definition.what)) {
        if (!model_accepts_current(model)) {
            fail(".kind", fmt::format("model {} takes no current input (its equations have no "
                                      "membrane capacitance); drive it with poisson or "
                                      "spike_times",
                                      model));
        }
        return;
    }
    receptor_kind receptor = receptor_kind::synapse;
    if (const auto* p = std::get_if<poisson_stimulus>(&spec.definition.what)) {
        receptor = p->receptor;
    } else if (const auto* st = std::get_if<spike_times_stimulus>(&spec.definition.what)) {
        receptor = st->receptor;
    }
    const std::string want =
        receptor == receptor_kind::voltage ? std::string("mV") : model_weight_unit(model);
    if (spec.weight_unit != want) {
        fail(".weight_" + spec.weight_unit,
             receptor == receptor_kind::voltage
                 ? std::string("receptor = \"voltage\" takes weight_mV")
                 : fmt::format("model {} takes synaptic weights in {} (weight_{})", model, want,
                               want));
    }
}

// The network's sizes and populations without its synapses: what model assignments need.
network skeleton_of(const experiment& e) {
    network net;
    net.size = e.neurons();
    if (const auto* m = std::get_if<microcircuit_spec>(&e.network)) {
        std::uint32_t first = 0;
        for (const auto& p : microcircuit_setup(m->params)) {
            net.populations.push_back({std::string(p.name), {first, first + p.size}});
            first += p.size;
        }
    } else {
        net.populations.push_back({"all", {0, net.size}});
    }
    return net;
}

// Engine order: by part, then by model group, then by global id, so that each part is one
// contiguous range and holds at most one run per model group.
neuron_layout make_layout(const layout_request& req, std::uint32_t n,
                          std::span<const model_assignment> global_models) {
    if (req.part_of.empty()) {
        return neuron_layout(split_blocks(n, req.threads));
    }
    std::vector<std::uint32_t> group(n, 0);
    for (std::uint32_t a = 0; a < global_models.size(); ++a) {
        for (std::uint32_t g = global_models[a].range.first; g < global_models[a].range.last; ++g) {
            group[g] = a;
        }
    }
    neuron_layout layout;
    layout.global_of.resize(n);
    std::iota(layout.global_of.begin(), layout.global_of.end(), 0u);
    std::stable_sort(layout.global_of.begin(), layout.global_of.end(),
                     [&](std::uint32_t x, std::uint32_t y) {
                         return req.part_of[x] != req.part_of[y] ? req.part_of[x] < req.part_of[y]
                                                                 : group[x] < group[y];
                     });
    layout.engine_of.resize(n);
    for (std::uint32_t e = 0; e < n; ++e) {
        layout.engine_of[layout.global_of[e]] = e;
    }
    std::uint32_t first = 0;
    for (std::uint32_t p = 0; p < req.parts; ++p) {
        const auto size =
            static_cast<std::uint32_t>(std::count(req.part_of.begin(), req.part_of.end(), p));
        const bool held = req.rank < 0 || static_cast<std::uint32_t>(req.rank) == p;
        const unsigned cuts = req.rank < 0 ? 1 : std::max(1u, req.threads);
        for (const index_range r : split_blocks(size, cuts)) {
            layout.partitions.push_back({first + r.first, first + r.last});
            layout.built.push_back(held ? 1 : 0);
        }
        first += size;
    }
    return layout;
}

// Global model assignments as runs of engine indices over the partitions held here.
std::vector<model_assignment> engine_models(std::span<const model_assignment> global_models,
                                            const neuron_layout& layout, std::uint32_t n) {
    if (!layout.permuted() && layout.built.empty()) {
        return {global_models.begin(), global_models.end()};
    }
    std::vector<std::uint32_t> group(n, 0);
    for (std::uint32_t a = 0; a < global_models.size(); ++a) {
        for (std::uint32_t g = global_models[a].range.first; g < global_models[a].range.last; ++g) {
            group[g] = a;
        }
    }
    std::vector<model_assignment> out;
    std::uint32_t current = UINT32_MAX;  // the assignment of out.back()
    for (std::size_t p = 0; p < layout.partitions.size(); ++p) {
        if (!layout.holds(p)) {
            continue;
        }
        for (std::uint32_t e = layout.partitions[p].first; e < layout.partitions[p].last; ++e) {
            const std::uint32_t a = group[layout.global(e)];
            if (a == current && out.back().range.last == e) {
                ++out.back().range.last;
            } else {
                out.push_back({{e, e + 1}, global_models[a].params, global_models[a].v_init});
                current = a;
            }
        }
    }
    return out;
}

}  // namespace

built_experiment build_experiment(const experiment& e, unsigned threads) {
    layout_request req;
    req.threads = threads;
    return build_experiment(e, req);
}

built_experiment build_experiment(const experiment& e, const layout_request& req) {
    built_experiment out;
    const network skeleton = skeleton_of(e);
    const std::vector<model_assignment> global_models = assign_models(e, skeleton);
    const neuron_layout layout = make_layout(req, skeleton.size, global_models);
    out.net = build_network(e, layout, out.notes);
    network& net = out.net;
    out.models = engine_models(global_models, layout, net.size);
    out.stimuli = builtin_drive(e, net);
    for (const stimulus_spec& spec : e.stimuli) {
        check_units(spec, e);
        stimulus s = spec.definition;
        s.targets = resolve(spec.selector, net, spec.where);
        if (auto* st = std::get_if<spike_times_stimulus>(&s.what)) {
            if (spec.own_targets) {
                // The file's neurons are the targets (for refractory_ms, say).
                s.targets.clear();
                for (const auto& ev : st->events) {
                    s.targets.push_back(ev.first);
                }
                std::sort(s.targets.begin(), s.targets.end());
                s.targets.erase(std::unique(s.targets.begin(), s.targets.end()), s.targets.end());
            } else if (!st->events.empty() && st->events.front().first != UINT32_MAX) {
                // A selector filters the file's events.
                std::erase_if(st->events, [&](const auto& ev) {
                    return !std::binary_search(s.targets.begin(), s.targets.end(), ev.first);
                });
            } else if (!st->events.empty() && st->events.front().first == UINT32_MAX) {
                // times_ms given for every target
                std::vector<std::pair<std::uint32_t, double>> events;
                for (std::uint32_t t : s.targets) {
                    for (const auto& ev : st->events) {
                        events.emplace_back(t, ev.second);
                    }
                }
                st->events = std::move(events);
            }
        }
        out.stimuli.push_back(std::move(s));
    }
    if (e.record.summary_targets) {
        out.summary_neurons = resolve(*e.record.summary_targets, net, e.record.summary_where);
    }
    if (e.record.voltages) {
        out.voltage_ids = resolve(e.record.voltage_targets, net, e.record.voltage_where);
        for (std::uint32_t g : out.voltage_ids) {
            out.record_voltages.push_back(layout.engine(g));
        }
        out.voltage_every_steps = static_cast<std::uint32_t>(
            std::max(1L, std::lround(e.record.voltage_interval_ms / e.dt_ms)));
    }
    if (layout.permuted()) {
        // Selectors spoke of global ids; the engine runs engine indices.
        for (stimulus& s : out.stimuli) {
            for (std::uint32_t& t : s.targets) {
                t = layout.engine(t);
            }
            std::sort(s.targets.begin(), s.targets.end());
            if (auto* st = std::get_if<spike_times_stimulus>(&s.what)) {
                for (auto& ev : st->events) {
                    ev.first = layout.engine(ev.first);
                }
            }
        }
    }
    return out;
}

}  // namespace brainemu
