#include "report/run_profile.hpp"

#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/input_error.hpp"

namespace brainemu::report {
namespace {

using json = nlohmann::json;

const std::vector<std::string> byte_categories{"state", "synapses", "ring_buffers", "stimuli",
                                               "recorders"};
const std::vector<std::string> time_phases{"update", "delivery", "communication", "recording",
                                           "waiting"};

struct reader {
    std::string path;

    [[noreturn]] void fail(std::string_view key, std::string_view problem) const {
        throw input_error({path, 0, std::string(key)}, problem);
    }
    void number(const json& j, const std::string& key, double& out, std::string_view at) const {
        const auto it = j.find(key);
        if (it == j.end() || it->is_null()) {
            return;
        }
        if (!it->is_number()) {
            fail(fmt::format("{}{}", at, key), "expected a number");
        }
        out = it->get<double>();
    }
    // Those of `keys` present in object `j`, in the order of `keys`.
    named_values named(const json& j, const std::vector<std::string>& keys,
                       std::string_view at) const {
        named_values out;
        if (!j.is_object()) {
            fail(at, "expected an object");
        }
        for (const std::string& k : keys) {
            if (j.contains(k)) {
                double v = 0.0;
                number(j, k, v, fmt::format("{}.", at));
                out.emplace_back(k, v);
            }
        }
        return out;
    }
    matrix square(const json& j, std::string_view at) const {
        if (!j.is_array()) {
            fail(at, "expected an array of rows");
        }
        matrix m;
        for (const json& row : j) {
            if (!row.is_array() || row.size() != j.size()) {
                fail(at,
                     fmt::format("expected {0} rows of {0} numbers (a square matrix)", j.size()));
            }
            auto& r = m.emplace_back();
            for (const json& v : row) {
                if (!v.is_number()) {
                    fail(at, "expected numbers");
                }
                r.push_back(v.get<double>());
            }
        }
        return m;
    }
};

}  // namespace

const std::vector<std::string>& partition_count_keys() {
    static const std::vector<std::string> keys{
        "neurons",     "synapses",   "neuron_updates",  "synaptic_events", "spikes",
        "spikes_sent", "bytes_sent", "spikes_received", "bytes_received"};
    return keys;
}

run_profile read_run_profile(const std::filesystem::path& path) {
    const reader r{path.string()};
    std::ifstream in(path);
    if (!in) {
        throw input_error({r.path, 0, ""}, "cannot open the file");
    }
    json j;
    try {
        j = json::parse(in);
    } catch (const json::parse_error& e) {
        throw input_error({r.path, 0, ""},
                          fmt::format("damaged file: not valid JSON ({})", e.what()));
    }
    if (!j.is_object()) {
        r.fail("", "expected a JSON object");
    }
    run_profile p;
    if (j.contains("network")) {
        if (!j["network"].is_string()) {
            r.fail("network", "expected a string");
        }
        p.network = j["network"].get<std::string>();
    }
    const std::pair<const char*, double*> numbers[] = {{"neurons", &p.neurons},
                                                       {"synapses", &p.synapses},
                                                       {"dt_ms", &p.dt_ms},
                                                       {"steps", &p.steps},
                                                       {"simulated_ms", &p.simulated_ms},
                                                       {"warmup_ms", &p.warmup_ms},
                                                       {"wall_s", &p.wall_s},
                                                       {"build_s", &p.build_s},
                                                       {"rtf", &p.rtf},
                                                       {"spikes", &p.spikes},
                                                       {"synaptic_events", &p.synaptic_events},
                                                       {"events_per_s", &p.events_per_s},
                                                       {"bytes_per_synapse", &p.bytes_per_synapse},
                                                       {"mean_rate_hz", &p.mean_rate_hz},
                                                       {"threads", &p.threads},
                                                       {"trials", &p.trials},
                                                       {"trials_wall_s", &p.trials_wall_s}};
    for (const auto& [key, out] : numbers) {
        r.number(j, key, *out, "");
    }
    if (j.contains("bytes_resident")) {
        p.bytes_resident = r.named(j["bytes_resident"], byte_categories, "bytes_resident");
        r.number(j["bytes_resident"], "total", p.bytes_total, "bytes_resident.");
    }
    if (j.contains("time_s")) {
        p.time_s = r.named(j["time_s"], time_phases, "time_s");
    }
    if (j.contains("per_thread_time_s")) {
        if (!j["per_thread_time_s"].is_array()) {
            r.fail("per_thread_time_s", "expected an array");
        }
        for (const json& t : j["per_thread_time_s"]) {
            p.per_thread_time_s.push_back(r.named(t, time_phases, "per_thread_time_s[]"));
        }
    }
    if (j.contains("partitions")) {
        if (!j["partitions"].is_array()) {
            r.fail("partitions", "expected an array of objects, one per partition");
        }
        for (std::size_t i = 0; i < j["partitions"].size(); ++i) {
            const json& part = j["partitions"][i];
            const std::string at = fmt::format("partitions[{}]", i);
            partition_profile pp;
            pp.counts = r.named(part, partition_count_keys(), at);
            if (part.contains("bytes_resident")) {
                auto keys = byte_categories;
                keys.push_back("total");
                pp.bytes_resident = r.named(part["bytes_resident"], keys, at + ".bytes_resident");
            }
            if (part.contains("time_s")) {
                pp.time_s = r.named(part["time_s"], time_phases, at + ".time_s");
            }
            p.partitions.push_back(std::move(pp));
        }
    }
    if (j.contains("traffic")) {
        const json& t = j["traffic"];
        if (!t.is_object()) {
            r.fail("traffic", "expected an object with 'spikes' and/or 'bytes' matrices");
        }
        if (t.contains("spikes")) {
            p.traffic_spikes = r.square(t["spikes"], "traffic.spikes");
        }
        if (t.contains("bytes")) {
            p.traffic_bytes = r.square(t["bytes"], "traffic.bytes");
        }
        for (const auto* m : {&p.traffic_spikes, &p.traffic_bytes}) {
            if (*m && !p.partitions.empty() && (*m)->size() != p.partitions.size()) {
                r.fail("traffic", fmt::format("a {0} x {0} matrix for {1} partitions", (*m)->size(),
                                              p.partitions.size()));
            }
        }
    }
    return p;
}

}  // namespace brainemu::report
