#include "io/sonata/sonata_circuit.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/input_error.hpp"
#include "io/sonata/hdf5_file.hpp"
#include "io/sonata/sonata_types.hpp"

namespace brainemu {
namespace {

namespace fs = std::filesystem;

std::map<std::string, double> read_dynamics(const fs::path& path) {
    std::ifstream in(path);
    if (!in) {
        throw input_error({path.string(), 0, ""}, "cannot open dynamics_params file");
    }
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& e) {
        throw input_error({path.string(), 0, ""}, fmt::format("not valid JSON: {}", e.what()));
    }
    std::map<std::string, double> out;
    if (j.is_object()) {
        for (const auto& [key, value] : j.items()) {
            if (value.is_number()) {
                out[key] = value.get<double>();
            }
        }
    }
    return out;
}

fs::path component(const fs::path& dir, const std::string& name, const fs::path& beside) {
    const fs::path p(name);
    if (p.is_absolute()) {
        return p;
    }
    return dir.empty() ? (beside.parent_path() / p) : (dir / p);
}

double need(const std::map<std::string, double>& d, const char* key, const input_location& where) {
    const auto it = d.find(key);
    if (it == d.end()) {
        throw input_error(where, fmt::format("dynamics_params has no '{}'", key));
    }
    return it->second;
}

template <class P, class Member>  // Member: P or a base of P
void set_if(const std::map<std::string, double>& d, const char* key, double Member::*member, P& p) {
    if (const auto it = d.find(key); it != d.end()) {
        p.*member = it->second;
    }
}

// Node types of one nodes entry, loaded once with their dynamics and model.
sonata_node_type make_node_type(const sonata_type_table& table, std::int64_t id,
                                const sonata_circuit_config& config, const std::string& pop) {
    sonata_node_type t;
    t.population = pop;
    t.node_type_id = id;
    t.model_type = table.value(id, "model_type").value_or("");
    t.model_template = table.value(id, "model_template").value_or("");
    // BMTK writes NONE where a type has no parameter file (the biophysical examples do).
    if (const auto dyn = table.value(id, "dynamics_params"); dyn && *dyn != "NONE") {
        t.dynamics_params_file = component(config.point_neuron_models_dir, *dyn, table.path());
        t.dynamics = read_dynamics(t.dynamics_params_file);
    }
    if (t.biophysical()) {
        const input_location where{table.path().string(), 0, fmt::format("node type {}", id)};
        const auto morph = table.value(id, "morphology");
        if (!morph || morph->empty() || *morph == "NONE") {
            throw input_error(where, "a biophysical node type needs a morphology");
        }
        fs::path m(*morph);
        if (!m.has_extension()) {
            m += ".swc";
        }
        t.morphology_file = component(config.morphologies_dir, m.string(), table.path());
        const std::string templ = t.model_template;
        if (templ.rfind("nml:", 0) != 0) {
            throw input_error(where,
                              fmt::format("model_template '{}': brainemu's biophysical cells "
                                          "come from NeuroML cells (nml:FILE)",
                                          templ));
        }
        t.cell_template_file =
            component(config.biophysical_neuron_models_dir, templ.substr(4), table.path());
        t.model_processing = table.value(id, "model_processing").value_or("");
        if (t.model_processing != "aibs_perisomatic") {
            throw input_error(where, fmt::format("model_processing '{}': brainemu builds "
                                                 "biophysical cells as aibs_perisomatic "
                                                 "(the reconstructed axon replaced by a stub)",
                                                 t.model_processing));
        }
        t.unmapped_reason = "a biophysical cell: it runs on the cable rung";
        return t;
    }
    if (t.model_type != "virtual") {
        const input_location where{t.dynamics_params_file.empty() ? table.path().string()
                                                                  : t.dynamics_params_file.string(),
                                   0, ""};
        t.model = sonata_model_for(t.model_template, t.dynamics, where, t.unmapped_reason);
    }
    return t;
}

std::string node_population_of(const hdf5::file& f, const std::string& dataset) {
    const auto pop = f.string_attribute(dataset, "node_population");
    if (!pop) {
        throw input_error({f.path().string(), 0, dataset},
                          "missing attribute node_population (required by SONATA)");
    }
    return *pop;
}

struct node_block {
    std::uint32_t population;
    std::vector<std::uint64_t> node_ids;
    std::vector<std::int64_t> type_ids;
};

// The per-edge value of `name`: the edge group's dataset if it has one, else nullopt.
struct edge_groups {
    std::vector<std::uint64_t> group_id, group_index;
    std::map<std::uint64_t, std::map<std::string, std::vector<double>>> columns;

    std::optional<double> value(std::size_t e, const std::string& name) const {
        const auto g = columns.find(group_id.empty() ? 0 : group_id[e]);
        if (g == columns.end()) {
            return std::nullopt;
        }
        const auto c = g->second.find(name);
        if (c == g->second.end()) {
            return std::nullopt;
        }
        const std::uint64_t i = group_index.empty() ? e : group_index[e];
        return i < c->second.size() ? std::optional<double>(c->second[i]) : std::nullopt;
    }
};

edge_groups read_edge_groups(const hdf5::file& f, const std::string& base, std::uint64_t n) {
    edge_groups g;
    if (f.has(base + "/edge_group_id")) {
        g.group_id = f.read_u64(base + "/edge_group_id");
    }
    if (f.has(base + "/edge_group_index")) {
        g.group_index = f.read_u64(base + "/edge_group_index");
    }
    if ((!g.group_id.empty() && g.group_id.size() != n) ||
        (!g.group_index.empty() && g.group_index.size() != n)) {
        throw input_error({f.path().string(), 0, base + "/edge_group_id"},
                          fmt::format("length differs from source_node_id ({})", n));
    }
    for (const std::string& member : f.members(base)) {
        if (member.empty() || !std::all_of(member.begin(), member.end(), ::isdigit)) {
            continue;  // datasets and "indices"; groups are named by their number
        }
        auto& cols = g.columns[std::stoull(member)];
        for (const char* name : {"syn_weight", "delay", "nsyns", "sec_id", "sec_x"}) {
            const std::string path = base + "/" + member + "/" + name;
            if (f.has(path)) {
                cols[name] = f.read_f64(path);
            }
        }
    }
    return g;
}

}  // namespace

const sonata_population* sonata_circuit::population(const std::string& name) const {
    for (const auto& p : populations) {
        if (p.name == name) {
            return &p;
        }
    }
    return nullptr;
}

const sonata_node_type* sonata_circuit::node_type(const std::string& pop,
                                                  std::int64_t node_type_id) const {
    for (const auto& t : node_types) {
        if (t.population == pop && t.node_type_id == node_type_id) {
            return &t;
        }
    }
    return nullptr;
}

std::optional<model_params> sonata_model_for(const std::string& model_template,
                                             const std::map<std::string, double>& d,
                                             const input_location& where, std::string& reason) {
    if (model_template == "nrn:IntFire1") {
        intfire1::params p;  // BMTK reads tau and refrac in seconds (cell_models.py: * 1000)
        p.tau_ms = need(d, "tau", where) * 1000.0;
        p.refrac_ms = need(d, "refrac", where) * 1000.0;
        p.validate(where);
        return p;
    }
    if (model_template == "nest:iaf_psc_delta") {
        lif_psc_delta::params p;
        set_if(d, "C_m", &lif_psc_delta::params::c_m_pF, p);
        set_if(d, "tau_m", &lif_psc_delta::params::tau_m_ms, p);
        set_if(d, "t_ref", &lif_psc_delta::params::t_ref_ms, p);
        set_if(d, "E_L", &lif_psc_delta::params::e_l_mV, p);
        set_if(d, "V_reset", &lif_psc_delta::params::v_reset_mV, p);
        set_if(d, "V_th", &lif_psc_delta::params::v_th_mV, p);
        set_if(d, "I_e", &lif_psc_delta::params::i_e_pA, p);
        p.validate(where);
        return p;
    }
    if (model_template == "nest:iaf_psc_exp") {
        lif_psc_exp::params p;
        set_if(d, "C_m", &lif_psc_exp::params::c_m_pF, p);
        set_if(d, "tau_m", &lif_psc_exp::params::tau_m_ms, p);
        set_if(d, "tau_syn_ex", &lif_psc_exp::params::tau_syn_ex_ms, p);
        set_if(d, "tau_syn_in", &lif_psc_exp::params::tau_syn_in_ms, p);
        set_if(d, "t_ref", &lif_psc_exp::params::t_ref_ms, p);
        set_if(d, "E_L", &lif_psc_exp::params::e_l_mV, p);
        set_if(d, "V_reset", &lif_psc_exp::params::v_reset_mV, p);
        set_if(d, "V_th", &lif_psc_exp::params::v_th_mV, p);
        set_if(d, "I_e", &lif_psc_exp::params::i_e_pA, p);
        p.validate(where);
        return p;
    }
    if (model_template == "nest:iaf_psc_alpha") {
        reason =
            "nest:iaf_psc_alpha has alpha-shaped synaptic currents; brainemu has no alpha-PSC "
            "LIF (lif_psc_exp is the nearest, with exponential currents)";
    } else {
        reason = fmt::format("model_template '{}' has no brainemu counterpart", model_template);
    }
    return std::nullopt;
}

sonata_circuit load_sonata_circuit(const fs::path& circuit_config) {
    return load_sonata_circuit(read_sonata_circuit_config(circuit_config));
}

sonata_circuit load_sonata_circuit(const sonata_circuit_config& config) {
    sonata_circuit c;
    connectome_builder b;
    std::vector<node_block> blocks;

    // Nodes: populations in config order; simulated ones become neurons.
    std::int64_t next_offset = 0;
    for (const auto& entry : config.nodes) {
        const auto types = sonata_type_table::read(entry.node_types_file, "node_type_id");
        const hdf5::file f = hdf5::file::open(entry.nodes_file);
        for (const std::string& name : f.members("/nodes")) {
            const std::string base = "/nodes/" + name;
            node_block blk{static_cast<std::uint32_t>(c.populations.size()), {}, {}};
            blk.type_ids = f.read_i64(base + "/node_type_id");
            if (f.has(base + "/node_id")) {
                blk.node_ids = f.read_u64(base + "/node_id");
            } else {  // SONATA allows implicit ids 0..n-1
                blk.node_ids.resize(blk.type_ids.size());
                for (std::size_t i = 0; i < blk.node_ids.size(); ++i) {
                    blk.node_ids[i] = i;
                }
            }
            if (blk.node_ids.size() != blk.type_ids.size()) {
                throw input_error({f.path().string(), 0, base + "/node_id"},
                                  "length differs from node_type_id");
            }
            sonata_population pop;
            pop.name = name;
            pop.nodes_file = entry.nodes_file;
            pop.size = blk.node_ids.size();
            bool any_virtual = false, all_virtual = true;
            std::map<std::int64_t, std::uint32_t> type_index;  // this population's types
            for (const std::int64_t t : blk.type_ids) {
                if (!type_index.contains(t)) {
                    if (!types.has_type(t)) {
                        throw input_error(
                            {types.path().string(), 0, ""},
                            fmt::format("node type {} (used in {}: {}/node_type_id) is not "
                                        "listed",
                                        t, entry.nodes_file.string(), base));
                    }
                    type_index[t] = static_cast<std::uint32_t>(c.node_types.size());
                    c.node_types.push_back(make_node_type(types, t, config, name));
                }
                const bool v = c.node_types[type_index[t]].model_type == "virtual";
                any_virtual = any_virtual || v;
                all_virtual = all_virtual && v;
            }
            if (any_virtual && !all_virtual) {
                throw input_error({f.path().string(), 0, base},
                                  "population mixes virtual and simulated nodes (not supported)");
            }
            pop.is_virtual = any_virtual;
            for (const std::uint64_t id : blk.node_ids) {
                pop.max_node_id = std::max(pop.max_node_id, id);
            }
            if (!pop.is_virtual) {
                pop.id_offset = next_offset;
                pop.first = b.size();
                next_offset += static_cast<std::int64_t>(pop.max_node_id) + 1;
                for (std::size_t i = 0; i < blk.node_ids.size(); ++i) {
                    const std::int64_t id =
                        pop.id_offset + static_cast<std::int64_t>(blk.node_ids[i]);
                    const auto idx = b.add_neuron(id);
                    if (!idx) {
                        throw input_error({f.path().string(), 0, base + "/node_id"},
                                          fmt::format("node_id {} appears twice", blk.node_ids[i]));
                    }
                    const std::int64_t t = blk.type_ids[i];
                    c.neuron_node_type.push_back(type_index.at(t));
                    b.add_label("population:" + name, *idx);
                    b.add_label(fmt::format("node_type_id:{}", t), *idx);
                    std::string type_name = fmt::format("{}", t);
                    for (const char* col : {"model_template", "model_name", "pop_name", "ei"}) {
                        if (const auto v = types.value(t, col)) {
                            b.add_label(fmt::format("{}:{}", col, *v), *idx);
                        }
                    }
                    if (const auto v = types.value(t, "pop_name")) {
                        type_name = *v;
                    }
                    if (const auto v = types.value(t, "model_name")) {
                        type_name = *v;
                    }
                    b.set_type(*idx, type_name);
                }
            }
            c.populations.push_back(std::move(pop));
            blocks.push_back(std::move(blk));
        }
    }

    // The weight unit: that of the simulated neurons' models (they must agree).
    for (std::uint32_t i = 0; i < c.neuron_node_type.size(); ++i) {
        const auto& t = c.node_types[c.neuron_node_type[i]];
        if (!t.model) {
            continue;
        }
        const std::string unit = std::visit(
            [](const auto& p) {
                return std::string(model_of<std::decay_t<decltype(p)>>::type::weight_unit);
            },
            *t.model);
        if (c.weight_unit.empty()) {
            c.weight_unit = unit;
        } else if (unit != c.weight_unit) {
            throw input_error({config.path.string(), 0, "networks.nodes"},
                              fmt::format("models with weights in {} and in {} in one circuit "
                                          "(not supported)",
                                          c.weight_unit, unit));
        }
    }

    // Edges.
    std::map<std::string, double> sign_of_file;
    std::uint64_t internal_edges = 0;
    std::map<std::pair<std::string, std::int64_t>, std::int32_t> synapse_model_of;
    for (const auto& entry : config.edges) {
        const auto types = sonata_type_table::read(entry.edge_types_file, "edge_type_id");
        const hdf5::file f = hdf5::file::open(entry.edges_file);
        const auto file_index = static_cast<std::uint32_t>(c.edge_files.size());
        c.edge_files.push_back(entry.edges_file);
        for (const std::string& name : f.members("/edges")) {
            const std::string base = "/edges/" + name;
            const auto src = f.read_u64(base + "/source_node_id");
            const auto dst = f.read_u64(base + "/target_node_id");
            const auto type = f.read_i64(base + "/edge_type_id");
            if (dst.size() != src.size() || type.size() != src.size()) {
                throw input_error({f.path().string(), 0, base},
                                  "source_node_id, target_node_id and edge_type_id differ in "
                                  "length");
            }
            const sonata_population* sp =
                c.population(node_population_of(f, base + "/source_node_id"));
            const sonata_population* tp =
                c.population(node_population_of(f, base + "/target_node_id"));
            if (!sp || !tp) {
                throw input_error({f.path().string(), 0, base},
                                  "node_population names a population not in the circuit");
            }
            if (tp->is_virtual) {
                throw input_error({f.path().string(), 0, base + "/target_node_id"},
                                  fmt::format("targets virtual population {}", tp->name));
            }
            const edge_groups groups = read_edge_groups(f, base, src.size());
            const auto sp_index = static_cast<std::uint32_t>(sp - c.populations.data());
            for (std::size_t e = 0; e < src.size(); ++e) {
                const std::int64_t t = type[e];
                if (!types.has_type(t)) {
                    throw input_error({types.path().string(), 0, ""},
                                      fmt::format("edge type {} (used in {}: {}/edge_type_id) is "
                                                  "not listed",
                                                  t, entry.edges_file.string(), base));
                }
                if (const auto wf = types.value(t, "weight_function"); wf && *wf != "wmax") {
                    throw input_error(
                        {types.path().string(), 0, "column 'weight_function'"},
                        fmt::format("'{}' is not supported (only wmax, the identity)", *wf));
                }
                const auto target = b.find_id(tp->id_offset + static_cast<std::int64_t>(dst[e]));
                if (!target) {
                    throw input_error(
                        {f.path().string(), 0, base + "/target_node_id"},
                        fmt::format("node {} is not in population {}", dst[e], tp->name));
                }
                if (c.type_of(*target).biophysical()) {
                    // BMTK's preselected synapses: one synapse per edge row, its weight in uS
                    // as written (no nsyns, no sign: inhibition is the synapse's reversal).
                    const auto key = std::pair{entry.edge_types_file.string(), t};
                    if (!synapse_model_of.contains(key)) {
                        sonata_synapse_model sm;
                        sm.model_template = types.value(t, "model_template").value_or("");
                        if (const auto dyn = types.value(t, "dynamics_params")) {
                            sm.dynamics_params_file =
                                component(config.synaptic_models_dir, *dyn, types.path());
                            sm.dynamics = read_dynamics(sm.dynamics_params_file);
                        }
                        synapse_model_of[key] = static_cast<std::int32_t>(c.synapse_models.size());
                        c.synapse_models.push_back(std::move(sm));
                    }
                    const auto w = groups.value(e, "syn_weight");
                    const auto d = groups.value(e, "delay");
                    const auto weight =
                        static_cast<float>(w ? *w : types.number(t, "syn_weight").value_or(NAN));
                    const auto delay =
                        static_cast<float>(d ? *d : types.number(t, "delay").value_or(NAN));
                    sonata_synapse_site site;
                    site.sec_id =
                        static_cast<std::int64_t>(groups.value(e, "sec_id").value_or(-1.0));
                    site.sec_x = groups.value(e, "sec_x").value_or(NAN);
                    site.synapse_model = synapse_model_of[key];
                    site.edge_row = e;
                    site.edge_file = file_index;
                    if (sp->is_virtual) {
                        c.virtual_edges.push_back({sp_index, src[e], *target, weight, delay, site});
                        continue;
                    }
                    const auto source =
                        b.find_id(sp->id_offset + static_cast<std::int64_t>(src[e]));
                    if (!source || !c.type_of(*source).biophysical()) {
                        throw input_error({f.path().string(), 0, base + "/source_node_id"},
                                          fmt::format("edge {}: a biophysical cell's synapses "
                                                      "are driven by virtual nodes or other "
                                                      "biophysical cells",
                                                      e));
                    }
                    c.cell_edges.push_back({*source, *target, weight, delay, site});
                    continue;
                }
                double sign = 1.0;
                if (const auto dyn = types.value(t, "dynamics_params")) {
                    const fs::path p = component(config.synaptic_models_dir, *dyn, types.path());
                    if (!sign_of_file.contains(p.string())) {
                        const auto d = read_dynamics(p);
                        sign_of_file[p.string()] = d.contains("sign") ? d.at("sign") : 1.0;
                    }
                    sign = sign_of_file[p.string()];
                }
                const auto w = groups.value(e, "syn_weight");
                const double syn_weight = w ? *w : types.number(t, "syn_weight").value_or(NAN);
                if (std::isnan(syn_weight)) {
                    throw input_error({f.path().string(), 0, base},
                                      fmt::format("edge {} has no syn_weight (neither a dataset "
                                                  "nor a column of type {})",
                                                  e, t));
                }
                const double nsyns =
                    groups.value(e, "nsyns").value_or(types.number(t, "nsyns").value_or(1.0));
                const auto d = groups.value(e, "delay");
                const double delay = d ? *d : types.number(t, "delay").value_or(NAN);
                const auto weight = static_cast<float>(syn_weight * nsyns * sign);
                if (sp->is_virtual) {
                    c.virtual_edges.push_back(
                        {sp_index, src[e], *target, weight, static_cast<float>(delay), {}});
                    continue;
                }
                const auto source = b.find_id(sp->id_offset + static_cast<std::int64_t>(src[e]));
                if (!source) {
                    throw input_error(
                        {f.path().string(), 0, base + "/source_node_id"},
                        fmt::format("node {} is not in population {}", src[e], sp->name));
                }
                b.add_weighted_edge(*source, *target, weight, c.weight_unit,
                                    static_cast<float>(delay));
                ++internal_edges;
            }
        }
    }

    b.add_metadata("format", "SONATA");
    b.add_metadata("source", config.path.string());
    for (const auto& p : c.populations) {
        b.add_metadata("sonata.population." + p.name,
                       p.is_virtual ? fmt::format("virtual, {} nodes", p.size)
                                    : fmt::format("{} nodes, id_offset {}", p.size, p.id_offset));
    }
    b.add_metadata("sonata.edges", fmt::format("{}", internal_edges));
    b.add_metadata("sonata.virtual_edges", fmt::format("{}", c.virtual_edges.size()));
    c.net = b.finish(config.path.string());
    return c;
}

}  // namespace brainemu
