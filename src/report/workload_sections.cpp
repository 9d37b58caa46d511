// The infrastructure half of the report: the run's figures, memory and time, partitions and
// their traffic, the attached plan, and the resolved configuration.

#include <fmt/format.h>

#include "report/format.hpp"
#include "report/sections.hpp"
#include "report/svg.hpp"

namespace brainemu::report {
namespace {

std::string stat(std::string_view value, std::string_view what) {
    return fmt::format("<div class=\"stat\"><b>{}</b><span>{}</span></div>\n", escape_xml(value),
                       escape_xml(what));
}

std::vector<std::string> names_of(const named_values& v) {
    std::vector<std::string> out;
    for (const auto& [name, value] : v) {
        out.push_back(name);
    }
    return out;
}

// Time split per thread (or partition): one stacked bar each.
std::string time_bars(const std::vector<named_values>& per_unit, std::string_view unit) {
    if (per_unit.empty() || per_unit.front().empty()) {
        return {};
    }
    std::vector<std::string> units;
    for (std::size_t i = 0; i < per_unit.size(); ++i) {
        units.push_back(fmt::format("{}", i));
    }
    std::vector<bar_series> phases;
    for (const auto& [phase, v] : per_unit.front()) {
        phases.push_back({phase, {}});
    }
    for (const named_values& t : per_unit) {
        for (std::size_t p = 0; p < phases.size() && p < t.size(); ++p) {
            phases[p].values.push_back(t[p].second);
        }
    }
    return bar_chart(units, phases, fmt::format("seconds per {}", unit),
                     [](double v) { return format_seconds(v); }, {920.0, 240.0});
}

value_format formatter_for(std::string_view key) {
    if (key.find("bytes") != std::string_view::npos) {
        return [](double v) { return format_bytes(v); };
    }
    return [](double v) { return format_si(v, ""); };
}

std::string partitions_body(const run_profile& p) {
    std::string body;
    const std::size_t k = p.partitions.size();
    std::vector<std::string> labels;
    for (std::size_t i = 0; i < k; ++i) {
        labels.push_back(fmt::format("{}", i));
    }
    // One chart per figure that some partition has: its counts, then its resident bytes.
    auto chart = [&](const std::string& key, auto value_of) {
        bar_series values{key, {}};
        bool any = false;
        for (const partition_profile& part : p.partitions) {
            const std::optional<double> v = value_of(part);
            any = any || v.has_value();
            values.values.push_back(v.value_or(0.0));
        }
        if (any) {
            body += figure(fmt::format("{} per partition", key),
                           bar_chart(labels, {values}, key, formatter_for(key), {920.0, 200.0}));
        }
    };
    for (const std::string& key : partition_count_keys()) {
        chart(key, [&](const partition_profile& part) -> std::optional<double> {
            for (const auto& [name, c] : part.counts) {
                if (name == key) {
                    return c;
                }
            }
            return std::nullopt;
        });
    }
    chart(std::string(partition_bytes_key()),
          [](const partition_profile& part) { return part.bytes_total; });
    std::vector<named_values> times;
    for (const partition_profile& part : p.partitions) {
        times.push_back(part.time_s);
    }
    if (!times.empty() && !times.front().empty()) {
        body += figure("Time per partition", time_bars(times, "partition"));
    }
    const std::pair<const std::optional<matrix>*, const char*> maps[] = {
        {&p.traffic_bytes, "bytes"}, {&p.traffic_spikes, "spikes"}};
    for (const auto& [m, what] : maps) {
        if (*m && !(*m)->empty()) {
            const std::string kind = what;
            body += figure(
                fmt::format("Traffic between partitions ({})", kind),
                heat_map(**m, "from partition", "to partition",
                         formatter_for(kind == "bytes" ? "bytes" : "")),
                fmt::format("Row i, column j: {} sent from partition i to partition j during the "
                            "run.",
                            kind));
        }
    }
    return body;
}

}  // namespace

std::string header_section(const run_data& run) {
    std::string out = "<header>\n<h1>brainemu report";
    if (run.profile && !run.profile->network.empty()) {
        out += ": " + escape_xml(run.profile->network);
    }
    out += "</h1>\n<div class=\"sub\">" + escape_xml(run.dir.string()) + "</div>\n";
    if (!run.profile) {
        return out + "<p class=\"sub\">No profile.json: run figures unknown.</p>\n</header>\n";
    }
    const run_profile& p = *run.profile;
    std::string stats;
    stats += stat(format_count(p.neurons), "neurons");
    stats += stat(format_count(p.synapses), "synapses");
    stats += stat(fmt::format("{} ms", format_count(p.simulated_ms)),
                  fmt::format("simulated (dt {:g} ms)", p.dt_ms));
    stats += stat(fmt::format("{:.3g}", p.rtf), "real-time factor (wall / simulated)");
    stats += stat(format_seconds(p.wall_s), fmt::format("wall time, {} threads", p.threads));
    stats += stat(format_count(p.spikes), fmt::format("spikes (mean {:.3g} Hz)", p.mean_rate_hz));
    stats += stat(format_si(p.events_per_s, "/s"), "synaptic events per second");
    stats += stat(fmt::format("{:.2f} B", p.bytes_per_synapse), "bytes per synapse");
    stats += stat(format_bytes(p.bytes_total), "resident memory");
    stats += stat(format_seconds(p.build_s), "build time");
    if (p.warmup_ms > 0.0) {
        stats += stat(fmt::format("{:g} ms", p.warmup_ms), "warm-up (not counted)");
    }
    if (p.trials > 1.0) {
        stats += stat(fmt::format("{:.0f}", p.trials),
                      fmt::format("trials ({} in all)", format_seconds(p.trials_wall_s)));
    }
    return out + "<div class=\"stats\">\n" + stats + "</div>\n</header>\n";
}

std::string workload_section(const run_data& run) {
    if (!run.profile) {
        return {};
    }
    const run_profile& p = *run.profile;
    std::string body;
    if (!p.bytes_resident.empty()) {
        bar_series bytes{"bytes", {}};
        for (const auto& [name, v] : p.bytes_resident) {
            bytes.values.push_back(v);
        }
        body += figure("Resident memory by category",
                       bar_chart(names_of(p.bytes_resident), {bytes}, "bytes",
                                 [](double v) { return format_bytes(v); }, {920.0, 220.0}),
                       fmt::format("{} in all; {:.2f} bytes per synapse.",
                                   format_bytes(p.bytes_total), p.bytes_per_synapse));
    }
    if (!p.per_thread_time_s.empty()) {
        body += figure("Wall time per thread", time_bars(p.per_thread_time_s, "thread"),
                       "Thread 0 merges and records spikes; waiting is time at the barrier.");
    } else if (!p.time_s.empty()) {
        body += figure("Wall time split", time_bars({p.time_s}, "thread"));
    }
    if (!p.partitions.empty() || p.traffic_bytes || p.traffic_spikes) {
        body += partitions_body(p);
    }
    return section("workload", "Workload", body);
}

std::string plan_section(const run_data& run) {
    std::string body;
    if (run.plan_svg) {
        body += figure("", *run.plan_svg, "plan.svg, as brainemu plan --svg drew it.");
    } else if (run.plan) {
        const plan_summary& p = *run.plan;
        body +=
            fmt::format("<p>{} at {} on {}{}: {} devices; binding axis <b>{}</b>.</p>\n",
                        escape_xml(p.organism), escape_xml(p.neuron_model), escape_xml(p.device),
                        p.cluster.empty() ? "" : " (" + escape_xml(p.cluster) + ")",
                        format_count(p.devices), escape_xml(p.binding_axis));
        body += "<table>\n<tr><th>axis</th><th>devices needed</th><th>supply / demand</th></tr>\n";
        for (const auto& [axis, needed] : p.devices_needed) {
            std::string ratio = "";
            for (const auto& [a, v] : p.supply_over_demand) {
                ratio = a == axis ? fmt::format("{:.3g}", v) : ratio;
            }
            body += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", escape_xml(axis),
                                format_count(needed), ratio);
        }
        body += "</table>\n";
    }
    return section("plan", "Plan", body);
}

std::string config_section(const run_data& run) {
    if (!run.config_toml) {
        return {};
    }
    return section("config", "Configuration",
                   "<details>\n<summary>config.toml (the resolved experiment)</summary>\n<pre>" +
                       escape_xml(*run.config_toml) + "</pre>\n</details>\n");
}

}  // namespace brainemu::report
