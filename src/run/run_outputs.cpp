#include "run/run_outputs.hpp"

#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "core/atomic_file.hpp"
#include "core/input_error.hpp"
#include "core/stop_signal.hpp"

namespace brainemu {
namespace {

std::string human_bytes(double b) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (b >= 1024.0 && u < 4) {
        b /= 1024.0;
        ++u;
    }
    return fmt::format("{:.1f} {}", b, units[u]);
}

}  // namespace

std::vector<std::string> summary_lines(const run_profile_record& profile,
                                       const std::vector<population_rate>& rates,
                                       const experiment& e, const job_memory& mem) {
    std::string rate_text;
    for (const auto& r : rates) {
        rate_text += fmt::format(" {} {:.2f}", r.name, r.rate_hz);
    }
    return {
        fmt::format("simulated {:.1f} ms{} in {:.2f} s: real-time factor {:.2f} (wall / "
                    "simulated)",
                    profile.simulated_ms,
                    e.warmup_ms > 0.0 ? fmt::format(" after a {} ms warm-up", e.warmup_ms) : "",
                    profile.wall_s, profile.rtf),
        fmt::format("spikes {} (mean {:.2f} Hz); synaptic events {:.3g} ({:.3g} per s of wall "
                    "time)",
                    profile.spikes, profile.mean_rate_hz.value_or(0.0),
                    static_cast<double>(profile.synaptic_events.value_or(0)), profile.events_per_s),
        fmt::format("rates (Hz):{}", rate_text),
        fmt::format("memory: {:.2f} bytes per synapse, {} resident (synapses {}){}",
                    profile.bytes_per_synapse.value_or(0.0), human_bytes(mem.total),
                    human_bytes(mem.synapses),
                    mem.ranks > 1 ? fmt::format(" over {} ranks", mem.ranks) : ""),
    };
}

unsigned resolve_threads(experiment& e, const runner_options& opt) {
    unsigned threads = opt.threads > 0 ? opt.threads : e.threads;
    if (threads == 0) {
        threads = std::max(1u, std::thread::hardware_concurrency());
    }
    if (opt.threads > 0) {
        e.threads = threads;  // config.toml names the thread count the run used
    }
    return threads;
}

void write_resolved_config(const experiment& e, const std::filesystem::path& dir) {
    write_file_atomic(dir / "config.toml", resolved_config_toml(e));
}

std::string outputs_line(const std::filesystem::path& dir, const std::vector<std::string>& files) {
    std::string list;
    for (const auto& f : files) {
        list += " " + f;
    }
    return fmt::format("outputs in {}:{}", dir.string(), list);
}

std::vector<std::filesystem::path> prepare_output_directory(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        throw resource_error(
            fmt::format("{}: cannot create output directory: {}", dir.string(), ec.message()));
    }
    // Outputs of an earlier run there are removed, so none is mistaken for this run's.
    for (const char* stale :
         {"config.toml", "spikes.bin", "spikes.csv", "voltages.bin", "voltages.csv", "rates.csv",
          "profile.json", "trials.csv", "spikes.h5", "report.html", "type_rates.csv"}) {
        std::filesystem::remove(dir / stale, ec);
    }
    // Recorded state variables: state_V.bin, state_V.csv, report_V.h5 ([record.state]).
    std::vector<std::filesystem::path> doomed;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_directory() && name.starts_with("trial-")) {
            doomed.push_back(entry.path());
        } else if (!entry.is_directory() &&
                   ((name.starts_with("state_") &&
                     (name.ends_with(".bin") || name.ends_with(".csv"))) ||
                    (name.starts_with("report_") && name.ends_with(".h5")))) {
            doomed.push_back(entry.path());
        }
    }
    for (const std::filesystem::path& p : doomed) {  // not while iterating the directory
        std::filesystem::remove_all(p, ec);
    }
    return remove_stale_temporaries(dir);
}

}  // namespace brainemu
