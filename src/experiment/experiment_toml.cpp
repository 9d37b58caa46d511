#include "experiment/experiment_toml.hpp"

#include <sstream>
#include <type_traits>

#include "experiment/composed_toml.hpp"

namespace brainemu {
namespace {

toml::array ints(const std::vector<std::int64_t>& v) {
    toml::array out;
    for (std::int64_t x : v) {
        out.push_back(x);
    }
    return out;
}

toml::array doubles(const std::vector<double>& v) {
    toml::array out;
    for (double x : v) {
        out.push_back(x);
    }
    return out;
}

void write_selector(const target_selector& sel, toml::table& t) {
    if (!sel.ids.empty()) {
        t.insert_or_assign("ids", ints(sel.ids));
    } else if (!sel.names.empty()) {
        toml::array names;
        for (const std::string& n : sel.names) {
            names.push_back(n);
        }
        t.insert_or_assign("names", std::move(names));
    } else if (!sel.type.empty()) {
        t.insert_or_assign("type", sel.type);
    } else if (!sel.transmitter.empty()) {
        t.insert_or_assign("transmitter", sel.transmitter);
    } else if (!sel.population.empty()) {
        t.insert_or_assign("population", sel.population);
    } else if (!sel.label.empty()) {
        t.insert_or_assign("label", sel.label);
    } else {
        t.insert_or_assign("all", true);
    }
}

toml::table simulation_table(const experiment& e) {
    return toml::table{{"dt_ms", e.dt_ms},
                       {"duration_ms", e.duration_ms},
                       {"warmup_ms", e.warmup_ms},
                       {"seed", static_cast<std::int64_t>(e.seed)},
                       {"threads", static_cast<std::int64_t>(e.threads)},
                       {"trials", static_cast<std::int64_t>(e.trials)}};
}

void write_connectome(const connectome_spec& c, const std::string& weight_unit, toml::table& t) {
    const connectome_weights& w = c.weights;
    t.insert_or_assign("connectome", c.file.string());
    if (!w.edge_weights) {
        t.insert_or_assign("unit_weight_" + weight_unit, w.unit_weight);
    }
    if (w.delay_ms > 0.0) {
        t.insert_or_assign("delay_ms", w.delay_ms);
    }
    t.insert_or_assign("gap_junction_nS", w.gap_nS_per_junction);
    // Only what differs from the defaults: the file stays as short as the one it came from.
    toml::table signs{{"default", w.default_sign}};
    const auto defaults = default_transmitter_signs();
    for (const auto& [name, sign] : w.signs) {
        const auto it = defaults.find(name);
        if (it == defaults.end() || it->second != sign) {
            signs.insert_or_assign(name, sign);
        }
    }
    t.insert_or_assign("signs", std::move(signs));
}

toml::table network_table(const experiment& e) {
    toml::table t;
    std::visit(
        [&](const auto& n) {
            using N = std::decay_t<decltype(n)>;
            if constexpr (std::is_same_v<N, edge_list_spec>) {
                t.insert_or_assign("edge_list", n.file.string());
                t.insert_or_assign("neurons", static_cast<std::int64_t>(n.neurons));
            } else if constexpr (std::is_same_v<N, connectome_spec>) {
                write_connectome(n, e.weight_unit, t);
            } else if constexpr (std::is_same_v<N, composed_spec>) {
                write_composed(n, t);
            } else {
                t.insert_or_assign("builtin", std::string(N::name));
                n.write(t);
            }
        },
        e.network);
    if (!e.labels.empty()) {
        toml::table labels;
        for (const auto& [name, ids] : e.labels) {
            labels.insert_or_assign(name, ints(ids));
        }
        t.insert_or_assign("labels", std::move(labels));
    }
    return t;
}

// Initial voltages where the model has them (a normal or a uniform distribution); a built-in
// network's per-population ones are supplied again when config.toml is read.
void write_model(const model_spec& m, toml::table& t) {
    t.insert_or_assign("name", m.name);
    if (!std::isnan(m.v_init.mean_mV)) {
        t.insert_or_assign("v_init_mV", m.v_init.mean_mV);
        t.insert_or_assign("v_init_sd_mV", m.v_init.sd_mV);
    } else if (!std::isnan(m.v_init.low_mV)) {
        t.insert_or_assign("v_init_low_mV", m.v_init.low_mV);
        t.insert_or_assign("v_init_high_mV", m.v_init.high_mV);
    }
    toml::table params;
    std::visit(
        [&](const auto& p) {
            using M = typename model_of<std::decay_t<decltype(p)>>::type;
            for (const auto& f : M::fields) {
                params.insert_or_assign(f.name, p.*(f.member));
            }
        },
        m.params);
    t.insert_or_assign("params", std::move(params));
}

toml::table model_table(const experiment& e) {
    toml::table t;
    write_model(*e.model, t);
    if (!e.model_overrides.empty()) {
        toml::array overrides;
        for (const model_override& o : e.model_overrides) {
            toml::table one;
            write_selector(o.selector, one);
            write_model(o.model, one);
            overrides.push_back(std::move(one));
        }
        t.insert_or_assign("override", std::move(overrides));
    }
    return t;
}

void write_weight(const stimulus_spec& s, double weight, receptor_kind receptor, toml::table& t) {
    t.insert_or_assign("weight_" + s.weight_unit, weight);
    t.insert_or_assign("receptor", receptor == receptor_kind::voltage ? "voltage" : "synapse");
}

toml::table stimulus_table(const stimulus_spec& s) {
    toml::table t;
    if (!s.own_targets) {
        write_selector(s.selector, t);
    }
    t.insert_or_assign("start_ms", s.definition.start_ms);
    if (!s.to_the_end) {
        t.insert_or_assign("stop_ms", s.definition.stop_ms);
    }
    if (s.definition.refractory_ms) {
        t.insert_or_assign("refractory_ms", *s.definition.refractory_ms);
    }
    std::visit(
        [&](const auto& what) {
            using W = std::decay_t<decltype(what)>;
            if constexpr (std::is_same_v<W, poisson_stimulus>) {
                t.insert_or_assign("kind", "poisson");
                t.insert_or_assign("rate_hz", what.rate_hz);
                write_weight(s, what.weight, what.receptor, t);
            } else if constexpr (std::is_same_v<W, current_stimulus>) {
                // kind = "dc" is read as one step at start_ms.
                if (what.times_ms.size() == 1 && what.times_ms[0] == s.definition.start_ms) {
                    t.insert_or_assign("kind", "dc");
                    t.insert_or_assign("amplitude_pA", what.amplitudes_pA[0]);
                } else {
                    t.insert_or_assign("kind", "step");
                    t.insert_or_assign("times_ms", doubles(what.times_ms));
                    t.insert_or_assign("amplitudes_pA", doubles(what.amplitudes_pA));
                }
            } else {
                t.insert_or_assign("kind", "spike_times");
                write_weight(s, what.weight, what.receptor, t);
                if (!s.file.empty()) {
                    t.insert_or_assign("file", s.file.string());
                } else {
                    std::vector<double> times;
                    for (const auto& ev : what.events) {
                        times.push_back(ev.second);
                    }
                    t.insert_or_assign("times_ms", doubles(times));
                }
            }
        },
        s.definition.what);
    return t;
}

toml::table record_table(const record_spec& r) {
    toml::table t{{"spikes", r.spikes}, {"csv", r.csv}, {"sonata", r.sonata}};
    if (r.voltages) {
        toml::table v{{"interval_ms", r.voltage_interval_ms}};
        write_selector(r.voltage_targets, v);
        if (r.variables.empty()) {
            t.insert_or_assign("voltages", std::move(v));
        } else {
            toml::array names;
            for (const std::string& name : r.variables) {
                names.push_back(name);
            }
            v.insert_or_assign("variables", std::move(names));
            t.insert_or_assign("state", std::move(v));
        }
    }
    if (r.summary_targets) {
        toml::table s;
        write_selector(*r.summary_targets, s);
        t.insert_or_assign("summary", std::move(s));
    }
    return t;
}

}  // namespace

toml::table to_toml(const experiment& e) {
    toml::table out;
    out.insert_or_assign("simulation", simulation_table(e));
    out.insert_or_assign("record", record_table(e.record));
    if (const auto* c = std::get_if<connectome_spec>(&e.network); c && !c->sonata.empty()) {
        // Models, stimuli and the circuit come from the SONATA run's own files.
        out.insert_or_assign("network", toml::table{{"sonata", c->sonata.string()}});
        return out;
    }
    out.insert_or_assign("network", network_table(e));
    out.insert_or_assign("model", model_table(e));
    if (!e.stimuli.empty()) {
        toml::array stimuli;
        for (const stimulus_spec& s : e.stimuli) {
            stimuli.push_back(stimulus_table(s));
        }
        out.insert_or_assign("stimulus", std::move(stimuli));
    }
    if (!e.silence.empty()) {
        toml::array silence;
        for (const silence_spec& s : e.silence) {
            toml::table one;
            write_selector(s.selector, one);
            silence.push_back(std::move(one));
        }
        out.insert_or_assign("silence", std::move(silence));
    }
    return out;
}

std::string resolved_config_toml(const experiment& e) {
    std::ostringstream out;
    out << "# Resolved experiment: every field with the value this run used.\n"
        << "# Source: " << e.path.string() << "\n"
        << to_toml(e) << "\n";
    return out.str();
}

}  // namespace brainemu
