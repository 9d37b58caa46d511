#include "run/cable_run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/atomic_file.hpp"
#include "core/input_error.hpp"
#include "core/stop_signal.hpp"
#include "io/neuroml_reader.hpp"
#include "io/sonata/sonata_report.hpp"
#include "io/sonata/sonata_spikes.hpp"
#include "io/swc_reader.hpp"
#include "models/cable/cable_group.hpp"

namespace brainemu {
namespace {

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

// A node type's cell, built once: the segmented morphology and the NeuroML biophysics.
struct cell_model {
    morphology shape;
    cell_biophysics biophysics;
    std::uint32_t compartments = 0;
};

cell_model build_model(const sonata_node_type& t, double dl_um) {
    cell_model c;
    c.shape = read_morphology(t.morphology_file);
    replace_axon_with_stub(c.shape);
    segment_by_length(c.shape, dl_um);
    c.biophysics = read_neuroml_cell(t.cell_template_file);
    for (const cable_section& s : c.shape.sections) {
        if ((c.biophysics.capacitance_given & mask_of(s.type)) == 0) {
            throw input_error({t.cell_template_file.string(), 0, "specificCapacitance"},
                              fmt::format("no capacitance for the {} sections of {}",
                                          to_string(s.type), t.morphology_file.string()));
        }
        c.compartments += s.nseg;
    }
    return c;
}

// The simulated neurons a SONATA node set names: an entry of the node sets file (keys
// population, node_id, model_type, model_template, all of which must hold), or a population.
std::vector<bool> node_set_members(const sonata_run& r, const std::string& name,
                                   const input_location& where) {
    const auto n = static_cast<std::uint32_t>(r.circuit.neuron_node_type.size());
    std::vector<bool> in(n, false);
    nlohmann::json sets = nlohmann::json::object();
    if (!r.node_sets_file.empty()) {
        std::ifstream file(r.node_sets_file);
        try {
            sets = nlohmann::json::parse(file);
        } catch (const nlohmann::json::exception& e) {
            throw input_error({r.node_sets_file.string(), 0, ""},
                              fmt::format("not valid JSON: {}", e.what()));
        }
    }
    if (!sets.contains(name)) {
        if (const sonata_population* p = r.circuit.population(name); p && !p->is_virtual) {
            for (std::uint64_t i = 0; i < p->size; ++i) {
                in[p->first + i] = true;
            }
            return in;
        }
        throw input_error(where, fmt::format("node set '{}' is neither in {} nor a simulated "
                                             "population",
                                             name, r.node_sets_file.string()));
    }
    const nlohmann::json& set = sets[name];
    if (!set.is_object()) {
        throw input_error({r.node_sets_file.string(), 0, name},
                          "brainemu reads node sets that are objects of conditions");
    }
    for (std::uint32_t i = 0; i < n; ++i) {
        const sonata_node_type& t = r.circuit.type_of(i);
        const auto [population, node_id] = r.output_population(i);
        bool ok = true;
        for (const auto& [key, value] : set.items()) {
            if (key == "population") {
                ok = ok && value.is_string() && value.get<std::string>() == population;
            } else if (key == "model_type") {
                ok = ok && value.is_string() && value.get<std::string>() == t.model_type;
            } else if (key == "model_template") {
                ok = ok && value.is_string() && value.get<std::string>() == t.model_template;
            } else if (key == "node_id") {
                const auto ids = value.is_array() ? value : nlohmann::json::array({value});
                ok = ok && std::any_of(ids.begin(), ids.end(), [&](const nlohmann::json& v) {
                         return v.is_number_unsigned() && v.get<std::uint64_t>() == node_id;
                     });
            } else {
                throw input_error({r.node_sets_file.string(), 0, name + "." + key},
                                  "brainemu selects biophysical cells by population, node_id, "
                                  "model_type and model_template");
            }
        }
        in[i] = ok;
    }
    return in;
}

// A synapse of the circuit onto a cell: where, what, and which virtual edge it is.
struct synapse_site {
    std::uint32_t cell;  // simulated neuron
    std::uint32_t section;
    double x;
    synapse_params params;
};

// An edge type's synapse as BMTK builds it: Exp2Syn from tau1, tau2, erev; ExpSyn from tau1
// (its tau) and erev.
synapse_params synapse_of(const sonata_synapse_model& m, const fs::path& edges_file) {
    const bool exp2 = m.model_template == "Exp2Syn";
    if (!exp2 && m.model_template != "ExpSyn") {
        throw input_error({edges_file.string(), 0, "model_template"},
                          fmt::format("'{}': brainemu's synapses on biophysical cells are "
                                      "Exp2Syn and ExpSyn",
                                      m.model_template));
    }
    const std::string path = m.dynamics_params_file.string();
    auto need = [&](const char* key) {
        const auto it = m.dynamics.find(key);
        if (it == m.dynamics.end()) {
            throw input_error({path, 0, key}, exp2 ? "missing (Exp2Syn needs tau1, tau2, erev)"
                                                   : "missing (ExpSyn needs tau1, erev)");
        }
        return it->second;
    };
    synapse_params p;
    p.e_mv = need("erev");
    if (exp2) {
        p.tau1_ms = need("tau1");
        p.tau2_ms = need("tau2");
    } else {
        p.tau1_ms = 0.0;
        p.tau2_ms = need("tau1");
    }
    if (!(p.tau2_ms > 0) || !(p.tau1_ms > 0 || !exp2) || !std::isfinite(p.e_mv)) {
        throw input_error({path, 0, "tau1"}, "time constants must be > 0 and erev finite");
    }
    return p;
}

// What one block of cells produced: spikes (simulated neuron, time), the soma traces (one row
// per step, one column per cell of the block) and its books.
struct block_output {
    std::vector<cable_spike> spikes;
    std::vector<double> v, cai;
    std::uint64_t compartments = 0, synapses = 0, channels = 0, bytes = 0, synapse_bytes = 0;
    double flop_per_step = 0;
    double step_s = 0;
    double step_core_s = 0;  // summed over blocks (one thread each)
};

struct block_input {
    std::uint32_t first = 0, end = 0;  // simulated neurons [first, end)
};

// A recurrent synapse's drive: the synapse (an index into run_plan::sites) its source's spikes
// reach after `delay_ms`, with `weight_us`.
struct outgoing_edge {
    std::uint32_t site;
    double delay_ms;
    double weight_us;
};

struct run_plan {
    const sonata_run* run = nullptr;
    std::vector<const cell_model*> model_of;  // per simulated neuron
    // Per virtual edge, then per cell edge (cell == UINT32_MAX: none).
    std::vector<synapse_site> sites;
    std::vector<std::vector<outgoing_edge>> outgoing;  // per simulated neuron
    std::vector<std::vector<bool>> clamp_members;
    std::uint64_t steps = 0;
    // Steps the blocks take between exchanges of spikes: the shortest recurrent delay (all the
    // steps where there is none).
    std::uint64_t interval = 0;
    double dt = 0;
    bool record_v = false, record_cai = false;
};

// One block of cells (one thread's): built once, then stepped interval by interval, taking
// the events that other blocks' spikes send it in between.
class block_runner {
public:
    block_runner(const run_plan& plan, block_input b)
        : plan_(plan), b_(b), group_(plan.run->conditions.celsius) {
        const sonata_run& r = *plan.run;
        for (std::uint32_t i = b.first; i < b.end; ++i) {
            group_.add_cell(plan.model_of[i]->shape, plan.model_of[i]->biophysics,
                            r.conditions.spike_threshold_mv);
        }
        synapse_of_.assign(plan.sites.size(), -1);
        for (std::size_t e = 0; e < plan.sites.size(); ++e) {
            const synapse_site& s = plan.sites[e];
            if (s.cell >= b.first && s.cell < b.end) {
                synapse_of_[e] = group_.add_synapse(s.cell - b.first, s.section, s.x, s.params);
            }
        }
        for (std::size_t c = 0; c < r.current_clamps.size(); ++c) {
            const sonata_current_clamp_config& cfg = r.current_clamps[c];
            for (std::uint32_t i = b.first; i < b.end; ++i) {
                if (plan.clamp_members[c][i]) {
                    group_.add_clamp(
                        {group_.soma_node(i - b.first), cfg.delay_ms, cfg.duration_ms, cfg.amp_na});
                }
            }
        }
        for (const sonata_input_event& ev : r.input_events) {
            if (synapse_of_[ev.edge] >= 0) {
                events_.push_back(ev);
            }
        }
        out_.compartments = group_.compartments();
        out_.synapses = group_.synapses();
        out_.channels = group_.channel_instances();
        group_.initialize(r.conditions.v_init_mv);
        out_.bytes = group_.bytes();
        out_.synapse_bytes = group_.synapse_bytes();
        out_.flop_per_step = group_.flop_per_step();
        const std::uint32_t cells = b.end - b.first;
        if (plan.record_v) {
            out_.v.reserve(plan.steps * cells);
        }
        if (plan.record_cai) {
            out_.cai.reserve(plan.steps * cells);
        }
    }

    // A recurrent synapse's event, if the synapse is this block's.
    void deliver(std::uint32_t site, double time_ms, double weight_us) {
        if (synapse_of_[site] >= 0) {
            group_.deliver(static_cast<std::uint32_t>(synapse_of_[site]), time_ms, weight_us);
        }
    }

    // Steps [from, to); the spikes are appended to out().spikes.
    void run(std::uint64_t from, std::uint64_t to) {
        const auto t1 = clock_type::now();
        const std::uint32_t cells = b_.end - b_.first;
        for (std::uint64_t n = from; n < to; ++n) {
            const double t = static_cast<double>(n) * plan_.dt;
            // Events due by the step's middle (the group applies them in its own order).
            while (next_ < events_.size() && events_[next_].time_ms <= t + 0.5 * plan_.dt) {
                const sonata_input_event& ev = events_[next_++];
                group_.deliver(static_cast<std::uint32_t>(synapse_of_[ev.edge]), ev.time_ms,
                               ev.weight);
            }
            const std::size_t before = out_.spikes.size();
            group_.step(t, plan_.dt, out_.spikes);
            for (std::size_t k = before; k < out_.spikes.size(); ++k) {
                out_.spikes[k].cell += b_.first;
            }
            if (n + 1 == plan_.steps) {
                // NEURON (and so BMTK) tests thresholds as the next step begins: a crossing in
                // the run's last step is never reported. brainemu reports what NEURON does.
                out_.spikes.resize(before);
            }
            for (std::uint32_t c = 0; c < cells; ++c) {
                if (plan_.record_v) {
                    out_.v.push_back(group_.v(group_.soma_node(c)));
                }
                if (plan_.record_cai) {
                    out_.cai.push_back(group_.cai(group_.soma_node(c)));
                }
            }
        }
        out_.step_s += seconds_since(t1);
    }

    [[nodiscard]] block_output& out() { return out_; }

private:
    const run_plan& plan_;
    block_input b_;
    cable_group group_;
    std::vector<std::int64_t> synapse_of_;  // per site: the group's synapse, or -1
    std::vector<sonata_input_event> events_;
    std::size_t next_ = 0;
    block_output out_;
};

// Runs fn(b) for every block, one thread each, and rethrows the first exception.
template <class F>
void on_every_block(std::size_t blocks, F fn) {
    std::vector<std::exception_ptr> errors(blocks);
    std::vector<std::thread> pool;
    for (std::size_t b = 0; b < blocks; ++b) {
        pool.emplace_back([&, b] {
            try {
                fn(b);
            } catch (...) {
                errors[b] = std::current_exception();
            }
        });
    }
    for (std::thread& t : pool) {
        t.join();
    }
    for (const std::exception_ptr& e : errors) {
        if (e) {
            std::rethrow_exception(e);
        }
    }
}

// Contiguous blocks of neurons with about equal compartments.
std::vector<block_input> split(const run_plan& plan, std::uint32_t first, std::uint32_t end,
                               unsigned parts) {
    std::uint64_t total = 0;
    for (std::uint32_t i = first; i < end; ++i) {
        total += plan.model_of[i]->compartments;
    }
    std::vector<block_input> blocks;
    std::uint32_t start = first;
    std::uint64_t acc = 0;
    for (unsigned p = 0; p < parts; ++p) {
        const std::uint64_t goal = total * (p + 1) / parts;
        std::uint32_t stop = start;
        while (stop < end &&
               (p + 1 == parts || acc + plan.model_of[stop]->compartments / 2 < goal)) {
            acc += plan.model_of[stop]->compartments;
            ++stop;
        }
        blocks.push_back({start, stop});
        start = stop;
    }
    return blocks;
}

// Bytes of a block's output for the other ranks, and back.
template <class T>
void append_pod(std::string& s, const std::vector<T>& v) {
    const std::uint64_t n = v.size();
    s.append(reinterpret_cast<const char*>(&n), sizeof n);
    s.append(reinterpret_cast<const char*>(v.data()), n * sizeof(T));
}
template <class T>
std::vector<T> take_pod(const std::string& s, std::size_t& at) {
    std::uint64_t n = 0;
    std::memcpy(&n, s.data() + at, sizeof n);
    at += sizeof n;
    std::vector<T> v(n);
    std::memcpy(v.data(), s.data() + at, n * sizeof(T));
    at += n * sizeof(T);
    return v;
}

}  // namespace

cable_run_summary run_cable(const sonata_run& r, const cable_run_options& opt) {
    const auto t0 = clock_type::now();
    const auto n = static_cast<std::uint32_t>(r.circuit.neuron_node_type.size());
    run_plan plan;
    plan.run = &r;
    plan.dt = r.dt_ms;
    const double tstop = opt.duration_ms >= 0 ? opt.duration_ms : r.tstop_ms;
    plan.steps = static_cast<std::uint64_t>(std::llround(tstop / r.dt_ms));

    // The cells: one model per node type.
    std::map<const sonata_node_type*, std::unique_ptr<cell_model>> models;
    plan.model_of.resize(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        const sonata_node_type& t = r.circuit.type_of(i);
        if (!t.biophysical()) {
            throw input_error({r.simulation_config.string(), 0, "networks.nodes"},
                              fmt::format("node type {} of population {} is '{}': a run of "
                                          "biophysical cells takes no other cells yet",
                                          t.node_type_id, t.population, t.model_type));
        }
        auto& m = models[&t];
        if (!m) {
            m = std::make_unique<cell_model>(build_model(t, r.conditions.dl_um));
        }
        plan.model_of[i] = m.get();
    }
    // The synapses, checked against their cells: the virtual edges', then the recurrent ones'.
    const std::size_t virtual_sites = r.circuit.virtual_edges.size();
    plan.sites.resize(virtual_sites + r.circuit.cell_edges.size(), {UINT32_MAX, 0, 0, {}});
    plan.outgoing.resize(n);
    std::vector<std::optional<synapse_params>> synapse_params_of(r.circuit.synapse_models.size());
    auto place = [&](std::size_t index, std::uint32_t target, float weight, float delay,
                     const sonata_synapse_site& site) {
        const fs::path& file = r.circuit.edge_files[site.edge_file];
        const std::size_t sections = plan.model_of[target]->shape.sections.size();
        const std::string row = fmt::format("edge {}", site.edge_row);
        if (site.sec_id < 0 || static_cast<std::size_t>(site.sec_id) >= sections) {
            throw input_error(
                {file.string(), 0, row + " sec_id"},
                fmt::format("{} is not a section of node {}'s cell (it has {})", site.sec_id,
                            r.output_population(target).second, sections));
        }
        if (!(site.sec_x >= 0.0 && site.sec_x <= 1.0)) {
            throw input_error({file.string(), 0, row + " sec_x"}, "must be within [0, 1]");
        }
        if (!(weight >= 0.0f) || !std::isfinite(weight) || !(delay >= 0.0f)) {
            throw input_error({file.string(), 0, row},
                              "syn_weight (uS) and delay (ms) must be finite and >= 0");
        }
        auto& p = synapse_params_of[static_cast<std::size_t>(site.synapse_model)];
        if (!p) {
            p = synapse_of(r.circuit.synapse_models[static_cast<std::size_t>(site.synapse_model)],
                           file);
        }
        plan.sites[index] = {target, static_cast<std::uint32_t>(site.sec_id), site.sec_x, *p};
    };
    for (std::size_t e = 0; e < virtual_sites; ++e) {
        const sonata_virtual_edge& ve = r.circuit.virtual_edges[e];
        place(e, ve.target, ve.weight, ve.delay_ms, ve.site);
    }
    double min_delay = INFINITY;
    for (std::size_t k = 0; k < r.circuit.cell_edges.size(); ++k) {
        const sonata_cell_edge& ce = r.circuit.cell_edges[k];
        place(virtual_sites + k, ce.target, ce.weight, ce.delay_ms, ce.site);
        // A spike at the end of step n must not be due before the next exchange: the delay
        // spans at least one interval of whole steps.
        if (!(ce.delay_ms >= r.dt_ms)) {
            throw input_error({r.circuit.edge_files[ce.site.edge_file].string(), 0,
                               fmt::format("edge {} delay", ce.site.edge_row)},
                              fmt::format("{} ms: a synapse between cells needs a delay of at "
                                          "least one step ({} ms)",
                                          ce.delay_ms, r.dt_ms));
        }
        min_delay = std::min(min_delay, double{ce.delay_ms});
        plan.outgoing[ce.source].push_back({static_cast<std::uint32_t>(virtual_sites + k),
                                            double{ce.delay_ms}, double{ce.weight}});
    }
    // Without cell-to-cell synapses nothing is exchanged: intervals of 1,000 steps only give a
    // stop request (SIGINT) a boundary to end at.
    plan.interval = std::isfinite(min_delay)
                        ? std::max<std::uint64_t>(
                              1, static_cast<std::uint64_t>(std::floor(min_delay / r.dt_ms + 1e-9)))
                        : std::uint64_t{1000};
    for (const sonata_current_clamp_config& c : r.current_clamps) {
        plan.clamp_members.push_back(node_set_members(
            r, c.node_set, {r.simulation_config.string(), 0, "inputs." + c.name + ".node_set"}));
    }
    // The reports: soma v and cai.
    std::vector<std::vector<bool>> report_members;
    for (const sonata_report_config& rep : r.reports) {
        const input_location where{r.simulation_config.string(), 0, "reports." + rep.name};
        if (rep.module != "membrane_report") {
            if (opt.log) {
                opt.log(
                    fmt::format("report '{}' (module {}) is not written: brainemu records "
                                "membrane reports only",
                                rep.name, rep.module));
            }
            report_members.emplace_back();
            continue;
        }
        if (rep.variable_name != "v" && rep.variable_name != "cai") {
            throw input_error({where.path, 0, where.field + ".variable_name"},
                              fmt::format("'{}': brainemu reports v and cai", rep.variable_name));
        }
        if (!rep.sections.empty() && rep.sections != "soma") {
            throw input_error({where.path, 0, where.field + ".sections"},
                              fmt::format("'{}': brainemu reports the soma", rep.sections));
        }
        plan.record_v = plan.record_v || rep.variable_name == "v";
        plan.record_cai = plan.record_cai || rep.variable_name == "cai";
        report_members.push_back(node_set_members(r, rep.cells, {where.path, 0, where.field}));
    }

    // Blocks: one per rank and thread.
    local_communicator local;
    communicator& comm = opt.comm ? *opt.comm : local;
    const unsigned threads = std::max(1U, opt.threads);
    const std::vector<block_input> rank_blocks =
        split(plan, 0, n, static_cast<unsigned>(comm.size()));
    const block_input mine = rank_blocks[static_cast<std::size_t>(comm.rank())];
    const std::vector<block_input> blocks = split(plan, mine.first, mine.end, threads);
    std::vector<std::unique_ptr<block_runner>> runners(blocks.size());
    on_every_block(blocks.size(), [&](std::size_t b) {
        runners[b] = std::make_unique<block_runner>(plan, blocks[b]);
    });
    // Interval by interval: every block steps on its own, then the interval's spikes (every
    // block's, every rank's, in (time, cell) order) become the recurrent synapses' events.
    std::vector<std::size_t> reported(blocks.size(), 0);
    int stopped_by = 0;
    const std::uint64_t planned_steps = plan.steps;
    for (std::uint64_t from = 0; from < plan.steps; from += plan.interval) {
        // A stop request (SIGINT, SIGTERM: core/stop_signal.hpp) ends the run at this interval
        // boundary on every rank; what follows writes the steps run so far.
        if (from > 0) {
            const double agreed = comm.max_all(static_cast<double>(stop_signal()));
            if (agreed > 0.0) {
                stopped_by = static_cast<int>(agreed);
                plan.steps = from;
                break;
            }
        }
        const std::uint64_t to = std::min(plan.steps, from + plan.interval);
        on_every_block(blocks.size(), [&](std::size_t b) { runners[b]->run(from, to); });
        if (r.circuit.cell_edges.empty()) {
            continue;
        }
        std::vector<cable_spike> fresh;
        for (std::size_t b = 0; b < blocks.size(); ++b) {
            const std::vector<cable_spike>& all = runners[b]->out().spikes;
            fresh.insert(fresh.end(), all.begin() + static_cast<std::ptrdiff_t>(reported[b]),
                         all.end());
            reported[b] = all.size();
        }
        std::string wire(reinterpret_cast<const char*>(fresh.data()),
                         fresh.size() * sizeof(cable_spike));
        for (const std::string& from_rank : comm.allgather(wire)) {
            const std::size_t count = from_rank.size() / sizeof(cable_spike);
            for (std::size_t k = 0; k < count; ++k) {
                cable_spike sp{};
                std::memcpy(&sp, from_rank.data() + k * sizeof(cable_spike), sizeof sp);
                for (const outgoing_edge& e : plan.outgoing[sp.cell]) {
                    for (auto& runner : runners) {
                        runner->deliver(e.site, sp.time_ms + e.delay_ms, e.weight_us);
                    }
                }
            }
        }
    }
    std::vector<block_output> outputs;
    outputs.reserve(blocks.size());
    for (auto& runner : runners) {
        outputs.push_back(std::move(runner->out()));
    }

    // This rank's results, then every rank's at rank 0.
    block_output rank_out;
    for (const block_output& o : outputs) {
        rank_out.spikes.insert(rank_out.spikes.end(), o.spikes.begin(), o.spikes.end());
        rank_out.compartments += o.compartments;
        rank_out.synapses += o.synapses;
        rank_out.channels += o.channels;
        rank_out.bytes += o.bytes;
        rank_out.synapse_bytes += o.synapse_bytes;
        rank_out.flop_per_step += o.flop_per_step;
        rank_out.step_s = std::max(rank_out.step_s, o.step_s);
        rank_out.step_core_s += o.step_s;
    }
    // Traces: rows of the rank's cells, blocks side by side.
    const std::uint32_t rank_cells = mine.end - mine.first;
    for (int var = 0; var < 2; ++var) {
        if (!(var == 0 ? plan.record_v : plan.record_cai)) {
            continue;
        }
        std::vector<double>& dst = var == 0 ? rank_out.v : rank_out.cai;
        dst.resize(plan.steps * rank_cells);
        for (std::size_t b = 0; b < blocks.size(); ++b) {
            const std::vector<double>& src = var == 0 ? outputs[b].v : outputs[b].cai;
            const std::uint32_t w = blocks[b].end - blocks[b].first;
            for (std::uint64_t s = 0; s < plan.steps; ++s) {
                std::copy_n(src.begin() + static_cast<std::ptrdiff_t>(s * w), w,
                            dst.begin() + static_cast<std::ptrdiff_t>(
                                              s * rank_cells + (blocks[b].first - mine.first)));
            }
        }
    }
    std::string mine_bytes;
    append_pod(mine_bytes, rank_out.spikes);
    append_pod(mine_bytes, rank_out.v);
    append_pod(mine_bytes, rank_out.cai);
    append_pod(mine_bytes, std::vector<std::uint64_t>{rank_out.compartments, rank_out.synapses,
                                                      rank_out.channels, rank_out.bytes,
                                                      rank_out.synapse_bytes});
    append_pod(mine_bytes,
               std::vector<double>{rank_out.step_s, rank_out.step_core_s, rank_out.flop_per_step});
    const std::vector<std::string> all = comm.allgather(mine_bytes);

    cable_run_summary sum;
    sum.cells = n;
    sum.steps = plan.steps;
    sum.stopped_by = stopped_by;
    std::vector<cable_spike> spikes;
    std::vector<double> v(plan.record_v ? plan.steps * n : 0),
        cai(plan.record_cai ? plan.steps * n : 0);
    for (std::size_t k = 0; k < all.size(); ++k) {
        std::size_t at = 0;
        const auto s = take_pod<cable_spike>(all[k], at);
        const auto rv = take_pod<double>(all[k], at);
        const auto rc = take_pod<double>(all[k], at);
        const auto counts = take_pod<std::uint64_t>(all[k], at);
        const auto times = take_pod<double>(all[k], at);
        spikes.insert(spikes.end(), s.begin(), s.end());
        sum.compartments += counts[0];
        sum.synapses += counts[1];
        sum.channel_instances += counts[2];
        sum.state_bytes += counts[3];
        sum.synapse_bytes += counts[4];
        sum.step_s = std::max(sum.step_s, times[0]);
        sum.step_core_s += times[1];
        sum.flop_per_step += times[2];
        const block_input rb = rank_blocks[k];
        const std::uint32_t w = rb.end - rb.first;
        for (std::uint64_t st = 0; st < plan.steps && w > 0; ++st) {
            if (!rv.empty()) {
                std::copy_n(rv.begin() + static_cast<std::ptrdiff_t>(st * w), w,
                            v.begin() + static_cast<std::ptrdiff_t>(st * n + rb.first));
            }
            if (!rc.empty()) {
                std::copy_n(rc.begin() + static_cast<std::ptrdiff_t>(st * w), w,
                            cai.begin() + static_cast<std::ptrdiff_t>(st * n + rb.first));
            }
        }
    }
    sum.spikes = spikes.size();
    sum.build_s = seconds_since(t0) - sum.step_s;
    if (comm.rank() != 0) {
        return sum;
    }

    // Outputs (rank 0).
    fs::create_directories(opt.out);
    std::map<std::string, sonata_spikes> by_population;
    std::sort(spikes.begin(), spikes.end(), [](const cable_spike& a, const cable_spike& b) {
        return a.time_ms != b.time_ms ? a.time_ms < b.time_ms : a.cell < b.cell;
    });
    for (const cable_spike& s : spikes) {
        const auto [population, node_id] = r.output_population(s.cell);
        sonata_spikes& out = by_population[population];
        out.population = population;
        out.timestamps_ms.push_back(s.time_ms);
        out.node_ids.push_back(node_id);
    }
    std::vector<sonata_spikes> spike_files;
    for (auto& [name, s] : by_population) {
        spike_files.push_back(std::move(s));
    }
    if (spike_files.empty() && n > 0) {
        spike_files.push_back({r.output_population(0).first, {}, {}});
    }
    write_sonata_spikes(opt.out / "spikes.h5", std::move(spike_files), r.spikes_sorting);
    for (std::size_t k = 0; k < r.reports.size(); ++k) {
        const sonata_report_config& rep = r.reports[k];
        if (report_members[k].empty()) {
            continue;
        }
        std::map<std::string, sonata_report> by_pop;
        std::map<std::string, std::vector<std::uint32_t>> columns;
        for (std::uint32_t i = 0; i < n; ++i) {
            if (report_members[k][i]) {
                const auto [population, node_id] = r.output_population(i);
                by_pop[population].node_ids.push_back(node_id);
                columns[population].push_back(i);
            }
        }
        const std::vector<double>& src = rep.variable_name == "v" ? v : cai;
        for (auto& [population, report] : by_pop) {
            report.population = population;
            report.start_ms = 0;
            report.stop_ms = static_cast<double>(plan.steps) * plan.dt;
            report.step_ms = plan.dt;
            report.units = rep.variable_name == "v" ? "mV" : "mM";
            const std::vector<std::uint32_t>& cols = columns[population];
            report.data.reserve(plan.steps * cols.size());
            for (std::uint64_t st = 0; st < plan.steps; ++st) {
                for (std::uint32_t c : cols) {
                    report.data.push_back(src[st * n + c]);
                }
            }
            // One file per report; with several populations, one file each.
            const fs::path file =
                by_pop.size() == 1
                    ? opt.out / rep.file.filename()
                    : opt.out / (rep.file.stem().string() + "_" + population + ".h5");
            write_sonata_report(file, report);
        }
    }
    nlohmann::json profile = {
        {"rung", "multi-compartment (cable)"},
        {"cells", sum.cells},
        {"compartments", sum.compartments},
        {"synapses", sum.synapses},
        {"channel_instances", sum.channel_instances},
        {"steps", sum.steps},
        {"dt_ms", plan.dt},
        {"threads", threads},
        {"ranks", comm.size()},
        {"spikes", sum.spikes},
        {"build_s", sum.build_s},
        {"step_s", sum.step_s},
        {"step_core_s", sum.step_core_s},
        {"ns_per_compartment_step",
         sum.compartments > 0 && sum.steps > 0
             ? sum.step_core_s * 1e9 / static_cast<double>(sum.compartments * sum.steps)
             : 0.0},
        {"flop_per_compartment_step",
         sum.compartments > 0 ? sum.flop_per_step / static_cast<double>(sum.compartments) : 0.0},
        {"duration_ms", static_cast<double>(sum.steps) * plan.dt},
        {"mean_rate_hz", sum.cells > 0 && sum.steps > 0
                             ? static_cast<double>(sum.spikes) / sum.cells /
                                   (static_cast<double>(sum.steps) * plan.dt * 1e-3)
                             : 0.0},
        {"state_bytes", sum.state_bytes},
        {"synapse_bytes", sum.synapse_bytes},
        // The cells' bytes (all but the synapses') per compartment, and a synapse's.
        {"bytes_per_compartment", sum.compartments > 0
                                      ? static_cast<double>(sum.state_bytes - sum.synapse_bytes) /
                                            static_cast<double>(sum.compartments)
                                      : 0.0},
        {"bytes_per_synapse", sum.synapses > 0 ? static_cast<double>(sum.synapse_bytes) /
                                                     static_cast<double>(sum.synapses)
                                               : 0.0},
    };
    if (stopped_by != 0) {
        profile["stopped_by"] = signal_name(stopped_by);
    }
    write_file_atomic(opt.out / "cable_profile.json", profile.dump(2) + "\n");
    if (opt.log) {
        opt.log(
            fmt::format("{} biophysical cells, {} compartments, {} synapses, {} channel "
                        "instances; {} steps of {} ms in {:.2f} s; {} spikes",
                        sum.cells, sum.compartments, sum.synapses, sum.channel_instances, sum.steps,
                        plan.dt, sum.step_s, sum.spikes));
        if (stopped_by != 0) {
            opt.log(
                fmt::format("stopped by {} at {:.1f} ms of {:.1f}: the outputs hold the "
                            "first {:.1f} ms",
                            signal_name(stopped_by), static_cast<double>(plan.steps) * plan.dt,
                            static_cast<double>(planned_steps) * plan.dt,
                            static_cast<double>(plan.steps) * plan.dt));
        }
    }
    return sum;
}

}  // namespace brainemu
