#include "plan/user_catalog.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "core/closest_name.hpp"
#include "core/input_error.hpp"
#include "plan/plan_inputs.hpp"

namespace brainemu::plan {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// Reads one table, naming file:line and the dotted field in every error; refuses keys that
// nobody asked for (misspellings), suggesting the closest known key.
class table_reader {
public:
    table_reader(std::string path, std::string prefix, const toml::table& table)
        : path_(std::move(path)), prefix_(std::move(prefix)), table_(table) {}

    input_location where(std::string_view key) const {
        const toml::node* n = table_.get(key);
        const auto& src = n != nullptr ? n->source() : table_.source();
        return {path_, static_cast<std::int64_t>(src.begin.line),
                key.empty() ? prefix_ : prefix_ + "." + std::string(key)};
    }

    bool has(std::string_view key) const { return table_.contains(key); }

    double number(std::string_view key, std::optional<double> fallback, double min = 0.0,
                  double max = inf, bool positive = false) {
        known_.emplace(key);
        const toml::node* n = table_.get(key);
        if (n == nullptr) {
            if (!fallback) {
                throw input_error(where(key), "required field is missing");
            }
            return *fallback;
        }
        double v = 0.0;
        if (const auto f = n->value_exact<double>()) {
            v = *f;
        } else if (const auto i = n->value_exact<std::int64_t>()) {
            v = static_cast<double>(*i);
        } else {
            throw input_error(where(key), "must be a number");
        }
        check_value({std::string(key), "", min, max, positive}, v, where(key));
        return v;
    }

    std::string text(std::string_view key, std::optional<std::string> fallback) {
        known_.emplace(key);
        const toml::node* n = table_.get(key);
        if (n == nullptr) {
            if (!fallback) {
                throw input_error(where(key), "required field is missing");
            }
            return *fallback;
        }
        const auto s = n->value_exact<std::string>();
        if (!s) {
            throw input_error(where(key), "must be a string");
        }
        return *s;
    }

    void finish() const {
        const std::vector<std::string> known(known_.begin(), known_.end());
        for (const auto& [k, v] : table_) {
            if (known_.count(std::string(k.str())) == 0) {
                throw input_error(where(k.str()), unknown_name_message("field", k.str(), known));
            }
        }
    }

private:
    std::string path_, prefix_;
    const toml::table& table_;
    std::set<std::string, std::less<>> known_;
};

organism read_organism(table_reader& r, std::string name) {
    organism o;
    o.name = std::move(name);
    o.neurons = r.number("neurons", {}, 1.0);
    if (r.has("synapses_per_neuron")) {
        o.synapses = o.neurons * r.number("synapses_per_neuron", {});
    } else {
        o.synapses = r.number("synapses", {});
    }
    o.mean_rate_hz = r.number("mean_rate_hz", 10.0);  // SoBE's default for every organism
    o.source = r.text("source", "user file");
    return o;
}

neuron_model read_neuron(table_reader& r, std::string name) {
    neuron_model m;
    m.name = std::move(name);
    m.flop_per_compartment_step = r.number("flop_per_compartment_step", {});
    m.steps_per_s = r.number("steps_per_s", 1e4, 0.0, inf, true);  // dt = 0.1 ms, as SoBE
    m.compartments = r.number("compartments", 1.0, 1.0);
    m.bytes_per_neuron = r.number("bytes_per_neuron", {});
    m.bytes_per_compartment = r.number("bytes_per_compartment", 0.0);
    m.flop_per_spike = r.number("flop_per_spike", 0.0);
    m.precision = parse_precision(r.text("precision", "fp64"), r.where("precision").field);
    m.source = r.text("source", "user file");
    return m;
}

synapse_model read_synapse(table_reader& r, std::string name) {
    synapse_model m;
    m.name = std::move(name);
    m.flop_per_event = r.number("flop_per_event", {});
    m.flop_per_synapse_step = r.number("flop_per_synapse_step", 0.0);
    m.bytes_per_synapse = r.number("bytes_per_synapse", {});
    m.writes_per_event = r.number("writes_per_event", 0.0, 0.0, 1.0);
    m.precision = parse_precision(r.text("precision", "fp32"), r.where("precision").field);
    m.source = r.text("source", "user file");
    return m;
}

device read_device(table_reader& r, std::string name, const catalog& cat) {
    device d;
    if (r.has("like")) {
        try {
            d = cat.find_device(r.text("like", {}), "");
        } catch (const input_error& e) {
            throw input_error(r.where("like"), e.problem());  // with the file and line
        }
    }
    const bool base = r.has("like");
    auto get = [&](std::string_view key, double current, bool positive) {
        return r.number(key, base ? std::optional<double>(current) : std::nullopt, 0.0, inf,
                        positive);
    };
    d.name = std::move(name);
    d.year = r.number("year", base ? d.year : 0.0, 0.0, 3000.0);
    d.memory_bytes = get("memory_bytes", d.memory_bytes, true);
    d.memory_bandwidth_bytes_per_s =
        get("memory_bandwidth_bytes_per_s", d.memory_bandwidth_bytes_per_s, true);
    d.fp32_flop_per_s = get("fp32_flop_per_s", d.fp32_flop_per_s, true);
    d.fp64_flop_per_s = r.number("fp64_flop_per_s", d.fp64_flop_per_s);
    d.fp16_dense_flop_per_s = r.number("fp16_dense_flop_per_s", d.fp16_dense_flop_per_s);
    d.fp16_sparse_flop_per_s = r.number("fp16_sparse_flop_per_s", d.fp16_sparse_flop_per_s);
    d.scale_up_bytes_per_s = r.number("scale_up_bytes_per_s", d.scale_up_bytes_per_s);
    d.scale_up_domain_devices =
        r.number("scale_up_domain_devices", std::max(1.0, d.scale_up_domain_devices), 1.0);
    d.scale_out_bytes_per_s = r.number("scale_out_bytes_per_s", d.scale_out_bytes_per_s);
    d.cores = r.number("cores", d.cores);
    d.source = r.text("source", base ? d.source + " (modified in a user file)" : "user file");
    d.as_of = r.text("as_of", base ? d.as_of : "");
    d.power_w = r.number("power_w", base ? d.power_w : 0.0);
    d.price_usd_per_hour = r.number("price_usd_per_hour", base ? d.price_usd_per_hour : 0.0);
    if (r.has("price_usd_per_hour")) {
        // A user's price has only the range the file gives.
        d.price_low_usd_per_hour = d.price_high_usd_per_hour = d.price_usd_per_hour;
        d.price_source = r.text("price_source", "user file");
    }
    return d;
}

cluster read_cluster(table_reader& r, std::string name, const catalog& cat) {
    cluster c;
    c.name = std::move(name);
    c.device = r.text("device", {});
    try {
        (void)cat.find_device(c.device, "");
    } catch (const input_error& e) {
        throw input_error(r.where("device"), e.problem());  // with the file and line
    }
    c.devices = r.number("devices", {}, 1.0);
    c.precision = parse_precision(r.text("precision", "fp32"), r.where("precision").field);
    c.source = r.text("source", "user file");
    return c;
}

}  // namespace

user_catalog_names load_user_catalog(const std::filesystem::path& path, catalog& into) {
    const std::string p = path.string();
    toml::table root;
    try {
        root = toml::parse_file(p);
    } catch (const toml::parse_error& e) {
        throw input_error({p, static_cast<std::int64_t>(e.source().begin.line), ""},
                          fmt::format("not valid TOML: {}", e.description()));
    }
    const std::vector<std::string> kinds = {"organisms", "neuron_models", "synapse_models",
                                            "devices", "clusters"};
    for (const auto& [key, node] : root) {
        const std::string k(key.str());
        const input_location at{p, static_cast<std::int64_t>(node.source().begin.line), k};
        if (std::find(kinds.begin(), kinds.end(), k) == kinds.end()) {
            throw input_error(at, unknown_name_message("table", k, kinds));
        }
        if (!node.is_table()) {
            throw input_error(at, "must be a table of named entries, e.g. [organisms.octopus]");
        }
    }
    user_catalog_names names;
    // Devices before clusters, so that a file's cluster may use the file's own device.
    for (const std::string& kind : kinds) {
        const toml::table* group = root[kind].as_table();
        if (group == nullptr) {
            continue;
        }
        for (const auto& [key, node] : *group) {
            std::string name(key.str());
            const std::string prefix = kind + "." + name;
            if (!node.is_table()) {
                throw input_error({p, static_cast<std::int64_t>(node.source().begin.line), prefix},
                                  "must be a table");
            }
            table_reader r(p, prefix, *node.as_table());
            if (kind == "organisms") {
                into.put(read_organism(r, name));
                names.organisms.push_back(name);
            } else if (kind == "neuron_models") {
                into.put(read_neuron(r, name));
            } else if (kind == "synapse_models") {
                into.put(read_synapse(r, name));
            } else if (kind == "devices") {
                into.put(read_device(r, name, into));
                names.devices.push_back(name);
            } else {
                into.put(read_cluster(r, name, into));
                names.clusters.push_back(name);
            }
            r.finish();
        }
    }
    return names;
}

}  // namespace brainemu::plan
