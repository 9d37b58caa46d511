#include "cli/profile_command.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/input_error.hpp"
#include "profile/record/run_profile_json.hpp"

namespace brainemu {
namespace {

struct profile_options {
    std::string dir;
    bool json = false;
};

struct spread {
    double min = 0, median = 0, max = 0, total = 0;
    [[nodiscard]] double imbalance() const {
        return total > 0 ? max / (total / static_cast<double>(count)) : 0.0;
    }
    std::size_t count = 0;
};

spread spread_of(std::vector<double> v) {
    spread s;
    if (v.empty()) {
        return s;
    }
    s.count = v.size();
    for (double x : v) {
        s.total += x;
    }
    std::sort(v.begin(), v.end());
    s.min = v.front();
    s.max = v.back();
    s.median = v.size() % 2 == 1 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
    return s;
}

template <class T>
double or_zero(const std::optional<T>& v) {
    return v ? static_cast<double>(*v) : 0.0;
}

double phase_or_zero(const partition_record& p, std::optional<double> phase_seconds::*phase) {
    return p.time_s ? ((*p.time_s).*phase).value_or(0.0) : 0.0;
}

// The whole run as one partition's books: what a run without partitions has of them.
partition_record whole_run(const run_profile_record& r) {
    partition_record w;
    w.neurons = r.neurons;
    w.synapses = r.synapses;
    w.neuron_updates = r.neuron_updates;
    w.synaptic_events = r.synaptic_events;
    w.spikes = r.spikes;
    if (r.bytes_resident) {
        w.bytes_resident.emplace().total = static_cast<double>(r.bytes_resident->total);
    }
    w.time_s = r.time_s;
    return w;
}

void profile(const profile_options& opt) {
    const std::filesystem::path file = std::filesystem::path(opt.dir) / "profile.json";
    std::error_code ec;  // the error_code form: a name the system refuses is bad input too
    if (!std::filesystem::exists(file, ec)) {
        throw input_error({file.string(), 0, ""}, "cannot open (is this a run directory?)");
    }
    const run_profile_record j = read_profile_file(file);
    const double seconds = j.simulated_ms * 1e-3;
    // Per resource, per partition: figures of the partitions' books, else the whole run's.
    struct resource {
        std::string name, unit;
        std::function<double(const partition_record&)> value;
        bool per_second;
    };
    using part = const partition_record&;
    const std::vector<resource> resources = {
        {"neurons", "", [](part p) { return or_zero(p.neurons); }, false},
        {"synapses", "", [](part p) { return or_zero(p.synapses); }, false},
        {"bytes resident", "B",
         [](part p) { return p.bytes_resident ? p.bytes_resident->total.value_or(0.0) : 0.0; },
         false},
        {"neuron updates", "/s", [](part p) { return or_zero(p.neuron_updates); }, true},
        {"synaptic events", "/s", [](part p) { return or_zero(p.synaptic_events); }, true},
        {"spikes emitted", "/s", [](part p) { return or_zero(p.spikes); }, true},
        {"spikes sent", "/s", [](part p) { return or_zero(p.spikes_sent); }, true},
        {"bytes sent", "B/s", [](part p) { return or_zero(p.bytes_sent); }, true},
        {"spikes received", "/s", [](part p) { return or_zero(p.spikes_received); }, true},
        {"bytes received", "B/s", [](part p) { return or_zero(p.bytes_received); }, true},
        {"update time", "s", [](part p) { return phase_or_zero(p, &phase_seconds::update); },
         false},
        {"delivery time", "s", [](part p) { return phase_or_zero(p, &phase_seconds::delivery); },
         false},
        {"communication time", "s",
         [](part p) { return phase_or_zero(p, &phase_seconds::communication); }, false},
        {"waiting time", "s", [](part p) { return phase_or_zero(p, &phase_seconds::waiting); },
         false},
    };
    const std::vector<partition_record> parts =
        j.partitions ? *j.partitions : std::vector<partition_record>{whole_run(j)};
    const std::size_t k = parts.size();
    nlohmann::json out;
    out["run"] = opt.dir;
    out["network"] = j.network;
    out["simulated_s"] = seconds;
    out["wall_s"] = j.wall_s;
    out["rtf"] = j.rtf;
    out["partitions"] = k;
    if (j.partitioning) {
        out["partitioning"] = *j.partitioning;
    }
    nlohmann::json table = nlohmann::json::object();
    for (const auto& r : resources) {
        std::vector<double> values;
        for (const partition_record& p : parts) {
            values.push_back(r.value(p));
        }
        if (r.per_second && seconds > 0) {
            for (double& v : values) {
                v /= seconds;
            }
        }
        const spread s = spread_of(values);
        table[r.name] = {{"unit", r.unit}, {"min", s.min},     {"median", s.median},
                         {"max", s.max},   {"total", s.total}, {"imbalance", s.imbalance()}};
    }
    out["resources"] = table;
    if (opt.json) {
        std::printf("%s\n", out.dump(2).c_str());
        return;
    }
    std::printf(
        "%s: %s, %.3g s simulated in %.3g s (RTF %.3g), %zu partition%s%s\n", opt.dir.c_str(),
        j.network.c_str(), seconds, j.wall_s, j.rtf, k, k == 1 ? "" : "s",
        j.partitioning
            ? fmt::format(" ({}, {})", j.partitioning->method, j.partitioning->counted).c_str()
            : "");
    std::printf("%-20s %12s %12s %12s %14s %10s\n", "per partition", "min", "median", "max",
                "total", "max/mean");
    for (const auto& r : resources) {
        const auto& t = table[r.name];
        if (t["total"].get<double>() == 0.0) {
            continue;  // not measured in this run (e.g. traffic without partitions)
        }
        std::printf("%-20s %12.4g %12.4g %12.4g %14.4g %10.3f  %s\n", r.name.c_str(),
                    t["min"].get<double>(), t["median"].get<double>(), t["max"].get<double>(),
                    t["total"].get<double>(), t["imbalance"].get<double>(), r.unit.c_str());
    }
}

}  // namespace

void add_profile_command(CLI::App& app) {
    auto opt = std::make_shared<profile_options>();
    CLI::App* cmd = app.add_subcommand(
        "profile", "Summarise a run's workload: per resource min/median/max across partitions");
    cmd->add_option("run_dir", opt->dir, "A run directory (with profile.json)")->required();
    cmd->add_flag("--json", opt->json, "Print JSON");
    cmd->callback([opt] { profile(*opt); });
}

}  // namespace brainemu
