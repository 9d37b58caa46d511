#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>
#include <span>

#include <fmt/format.h>

#include "core/assert.hpp"
#include "experiment/experiment.hpp"
#include "models/weight_mapping.hpp"

namespace brainemu {
namespace {

// The user's [network.labels] (neuron indices, or dataset ids for a connectome).
void add_labels(const experiment& e, network& net) {
    for (const auto& [name, ids] : e.labels) {
        target_selector sel;
        sel.ids = ids;
        const std::vector<neuron_id> members =
            resolve(sel, net, {e.path.string(), 0, "network.labels." + name});
        std::vector<neuron_id>& dst = net.labels[name];
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
        for (neuron_id i : resolve(s.selector, skeleton, s.where)) {
            out[i] = 1;
        }
    }
    return out;
}

// The network's sizes, populations and labels without its synapses: what selectors for
// models and silencing need before anything is built.
network skeleton_of(const experiment& e) {
    network net;
    net.size = e.neurons();
    net.populations =
        known_populations(e.network).value_or(std::vector<population>{{"all", {0, net.size}}});
    if (const auto* c = std::get_if<connectome_spec>(&e.network)) {
        net.source = c->data;
        net.labels = labels_of(*c->data);
    }
    add_labels(e, net);
    return net;
}

network build_network(const experiment& e, const network& skeleton, const neuron_layout& blocks,
                      const weight_map& to_models, std::vector<std::string>& notes) {
    network net;
    if (with_builtin(e.network,
                     [&](const auto& n) { net = n.build(e.seed, e.dt_ms, blocks, to_models); })) {
        add_labels(e, net);
        return net;
    }
    const std::vector<std::uint8_t> silenced = silenced_neurons(e, skeleton);
    if (const auto* c = std::get_if<connectome_spec>(&e.network)) {
        std::uint64_t clamped = 0;
        net = build_connectome_network(c->data, c->weights, e.dt_ms, blocks, silenced,
                                       e.path.string(), &clamped, to_models);
        if (clamped > 0) {
            notes.push_back(
                fmt::format("{} synapses with delays below one step ({} ms) act one "
                            "step later",
                            clamped, e.dt_ms));
        }
    } else if (const auto* composed = std::get_if<composed_spec>(&e.network)) {
        net = build_composed(composed->net, e.seed, blocks, silenced, to_models);
    } else {
        const auto& s = std::get<edge_list_spec>(e.network);
        if (silenced.empty()) {
            net = build_from_edges(s.neurons, s.edges, blocks, to_models);
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
            net = build_from_edges(s.neurons, kept, blocks, to_models);
        }
        net.populations = skeleton.populations;
    }
    net.labels = skeleton.labels;
    return net;
}

// Which model each neuron runs: the distinct groups (model, parameters, initial voltages) and
// each neuron's group by global id, computed once and used for the layout, the engine's model
// groups, the weight map and the stimulus checks.
struct model_plan {
    struct group {
        model_params params;
        voltage_init v_init;
        weight_scale from_network;
        std::string chosen;  // for messages: "" ([model]) or " (chosen by model.override[k] ...)"
    };
    std::vector<group> groups;
    neuron_groups group_of;
    neuron_id neurons = 0;
    bool scattered = false;  // some group is not one contiguous run of global ids

    [[nodiscard]] weight_map to_models() const {
        weight_map m;
        m.group_of = group_of;
        for (const group& g : groups) {
            m.scales.push_back(g.from_network);
        }
        return m;
    }
};

// [model] for every neuron, then each [[model.override]] over the neurons it chooses (a later
// one wins). On the microcircuit a model without its own initial voltages starts each
// population from the population's published distribution, so groups are per population too.
model_plan plan_models(const experiment& e, const network& skeleton) {
    model_plan plan;
    plan.neurons = skeleton.size;
    if (!e.models_by_range.empty()) {  // SONATA node types
        std::vector<std::pair<index_range, std::uint32_t>> runs;
        for (std::uint32_t a = 0; a < e.models_by_range.size(); ++a) {
            const model_assignment& m = e.models_by_range[a];
            plan.groups.push_back({m.params, m.v_init, {}, ""});
            runs.emplace_back(m.range, a);
        }
        std::sort(runs.begin(), runs.end(),
                  [](const auto& x, const auto& y) { return x.first.first < y.first.first; });
        neuron_id covered = 0;
        for (const auto& [range, a] : runs) {
            if (range.first > covered) {
                plan.group_of.append(covered, 0);  // neurons no node type names
            }
            plan.group_of.append(range.first, a);
            covered = range.last;
        }
        if (covered < skeleton.size) {
            plan.group_of.append(covered, 0);
        }
        return plan;
    }
    // 0: [model]; k: override k - 1. Without overrides every neuron takes [model]: no table.
    std::vector<std::uint32_t> choice(e.model_overrides.empty() ? 0 : skeleton.size, 0);
    auto choice_of = [&](neuron_id i) { return choice.empty() ? 0u : choice[i]; };
    for (std::uint32_t k = 0; k < e.model_overrides.size(); ++k) {
        const model_override& o = e.model_overrides[k];
        for (neuron_id i : resolve(o.selector, skeleton, o.model.where)) {
            choice[i] = k + 1;
        }
    }
    // A built-in network's own initial voltages per population make one group per population.
    std::vector<voltage_init> population_v_init;
    with_builtin(e.network, [&](const auto& n) { population_v_init = n.population_v_init(); });
    const bool per_population = !population_v_init.empty();
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t> index;  // (choice, pop)
    std::uint32_t previous = UINT32_MAX;
    std::vector<std::uint8_t> seen;
    for (std::uint32_t p = 0; p < skeleton.populations.size(); ++p) {
        const index_range r = skeleton.populations[p].range;
        std::pair<std::uint32_t, std::uint32_t> last_key{UINT32_MAX, UINT32_MAX};
        // Without overrides a population is one run: its first neuron stands for all (a
        // 10^11-neuron sheet is not walked neuron by neuron).
        const neuron_id walk_to = choice.empty() ? std::min(r.last, r.first + 1) : r.last;
        for (neuron_id i = r.first; i < walk_to; ++i) {
            const std::uint32_t pop = per_population ? p : 0;
            if (std::pair(choice_of(i), pop) == last_key) {  // runs of one group: no lookup
                continue;
            }
            last_key = {choice_of(i), pop};
            auto [it, added] = index.try_emplace({choice_of(i), pop}, plan.groups.size());
            if (added) {
                const model_spec& m =
                    choice_of(i) == 0 ? *e.model : e.model_overrides[choice_of(i) - 1].model;
                voltage_init vi = m.v_init;
                if (per_population && std::isnan(vi.mean_mV) && std::isnan(vi.low_mV)) {
                    vi = population_v_init[p];
                }
                std::string chosen;
                if (choice_of(i) > 0) {
                    chosen = fmt::format(" (chosen by {})", m.where.field);
                }
                plan.groups.push_back({m.params, vi, m.from_network, chosen});
                seen.push_back(0);
            }
            const std::uint32_t g = it->second;
            if (g != previous) {
                plan.scattered = plan.scattered || seen[g] != 0;
                seen[g] = 1;
                previous = g;
            }
            plan.group_of.append(i, g);
        }
    }
    return plan;
}

// A stimulus's weight must be in the unit its receptor takes, or map to it by the target
// model's pA rule as the network's weights do; currents need a model with a membrane
// capacitance. Every model among the targets is checked; a stimulus whose targets map its
// weight differently becomes one stimulus per model group.
std::vector<stimulus> fit_to_models(const stimulus_spec& spec, stimulus s, const model_plan& plan,
                                    double psc_tau_ms) {
    std::vector<std::optional<weight_scale>> scale(plan.groups.size());
    bool mapped = false;
    receptor_kind receptor = receptor_kind::synapse;
    if (const auto* p = std::get_if<poisson_stimulus>(&s.what)) {
        receptor = p->receptor;
    } else if (const auto* st = std::get_if<spike_times_stimulus>(&s.what)) {
        receptor = st->receptor;
    }
    for (neuron_id t : s.targets) {
        const std::uint32_t g = plan.group_of[t];
        if (scale[g]) {
            continue;
        }
        scale[g] = weight_scale{};
        const std::string model(model_name(plan.groups[g].params));
        const std::string& chosen = plan.groups[g].chosen;
        auto fail = [&](std::string_view field, std::string_view problem) {
            input_location at = spec.where;
            at.field += field;
            throw input_error(at, problem);
        };
        if (std::holds_alternative<current_stimulus>(s.what)) {
            if (!model_accepts_current(model)) {
                fail(".kind",
                     fmt::format("model {}{} takes no current input (its equations have no "
                                 "membrane capacitance); drive it with poisson or spike_times",
                                 model, chosen));
            }
            continue;
        }
        if (receptor == receptor_kind::voltage) {
            if (spec.weight_unit != "mV") {
                fail(".weight_" + spec.weight_unit, "receptor = \"voltage\" takes weight_mV");
            }
            continue;
        }
        const auto to_model = weight_scale_for(spec.weight_unit, plan.groups[g].params, psc_tau_ms);
        if (!to_model) {
            const std::string want = model_weight_unit(model);
            fail(".weight_" + spec.weight_unit,
                 fmt::format("model {}{} takes synaptic weights in {} (weight_{})", model, chosen,
                             want, want));
        }
        scale[g] = *to_model;
        mapped = mapped || !to_model->identity();
    }
    if (!mapped) {
        return {std::move(s)};
    }
    std::map<std::uint32_t, stimulus> parts;  // by group, in group order
    for (neuron_id t : s.targets) {
        const std::uint32_t g = plan.group_of[t];
        auto [it, added] = parts.try_emplace(g);
        if (added) {
            it->second = s;
            it->second.targets.clear();
            std::visit(
                [&](auto& what) {
                    if constexpr (requires { what.weight; }) {
                        what.weight = scale[g]->apply(what.weight);
                    }
                    if constexpr (requires { what.events; }) {
                        std::erase_if(what.events,
                                      [&](const auto& ev) { return plan.group_of[ev.first] != g; });
                    }
                },
                it->second.what);
        }
        it->second.targets.push_back(t);
    }
    std::vector<stimulus> out;
    for (auto& [g, part] : parts) {
        out.push_back(std::move(part));
    }
    return out;
}

// Engine order: by part, then by model group, then by global id, so that each part is one
// contiguous range and holds at most one run per model group. Without parts, models chosen
// for scattered neurons (by cell type, say) are gathered the same way within each thread's
// contiguous block; results do not depend on it (streams and outputs are keyed by global id).
neuron_layout make_layout(layout_request req, const model_plan& plan) {
    const neuron_id n = plan.neurons;
    if (req.part_of.empty() && req.parts > 1 && !plan.scattered) {
        // Contiguous parts without a table over the neurons: one rank of a dry run, or of an
        // mpirun. The ranks before and after it are one partition each, not held here, so
        // that one rank of 10^7 holds nothing per other rank.
        neuron_layout layout;
        auto add = [&](index_range r, bool held) {
            layout.partitions.push_back(r);
            layout.built.push_back(held ? 1 : 0);
        };
        const bool one = req.rank >= 0;
        const auto from = one ? static_cast<std::uint32_t>(req.rank) : 0u;
        for (std::uint32_t p = from; p < (one ? from + 1 : req.parts); ++p) {
            const index_range part = split_block(n, req.parts, p);
            if (one && part.first > 0) {
                add({0, part.first}, false);
            }
            for (const index_range r : split_blocks(part.size(), req.threads)) {
                add({part.first + r.first, part.first + r.last}, true);
            }
            if (one && part.last < n) {
                add({part.last, n}, false);
            }
        }
        return layout;
    }
    if (req.part_of.empty()) {
        if (!plan.scattered) {
            return neuron_layout(split_blocks(n, req.threads));
        }
        req.part_of.resize(n);
        const std::vector<index_range> blocks = split_blocks(n, req.threads);
        for (std::uint32_t b = 0; b < blocks.size(); ++b) {
            std::fill(req.part_of.begin() + blocks[b].first, req.part_of.begin() + blocks[b].last,
                      b);
        }
        req.parts = static_cast<std::uint32_t>(blocks.size());
        req.rank = -1;
    }
    if (n > UINT32_MAX) {
        throw input_error({}, fmt::format("a network of {} neurons can only be laid out in "
                                          "contiguous parts (a permuted layout keeps 32-bit "
                                          "tables over every neuron)",
                                          n));
    }
    const neuron_groups& group = plan.group_of;
    neuron_layout layout;
    layout.global_of.resize(n);
    std::iota(layout.global_of.begin(), layout.global_of.end(), 0u);
    std::stable_sort(layout.global_of.begin(), layout.global_of.end(),
                     [&](neuron_id x, neuron_id y) {
                         return req.part_of[x] != req.part_of[y] ? req.part_of[x] < req.part_of[y]
                                                                 : group[x] < group[y];
                     });
    bool identity = true;
    for (std::uint32_t e = 0; e < layout.global_of.size() && identity; ++e) {
        identity = layout.global_of[e] == e;
    }
    if (identity) {
        // Contiguous parts in id order: no tables, no lookups.
        layout.global_of = decltype(layout.global_of)();
    } else {
        layout.engine_of.resize(n);
        for (std::uint32_t e = 0; e < layout.global_of.size(); ++e) {
            layout.engine_of[layout.global_of[e]] = e;
        }
    }
    neuron_id first = 0;
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

// The plan's groups as runs of engine indices over the partitions held here.
std::vector<model_assignment> engine_models(const model_plan& plan, const neuron_layout& layout) {
    std::vector<model_assignment> out;
    std::uint32_t current = UINT32_MAX;  // the group of out.back()
    for (std::size_t p = 0; p < layout.partitions.size(); ++p) {
        if (!layout.holds(p)) {
            continue;
        }
        for (neuron_id e = layout.partitions[p].first; e < layout.partitions[p].last; ++e) {
            const std::uint32_t g = plan.group_of[layout.global(e)];
            if (g == current && out.back().range.last == e) {
                ++out.back().range.last;
            } else {
                out.push_back({{e, e + 1}, plan.groups[g].params, plan.groups[g].v_init});
                current = g;
            }
        }
    }
    return out;
}

// Every recorded neuron's model has every variable of [record.state]; else the error names the
// variable, the model and the variables it has.
void check_recorded_variables(const experiment& e, const model_plan& plan,
                              const std::vector<neuron_id>& ids) {
    if (e.record.variables.empty()) {
        return;
    }
    std::vector<std::uint8_t> checked(plan.groups.size(), 0);
    for (neuron_id g : ids) {
        const std::uint32_t group = plan.group_of[g];
        if (checked[group] != 0) {
            continue;
        }
        checked[group] = 1;
        const std::vector<std::string> has = model_state_variables(plan.groups[group].params);
        for (const std::string& v : e.record.variables) {
            if (std::find(has.begin(), has.end(), v) == has.end()) {
                input_location at = e.record.voltage_where;
                at.field += ".variables";
                throw input_error(at,
                                  fmt::format("model {}{} has no state variable '{}'; it "
                                              "has: {}",
                                              model_name(plan.groups[group].params),
                                              plan.groups[group].chosen, v, fmt::join(has, ", ")));
            }
        }
    }
}

}  // namespace

std::vector<std::uint64_t> synapse_bytes_per_part(const experiment& e,
                                                  const std::vector<std::uint32_t>& part_of,
                                                  std::uint32_t parts) {
    const network skeleton = skeleton_of(e);
    const model_plan plan = plan_models(e, skeleton);
    const weight_map to_models = plan.to_models();
    layout_request req;
    req.part_of = part_of;
    req.parts = parts;
    // The layout --parts K runs: one partition per part (rank -1 cuts each part once).
    neuron_layout layout = make_layout(req, plan);
    BE_ASSERT(layout.partitions.size() == parts, "one partition per part");
    std::vector<std::uint64_t> out(parts, 0);
    std::vector<std::string> notes;
    for (std::uint32_t p = 0; p < parts; ++p) {
        layout.built.assign(parts, 0);
        layout.built[p] = 1;
        const network net = build_network(e, skeleton, layout, to_models, notes);
        for (std::size_t k = net.synapses.first_block[p]; k < net.synapses.first_block[p + 1];
             ++k) {
            out[p] += net.synapses.blocks[k].bytes();
        }
    }
    return out;
}

built_experiment build_experiment(const experiment& e, unsigned threads) {
    layout_request req;
    req.threads = threads;
    return build_experiment(e, req);
}

built_experiment build_experiment(const experiment& e, const layout_request& req) {
    built_experiment out;
    const network skeleton = skeleton_of(e);
    const model_plan plan = plan_models(e, skeleton);
    const neuron_layout layout = make_layout(req, plan);
    const weight_map to_models = plan.to_models();
    out.net = build_network(e, skeleton, layout, to_models, out.notes);
    network& net = out.net;
    out.models = engine_models(plan, layout);
    // A built-in network's drive comes first: the stimulus index keys its random streams.
    with_builtin(e.network,
                 [&](const auto& n) { out.stimuli = n.external_drive(net, to_models, *e.model); });
    // The same cap as a [[stimulus]]'s rate_hz: past 1e6 events per neuron and step a count
    // means nothing a weight could not say, and drawing it takes ~sqrt(lambda) work per
    // neuron and step (eta = 1e12 ran past 60 s for 10 steps).
    for (const stimulus& s : out.stimuli) {
        if (const auto* p = std::get_if<poisson_stimulus>(&s.what);
            p != nullptr && p->rate_hz * e.dt_ms * 1e-3 > 1.0e6) {
            throw input_error({e.path.string(), 0, "network.eta"},
                              fmt::format("the {} would be {:.3g} Hz per neuron: more than 1e6 "
                                          "events per step",
                                          s.name, p->rate_hz));
        }
    }
    for (const stimulus_spec& spec : e.stimuli) {
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
            } else if (!st->events.empty() && st->events.front().first != every_target) {
                // A selector filters the file's events.
                std::erase_if(st->events, [&](const auto& ev) {
                    return !std::binary_search(s.targets.begin(), s.targets.end(), ev.first);
                });
            } else if (!st->events.empty() && st->events.front().first == every_target) {
                // times_ms given for every target
                std::vector<std::pair<neuron_id, double>> events;
                for (neuron_id t : s.targets) {
                    for (const auto& ev : st->events) {
                        events.emplace_back(t, ev.second);
                    }
                }
                st->events = std::move(events);
            }
        }
        for (stimulus& part : fit_to_models(spec, std::move(s), plan, e.psc_tau_ms)) {
            out.stimuli.push_back(std::move(part));
        }
    }
    if (e.record.summary_targets) {
        out.summary_neurons = resolve(*e.record.summary_targets, net, e.record.summary_where);
    }
    if (e.record.voltages) {
        out.voltage_ids = resolve(e.record.voltage_targets, net, e.record.voltage_where);
        for (neuron_id g : out.voltage_ids) {
            out.record_voltages.push_back(layout.engine(g));
        }
        out.voltage_every_steps = static_cast<std::uint32_t>(
            std::max(1L, std::lround(e.record.voltage_interval_ms / e.dt_ms)));
        out.record_variables = e.record.variables;
        check_recorded_variables(e, plan, out.voltage_ids);
    }
    if (layout.permuted()) {
        // Selectors spoke of global ids; the engine runs engine indices.
        for (stimulus& s : out.stimuli) {
            for (neuron_id& t : s.targets) {
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
