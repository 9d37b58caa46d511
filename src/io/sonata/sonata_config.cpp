#include "io/sonata/sonata_config.hpp"

#include <cmath>
#include <fstream>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/input_error.hpp"

namespace brainemu {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// A parsed config with its manifest substituted into every string.
struct config_file {
    fs::path path;
    json root;

    [[noreturn]] void fail(const std::string& key, std::string_view problem) const {
        throw input_error({path.string(), 0, key}, problem);
    }
    [[nodiscard]] fs::path dir() const { return path.parent_path(); }
    // A path value: relative ones are relative to this file's directory.
    [[nodiscard]] fs::path resolve(const std::string& value) const {
        const fs::path p(value);
        return (p.is_absolute() ? p : dir() / p).lexically_normal();
    }
    [[nodiscard]] const json& at(const json& object, const std::string& parent,
                                 const std::string& key) const {
        if (!object.is_object() || !object.contains(key)) {
            fail(parent.empty() ? key : parent + "." + key, "required key is missing");
        }
        return object.at(key);
    }
    [[nodiscard]] std::string string_at(const json& object, const std::string& parent,
                                        const std::string& key) const {
        const json& v = at(object, parent, key);
        if (!v.is_string()) {
            fail(parent.empty() ? key : parent + "." + key, "must be a string");
        }
        return v.get<std::string>();
    }
    [[nodiscard]] double number_at(const json& object, const std::string& parent,
                                   const std::string& key) const {
        const json& v = at(object, parent, key);
        if (!v.is_number()) {
            fail(parent + "." + key, "must be a number");
        }
        return v.get<double>();
    }
};

// A manifest entry, or a string after substitution, longer than this is not a path
// (PATH_MAX is 4,096) but runaway expansion.
constexpr std::size_t max_expanded = std::size_t{1} << 16;

// Replaces $NAME and ${NAME} for every manifest name (longest names first, so $BASE_DIR_X is
// not read as $BASE_DIR followed by _X).
std::string substitute(std::string text, const std::map<std::string, std::string>& vars) {
    for (auto it = vars.rbegin(); it != vars.rend(); ++it) {
        for (const std::string& token : {"${" + it->first + "}", "$" + it->first}) {
            for (std::size_t at = text.find(token); at != std::string::npos;
                 at = text.find(token, at + it->second.size())) {
                text.replace(at, token.size(), it->second);
                if (text.size() > max_expanded) {
                    return text;  // runaway: the caller refuses it, before it grows further
                }
            }
        }
    }
    return text;
}

// Every string of the config, each manifest name substituted; `where` is the JSON path, for
// an error naming the field.
void substitute_all(const config_file& f, json& j, const std::map<std::string, std::string>& vars,
                    const std::string& where) {
    if (j.is_string()) {
        const std::string text = j.get<std::string>();
        std::string next = substitute(text, vars);
        if (next.size() > max_expanded && next.size() > text.size()) {
            f.fail(where, fmt::format("expands past {} characters", max_expanded));
        }
        j = std::move(next);
    } else if (j.is_object()) {
        for (auto& [key, child] : j.items()) {
            substitute_all(f, child, vars, where.empty() ? key : where + "." + key);
        }
    } else if (j.is_array()) {
        for (std::size_t i = 0; i < j.size(); ++i) {
            substitute_all(f, j[i], vars, fmt::format("{}[{}]", where, i));
        }
    }
}

config_file load(const fs::path& path) {
    std::ifstream in(path);
    if (!in) {
        throw input_error({path.string(), 0, ""}, "cannot open file");
    }
    config_file f{path, {}};
    try {
        f.root = json::parse(in);
    } catch (const json::parse_error& e) {
        throw input_error({path.string(), 0, ""}, fmt::format("not valid JSON: {}", e.what()));
    }
    if (!f.root.is_object()) {
        f.fail("", "expected a JSON object");
    }
    std::map<std::string, std::string> vars;
    if (f.root.contains("manifest")) {
        const json& m = f.root["manifest"];
        if (!m.is_object()) {
            f.fail("manifest", "must be an object");
        }
        for (const auto& [key, value] : m.items()) {
            if (!value.is_string()) {
                f.fail("manifest." + key, "must be a string");
            }
            vars[key.starts_with('$') ? key.substr(1) : key] = value.get<std::string>();
        }
        // Entries may refer to each other ($OUTPUT_DIR = $BASE_DIR/output): substitute until
        // nothing changes. Entries that each use another twice double per round (13 of them
        // reached 12.9 GB): a value past max_expanded characters, or one still changing after
        // as many rounds as there are entries (a cycle), is refused.
        bool changed = true;
        for (std::size_t round = 0; changed && round <= vars.size(); ++round) {
            changed = false;
            for (auto& [name, value] : vars) {
                std::string next = substitute(value, vars);
                if (next.size() > max_expanded) {
                    f.fail("manifest." + name,
                           fmt::format("expands past {} characters: its entries refer to each "
                                       "other without bound",
                                       max_expanded));
                }
                changed = changed || next != value;
                value = std::move(next);
            }
        }
        if (changed) {
            f.fail("manifest", "its entries refer to each other in a cycle");
        }
        f.root.erase("manifest");
    }
    substitute_all(f, f.root, vars, "");
    return f;
}

fs::path optional_dir(const config_file& f, const json& components, const std::string& key) {
    if (!components.is_object() || !components.contains(key) || !components[key].is_string()) {
        return {};
    }
    return f.resolve(components[key].get<std::string>());
}

}  // namespace

sonata_circuit_config read_sonata_circuit_config(const fs::path& path) {
    const config_file f = load(path);
    sonata_circuit_config c;
    c.path = path;
    const json& networks = f.at(f.root, "", "networks");
    const json& nodes = f.at(networks, "networks", "nodes");
    if (!nodes.is_array()) {
        f.fail("networks.nodes", "must be an array");
    }
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const std::string where = fmt::format("networks.nodes[{}]", i);
        c.nodes.push_back({f.resolve(f.string_at(nodes[i], where, "nodes_file")),
                           f.resolve(f.string_at(nodes[i], where, "node_types_file"))});
    }
    if (networks.contains("edges")) {
        const json& edges = networks["edges"];
        if (!edges.is_array()) {
            f.fail("networks.edges", "must be an array");
        }
        for (std::size_t i = 0; i < edges.size(); ++i) {
            const std::string where = fmt::format("networks.edges[{}]", i);
            if (edges[i].contains("enabled") && edges[i]["enabled"] == false) {
                continue;
            }
            c.edges.push_back({f.resolve(f.string_at(edges[i], where, "edges_file")),
                               f.resolve(f.string_at(edges[i], where, "edge_types_file"))});
        }
    }
    const json components = f.root.contains("components") ? f.root["components"] : json::object();
    c.point_neuron_models_dir = optional_dir(f, components, "point_neuron_models_dir");
    c.synaptic_models_dir = optional_dir(f, components, "synaptic_models_dir");
    c.morphologies_dir = optional_dir(f, components, "morphologies_dir");
    c.biophysical_neuron_models_dir = optional_dir(f, components, "biophysical_neuron_models_dir");
    return c;
}

sonata_simulation_config read_sonata_simulation_config(const fs::path& path) {
    const config_file f = load(path);
    sonata_simulation_config s;
    s.path = path;
    const json& run = f.at(f.root, "", "run");
    s.tstop_ms = f.number_at(run, "run", "tstop");
    s.dt_ms = f.number_at(run, "run", "dt");
    if (!(s.dt_ms > 0.0)) {
        f.fail("run.dt", fmt::format("must be > 0, got {}", s.dt_ms));
    }
    if (!(s.tstop_ms >= 0.0)) {
        f.fail("run.tstop", fmt::format("must be >= 0, got {}", s.tstop_ms));
    }
    if (f.root.contains("inputs")) {
        for (const auto& [name, input] : f.root["inputs"].items()) {
            const std::string where = "inputs." + name;
            const std::string type = f.string_at(input, where, "input_type");
            if (type == "current_clamp") {
                sonata_current_clamp_config c{
                    name, f.string_at(input, where, "node_set"), f.number_at(input, where, "amp"),
                    f.number_at(input, where, "delay"), f.number_at(input, where, "duration")};
                if (!(c.duration_ms >= 0.0) || !std::isfinite(c.amp_na) ||
                    !std::isfinite(c.delay_ms)) {
                    f.fail(where, "amp and delay must be finite and duration >= 0");
                }
                s.current_clamps.push_back(std::move(c));
                continue;
            }
            if (type != "spikes") {
                continue;  // others: not read (docs/sonata.md)
            }
            s.spike_inputs.push_back({name, f.resolve(f.string_at(input, where, "input_file")),
                                      f.string_at(input, where, "node_set")});
        }
    }
    const json output = f.root.contains("output") ? f.root["output"] : json::object();
    s.output_dir = output.contains("output_dir")
                       ? f.resolve(f.string_at(output, "output", "output_dir"))
                       : f.dir() / "output";
    const std::string spikes =
        output.contains("spikes_file") ? f.string_at(output, "output", "spikes_file") : "spikes.h5";
    s.spikes_file = fs::path(spikes).is_absolute() ? fs::path(spikes) : s.output_dir / spikes;
    s.spikes_sort_order = output.contains("spikes_sort_order")
                              ? f.string_at(output, "output", "spikes_sort_order")
                              : "time";
    if (f.root.contains("reports") && f.root["reports"].is_object()) {
        for (const auto& [name, report] : f.root["reports"].items()) {
            const std::string where = "reports." + name;
            sonata_report_config r;
            r.name = name;
            r.module = f.string_at(report, where, "module");
            r.variable_name =
                report.contains("variable_name") ? f.string_at(report, where, "variable_name") : "";
            r.cells = report.contains("cells") ? f.string_at(report, where, "cells") : "";
            r.sections = report.contains("sections") ? f.string_at(report, where, "sections") : "";
            const std::string file = report.contains("file_name")
                                         ? f.string_at(report, where, "file_name")
                                         : name + ".h5";
            r.file = fs::path(file).is_absolute() ? fs::path(file) : s.output_dir / file;
            s.reports.push_back(std::move(r));
        }
    }
    if (run.contains("dL")) {
        s.conditions.dl_um = f.number_at(run, "run", "dL");
        if (!(s.conditions.dl_um > 0.0)) {
            f.fail("run.dL", fmt::format("must be > 0, got {}", s.conditions.dl_um));
        }
    }
    if (run.contains("spike_threshold")) {
        s.conditions.spike_threshold_mv = f.number_at(run, "run", "spike_threshold");
    }
    if (f.root.contains("conditions")) {
        const json& c = f.root["conditions"];
        if (c.contains("celsius")) {
            s.conditions.celsius = f.number_at(c, "conditions", "celsius");
        }
        if (c.contains("v_init")) {
            s.conditions.v_init_mv = f.number_at(c, "conditions", "v_init");
        }
    }
    if (f.root.contains("node_sets_file")) {
        s.node_sets_file = f.resolve(f.string_at(f.root, "", "node_sets_file"));
    }
    if (f.root.contains("network")) {
        s.network = f.resolve(f.string_at(f.root, "", "network"));
    } else if (fs::exists(f.dir() / "config.json") &&
               read_sonata_top_level(f.dir() / "config.json").network) {
        s.network = *read_sonata_top_level(f.dir() / "config.json").network;
    } else {
        s.network = f.dir() / "circuit_config.json";
    }
    return s;
}

sonata_config_kind sonata_config_kind_of(const fs::path& path) {
    const config_file f = load(path);
    if (f.root.contains("networks")) {
        return sonata_config_kind::circuit;
    }
    if (f.root.contains("run")) {
        return sonata_config_kind::simulation;
    }
    if (f.root.contains("simulation") || f.root.contains("network")) {
        return sonata_config_kind::top_level;
    }
    f.fail("", "not a SONATA config: none of \"networks\", \"run\", \"simulation\"");
}

sonata_top_level read_sonata_top_level(const fs::path& path) {
    const config_file f = load(path);
    sonata_top_level t;
    if (f.root.contains("simulation")) {
        t.simulation = f.resolve(f.string_at(f.root, "", "simulation"));
    }
    if (f.root.contains("network")) {
        t.network = f.resolve(f.string_at(f.root, "", "network"));
    }
    return t;
}

std::optional<std::string> sonata_node_set_population(const fs::path& node_sets_file,
                                                      const std::string& node_set) {
    if (node_sets_file.empty() || !fs::exists(node_sets_file)) {
        return std::nullopt;
    }
    const config_file f = load(node_sets_file);
    if (!f.root.contains(node_set) || !f.root[node_set].is_object() ||
        !f.root[node_set].contains("population")) {
        return std::nullopt;
    }
    return f.string_at(f.root[node_set], node_set, "population");
}

}  // namespace brainemu
