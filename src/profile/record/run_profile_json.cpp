#include "profile/record/run_profile_json.hpp"

#include <fstream>

#include <fmt/format.h>

#include "core/atomic_file.hpp"
#include "core/input_error.hpp"

namespace brainemu {
namespace {

using json = nlohmann::json;

// Declared first so that the templates below see every overload for nested records.
json value_of(const phase_seconds& t);
json value_of(const resident_bytes_record& b);
json value_of(const partition_bytes_record& b);
json value_of(const partition_record& p);
json value_of(const traffic_record& t);
json value_of(const partitioning_record& p);
json value_of(const synapse_block_record& b);
json value_of(const dry_run_record& d);
json value_of(const connectivity_record& c);
void read(const json& v, std::uint64_t& out, const std::string& at);
void read(const json& v, std::uint32_t& out, const std::string& at);
void read(const json& v, double& out, const std::string& at);
void read(const json& v, std::string& out, const std::string& at);
void read(const json& v, bool& out, const std::string& at);
void read(const json& v, phase_seconds& out, const std::string& at);
void read(const json& v, resident_bytes_record& out, const std::string& at);
void read(const json& v, partition_bytes_record& out, const std::string& at);
void read(const json& v, partition_record& out, const std::string& at);
void read(const json& v, traffic_matrix& out, const std::string& at);
void read(const json& v, traffic_record& out, const std::string& at);
void read(const json& v, partitioning_record& out, const std::string& at);
void read(const json& v, synapse_block_record& out, const std::string& at);
void read(const json& v, dry_run_record& out, const std::string& at);
void read(const json& v, connectivity_record& out, const std::string& at);

// ---- writing ---------------------------------------------------------------------------------

template <class T>
json value_of(const T& v) {
    return json(v);
}

json value_of(const phase_seconds& t) {
    json o = json::object();
    for_each_phase(t, [&](std::string_view key, const std::optional<double>& v) {
        if (v) {
            o[std::string(key)] = *v;
        }
    });
    return o;
}

json value_of(const resident_bytes_record& b) {
    json o = json::object();
    for_each_byte_category(b,
                           [&](std::string_view key, std::uint64_t v) { o[std::string(key)] = v; });
    o["total"] = b.total;
    return o;
}

json value_of(const partition_bytes_record& b) {
    json o = json::object();
    for_each_partition_byte(b, [&](std::string_view key, const std::optional<double>& v) {
        if (v) {
            o[std::string(key)] = b.shares ? json(*v) : json(static_cast<std::uint64_t>(*v));
        }
    });
    return o;
}

template <class T>
json value_of(const std::vector<T>& v) {
    json a = json::array();
    for (const T& x : v) {
        a.push_back(value_of(x));
    }
    return a;
}

template <class T>
void put(json& j, std::string_view key, const T& v) {
    j[std::string(key)] = value_of(v);
}

template <class T>
void put(json& j, std::string_view key, const std::optional<T>& v) {
    if (v) {
        put(j, key, *v);
    }
}

json value_of(const partition_record& p) {
    json o;
    to_json(o, p);
    return o;
}

json value_of(const traffic_record& t) {
    json o = json::object();
    put(o, "spikes", t.spikes);
    put(o, "bytes", t.bytes);
    return o;
}

json value_of(const partitioning_record& p) {
    json o;
    to_json(o, p);
    return o;
}

json value_of(const synapse_block_record& b) {
    json v = {{"first", b.first},     {"last", b.last},     {"synapses", b.synapses},
              {"weights", b.weights}, {"delays", b.delays}, {"bytes", b.bytes}};
    if (b.rows) {
        v["rows"] = *b.rows;
    }
    if (b.row_offsets) {
        v["row_offsets"] = *b.row_offsets;
    }
    return v;
}

json value_of(const connectivity_record& c) {
    return {{"populations", c.populations}, {"sizes", c.sizes}, {"synapses", c.synapses}};
}

json value_of(const dry_run_record& d) {
    json v = {{"rank", d.rank},
              {"ranks", d.ranks},
              {"stand_in", d.stand_in},
              {"remote_sources", d.remote_sources},
              {"ranks_sending", d.ranks_sending},
              {"sources_without_stand_in", d.sources_without_stand_in},
              {"spikes_received", d.spikes_received},
              {"bytes_received", d.bytes_received}};
    if (d.first_neuron) {
        v["first_neuron"] = *d.first_neuron;
    }
    return v;
}

// ---- reading ---------------------------------------------------------------------------------

[[noreturn]] void fail(const std::string& field, std::string_view problem) {
    throw input_error({"", 0, field}, problem);
}

void read(const json& v, std::uint64_t& out, const std::string& at) {
    if (!v.is_number_unsigned()) {
        fail(at, fmt::format("expected a whole number >= 0, got {}", v.dump()));
    }
    out = v.get<std::uint64_t>();
}

void read(const json& v, std::uint32_t& out, const std::string& at) {
    std::uint64_t wide = 0;
    read(v, wide, at);
    if (wide > UINT32_MAX) {
        fail(at, fmt::format("{} is too large (at most {})", wide, UINT32_MAX));
    }
    out = static_cast<std::uint32_t>(wide);
}

void read(const json& v, double& out, const std::string& at) {
    if (!v.is_number()) {
        fail(at, fmt::format("expected a number, got {}", v.dump()));
    }
    out = v.get<double>();
}

void read(const json& v, std::string& out, const std::string& at) {
    if (!v.is_string()) {
        fail(at, "expected a string");
    }
    out = v.get<std::string>();
}

void read(const json& v, bool& out, const std::string& at) {
    if (!v.is_boolean()) {
        fail(at, "expected true or false");
    }
    out = v.get<bool>();
}

template <class T>
void read(const json& v, std::map<std::string, T>& out, const std::string& at) {
    if (!v.is_object()) {
        fail(at, "expected an object");
    }
    for (const auto& [key, value] : v.items()) {
        read(value, out[key], at + "." + key);
    }
}

template <class T>
void read(const json& v, std::vector<T>& out, const std::string& at) {
    if (!v.is_array()) {
        fail(at, "expected an array");
    }
    out.resize(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        read(v[i], out[i], fmt::format("{}[{}]", at, i));
    }
}

// The members of one JSON object, named for messages by their dotted path.
class fields {
public:
    fields(const json& j, std::string at) : j_(j), at_(std::move(at)) {
        if (!j_.is_object()) {
            fail(at_, "expected an object");
        }
    }
    template <class T>
    void required(std::string_view key, T& out) const {
        const json* v = find(key);
        if (v == nullptr) {
            fail(name(key), "required field is missing (is this a brainemu profile.json?)");
        }
        read(*v, out, name(key));
    }
    template <class T>
    void optional(std::string_view key, std::optional<T>& out) const {
        if (const json* v = find(key)) {
            T value{};
            read(*v, value, name(key));
            out = std::move(value);
        }
    }
    template <class T>
    void field(std::string_view key, T& out) const {
        required(key, out);
    }
    template <class T>
    void field(std::string_view key, std::optional<T>& out) const {
        optional(key, out);
    }
    [[nodiscard]] const json* find(std::string_view key) const {
        const auto it = j_.find(std::string(key));
        return it == j_.end() || it->is_null() ? nullptr : &*it;
    }
    [[nodiscard]] std::string name(std::string_view key) const {
        return at_.empty() ? std::string(key) : fmt::format("{}.{}", at_, key);
    }

private:
    const json& j_;
    std::string at_;
};

void read(const json& v, phase_seconds& out, const std::string& at) {
    const fields f(v, at);
    for_each_phase(out,
                   [&](std::string_view key, std::optional<double>& x) { f.optional(key, x); });
}

void read(const json& v, resident_bytes_record& out, const std::string& at) {
    const fields f(v, at);
    for_each_byte_category(out,
                           [&](std::string_view key, std::uint64_t& x) { f.required(key, x); });
    f.required("total", out.total);
}

void read(const json& v, partition_bytes_record& out, const std::string& at) {
    const fields f(v, at);
    for_each_partition_byte(
        out, [&](std::string_view key, std::optional<double>& x) { f.optional(key, x); });
    for (const auto& [key, value] : v.items()) {
        out.shares = out.shares || value.is_number_float();
    }
}

void read(const json& v, partition_record& out, const std::string& at) {
    const fields f(v, at);
    for_each_partition_count(
        out, [&](std::string_view key, std::optional<std::uint64_t>& x) { f.optional(key, x); });
    f.optional("synapses_from_other_parts", out.synapses_from_other_parts);
    f.optional("bytes_resident", out.bytes_resident);
    f.optional("time_s", out.time_s);
}

void read(const json& v, traffic_matrix& out, const std::string& at) {
    if (!v.is_array()) {
        fail(at, "expected an array of rows");
    }
    for (const json& row : v) {
        if (!row.is_array() || row.size() != v.size()) {
            fail(at, fmt::format("expected {0} rows of {0} numbers (a square matrix)", v.size()));
        }
        auto& r = out.emplace_back();
        for (const json& x : row) {
            if (!x.is_number_unsigned()) {
                fail(at, "expected whole numbers >= 0");
            }
            r.push_back(x.get<std::uint64_t>());
        }
    }
}

void read(const json& v, traffic_record& out, const std::string& at) {
    if (!v.is_object()) {
        fail(at, "expected an object with 'spikes' and/or 'bytes' matrices");
    }
    const fields f(v, at);
    f.optional("spikes", out.spikes);
    f.optional("bytes", out.bytes);
}

void read(const json& v, partitioning_record& out, const std::string& at) {
    const fields f(v, at);
    f.required("method", out.method);
    f.required("parts", out.parts);
    f.required("partition_s", out.partition_s);
    f.required("virtual", out.virtual_parts);
    f.required("counted", out.counted);
}

void read(const json& v, synapse_block_record& out, const std::string& at) {
    const fields f(v, at);
    f.required("first", out.first);
    f.required("last", out.last);
    f.required("synapses", out.synapses);
    f.required("weights", out.weights);
    f.required("delays", out.delays);
    f.optional("rows", out.rows);
    f.optional("row_offsets", out.row_offsets);
    f.required("bytes", out.bytes);
}

void read(const json& v, connectivity_record& out, const std::string& at) {
    const fields f(v, at);
    f.required("populations", out.populations);
    f.required("sizes", out.sizes);
    f.required("synapses", out.synapses);
    if (out.synapses.size() != out.populations.size() ||
        out.sizes.size() != out.populations.size()) {
        fail(at, fmt::format("{} populations need {} sizes and a {} x {} matrix",
                             out.populations.size(), out.populations.size(), out.populations.size(),
                             out.populations.size()));
    }
}

void read(const json& v, dry_run_record& out, const std::string& at) {
    const fields f(v, at);
    f.required("rank", out.rank);
    f.required("ranks", out.ranks);
    f.optional("first_neuron", out.first_neuron);
    f.required("stand_in", out.stand_in);
    f.required("remote_sources", out.remote_sources);
    f.required("ranks_sending", out.ranks_sending);
    f.required("sources_without_stand_in", out.sources_without_stand_in);
    f.required("spikes_received", out.spikes_received);
    f.required("bytes_received", out.bytes_received);
}

void read_schema_version(const fields& f, std::uint32_t& out) {
    std::optional<std::uint32_t> v;
    f.optional("schema_version", v);
    out = v.value_or(1);  // files from before the field existed
    if (out == 0) {
        fail("schema_version", "expected 1 or more");
    }
    if (out > profile_schema_version) {
        fail("schema_version",
             fmt::format("{} is newer than this brainemu reads ({}); read the file with the "
                         "brainemu that wrote it, or a newer one",
                         out, profile_schema_version));
    }
}

// Each partition's row of a traffic matrix: K x K for K partitions.
void check_traffic(const run_profile_record& r) {
    if (!r.traffic || !r.partitions || r.partitions->empty()) {
        return;
    }
    for (const auto* m : {&r.traffic->spikes, &r.traffic->bytes}) {
        if (*m && (*m)->size() != r.partitions->size()) {
            fail("traffic", fmt::format("a {0} x {0} matrix for {1} partitions", (*m)->size(),
                                        r.partitions->size()));
        }
    }
}

// Every top-level field but schema_version, with its key, in the documented order: plain
// members are required when read, std::optional ones may be absent. `R` is the record, const
// or not.
template <class R, class F>
void for_each_field(R& r, F&& f) {
    f("backend", r.backend);
    f("device", r.device);
    f("network", r.network);
    f(profile_key::neurons, r.neurons);
    f(profile_key::synapses, r.synapses);
    f("network_neurons_total", r.network_neurons_total);
    f("network_synapses_total", r.network_synapses_total);
    f(profile_key::dt_ms, r.dt_ms);
    f("seed", r.seed);
    f("steps", r.steps);
    f("interval_steps", r.interval_steps);
    f(profile_key::threads, r.threads);
    f("simulated_ms", r.simulated_ms);
    f("stopped_by", r.stopped_by);
    f("warmup_ms", r.warmup_ms);
    f("first_step", r.first_step);
    f("build_s", r.build_s);
    f("wall_s", r.wall_s);
    f("rtf", r.rtf);
    f("rtf_per_trial", r.rtf_per_trial);
    f("spikes", r.spikes);
    f(profile_key::neuron_updates, r.neuron_updates);
    f(profile_key::synaptic_events, r.synaptic_events);
    f("events_per_s", r.events_per_s);
    f("bytes_per_synapse", r.bytes_per_synapse);
    f(profile_key::bytes_resident, r.bytes_resident);
    f("rss_bytes", r.rss_bytes);
    f("peak_rss_bytes", r.peak_rss_bytes);
    f("population_rates_hz", r.population_rates_hz);
    f(profile_key::mean_rate_hz, r.mean_rate_hz);
    f("models", r.models);
    f(profile_key::time_s, r.time_s);
    f(profile_key::per_thread_time_s, r.per_thread_time_s);
    f("synapse_blocks", r.synapse_blocks);
    f("launches", r.launches);
    f("device_bytes", r.device_bytes);
    f("trials", r.trials);
    f("trials_wall_s", r.trials_wall_s);
    f("ranks", r.ranks);
    f("partitions", r.partitions);
    f("traffic", r.traffic);
    f("partitioning", r.partitioning);
    f("dry_run", r.dry_run);
    f("connectivity", r.connectivity);
}

}  // namespace

void to_json(json& j, const partition_record& p) {
    j = json::object();
    for_each_partition_count(
        p, [&](std::string_view key, const std::optional<std::uint64_t>& v) { put(j, key, v); });
    put(j, "synapses_from_other_parts", p.synapses_from_other_parts);
    put(j, "bytes_resident", p.bytes_resident);
    put(j, "time_s", p.time_s);
}

void from_json(const json& j, partition_record& p) {
    read(j, p, "");
}

void to_json(json& j, const partitioning_record& p) {
    j = {{"method", p.method},
         {"parts", p.parts},
         {"partition_s", p.partition_s},
         {"virtual", p.virtual_parts},
         {"counted", p.counted}};
}

void to_json(json& j, const run_profile_record& r) {
    j = json::object();
    put(j, "schema_version", r.schema_version);
    for_each_field(r, [&](std::string_view key, const auto& v) { put(j, key, v); });
}

void from_json(const json& j, run_profile_record& r) {
    const fields f(j, "");
    read_schema_version(f, r.schema_version);
    for_each_field(r, [&](std::string_view key, auto& v) { f.field(key, v); });
    check_traffic(r);
}

run_profile_record read_profile_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) {
        throw input_error({path.string(), 0, ""}, "cannot open the file");
    }
    json j;
    try {
        j = json::parse(in);
    } catch (const json::parse_error& e) {
        throw input_error({path.string(), 0, ""},
                          fmt::format("damaged file: not valid JSON ({})", e.what()));
    }
    try {
        return j.get<run_profile_record>();
    } catch (const input_error& e) {
        throw input_error({path.string(), 0, e.where().field}, e.problem());
    }
}

void write_profile_file(const std::filesystem::path& path, const run_profile_record& r) {
    write_file_atomic(path, json(r).dump(2) + "\n");
}

}  // namespace brainemu
