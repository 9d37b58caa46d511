#include "cli/profile_command.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/input_error.hpp"

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

double number_at(const nlohmann::json& j, const std::vector<std::string>& path) {
    const nlohmann::json* at = &j;
    for (const auto& key : path) {
        if (!at->is_object() || !at->contains(key)) {
            return 0.0;
        }
        at = &(*at)[key];
    }
    return at->is_number() ? at->get<double>() : 0.0;
}

void profile(const profile_options& opt) {
    const std::filesystem::path file = std::filesystem::path(opt.dir) / "profile.json";
    std::ifstream in(file);
    if (!in) {
        throw input_error({file.string(), 0, ""}, "cannot open (is this a run directory?)");
    }
    nlohmann::json j;
    try {
        in >> j;
    } catch (const nlohmann::json::exception& e) {
        throw input_error({file.string(), 0, ""}, fmt::format("not valid JSON: {}", e.what()));
    }
    const double seconds = number_at(j, {"simulated_ms"}) * 1e-3;
    // Per resource, per partition: figures of the partitions' books, else the whole run's.
    struct resource {
        std::string name, unit;
        std::vector<std::string> path;
        bool per_second;
    };
    const std::vector<resource> resources = {
        {"neurons", "", {"neurons"}, false},
        {"synapses", "", {"synapses"}, false},
        {"bytes resident", "B", {"bytes_resident", "total"}, false},
        {"neuron updates", "/s", {"neuron_updates"}, true},
        {"synaptic events", "/s", {"synaptic_events"}, true},
        {"spikes emitted", "/s", {"spikes"}, true},
        {"spikes sent", "/s", {"spikes_sent"}, true},
        {"bytes sent", "B/s", {"bytes_sent"}, true},
        {"spikes received", "/s", {"spikes_received"}, true},
        {"bytes received", "B/s", {"bytes_received"}, true},
        {"update time", "s", {"time_s", "update"}, false},
        {"delivery time", "s", {"time_s", "delivery"}, false},
        {"communication time", "s", {"time_s", "communication"}, false},
        {"waiting time", "s", {"time_s", "waiting"}, false},
    };
    const bool parted = j.contains("partitions") && j["partitions"].is_array();
    const std::size_t k = parted ? j["partitions"].size() : 1;
    nlohmann::json out;
    out["run"] = opt.dir;
    out["network"] = j.value("network", "");
    out["simulated_s"] = seconds;
    out["wall_s"] = number_at(j, {"wall_s"});
    out["rtf"] = number_at(j, {"rtf"});
    out["partitions"] = k;
    if (j.contains("partitioning")) {
        out["partitioning"] = j["partitioning"];
    }
    nlohmann::json table = nlohmann::json::object();
    for (const auto& r : resources) {
        std::vector<double> values;
        if (parted) {
            for (const auto& p : j["partitions"]) {
                values.push_back(number_at(p, r.path));
            }
        } else {
            values.push_back(number_at(j, r.path));
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
    std::printf("%s: %s, %.3g s simulated in %.3g s (RTF %.3g), %zu partition%s%s\n",
                opt.dir.c_str(), out["network"].get<std::string>().c_str(), seconds,
                out["wall_s"].get<double>(), out["rtf"].get<double>(), k, k == 1 ? "" : "s",
                j.contains("partitioning")
                    ? fmt::format(" ({}, {})", j["partitioning"].value("method", ""),
                                  j["partitioning"].value("counted", ""))
                          .c_str()
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
