#include "cli/run_command.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include <fmt/format.h>
#include <unistd.h>

#include "core/atomic_file.hpp"
#include "experiment/experiment.hpp"
#include "experiment/overrides.hpp"
#include "experiment/sonata_experiment.hpp"
#include "io/spike_writer.hpp"
#include "io/voltage_writer.hpp"
#include "profile/profile.hpp"
#include "profile/trials.hpp"

namespace brainemu {
namespace {

struct run_options {
    std::string experiment;
    std::string out;
    unsigned threads = 0;
    double duration_ms = -1.0;
    double warmup_ms = -1.0;
    std::int64_t seed = -1;
    bool csv = false;
    std::vector<std::string> sets;
};

std::string human_bytes(double b) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (b >= 1024.0 && u < 4) {
        b /= 1024.0;
        ++u;
    }
    return fmt::format("{:.1f} {}", b, units[u]);
}

void print_progress(const progress_info& p, double dt_ms) {
    const double sim_s = static_cast<double>(p.step) * dt_ms * 1e-3;
    const double rtf = sim_s > 0.0 ? p.wall_s / sim_s : 0.0;
    const double eta = p.step > 0 ? p.wall_s * static_cast<double>(p.total_steps - p.step) /
                                        static_cast<double>(p.step)
                                  : 0.0;
    std::fprintf(stderr,
                 "\r  %8.1f / %.1f ms simulated   RTF %6.2f   ETA %5.0f s   %9.0f spikes/s ",
                 static_cast<double>(p.step) * dt_ms, static_cast<double>(p.total_steps) * dt_ms,
                 rtf, eta, sim_s > 0.0 ? static_cast<double>(p.spikes) / sim_s : 0.0);
    std::fflush(stderr);
}

// Passes spikes on and keeps a copy (small runs: SONATA circuits).
struct keeping_sink final : spike_sink {
    explicit keeping_sink(spike_sink* next) : next_(next) {}
    void write(std::span<const spike_record> s) override {
        spikes.insert(spikes.end(), s.begin(), s.end());
        if (next_ != nullptr) {
            next_->write(s);
        }
    }
    std::vector<spike_record> spikes;

private:
    spike_sink* next_;
};

void print_summary(const simulation& sim, const nlohmann::json& profile,
                   const std::vector<population_rate>& rates, const experiment& e) {
    std::string rate_text;
    for (const auto& r : rates) {
        rate_text += fmt::format(" {} {:.2f}", r.name, r.rate_hz);
    }
    std::printf("simulated %.1f ms%s in %.2f s: real-time factor %.2f (wall / simulated)\n",
                profile["simulated_ms"].get<double>(),
                e.warmup_ms > 0.0 ? fmt::format(" after a {} ms warm-up", e.warmup_ms).c_str() : "",
                profile["wall_s"].get<double>(), profile["rtf"].get<double>());
    std::printf(
        "spikes %llu (mean %.2f Hz); synaptic events %.3g (%.3g per s of wall time)\n",
        static_cast<unsigned long long>(sim.stats().spikes), profile["mean_rate_hz"].get<double>(),
        static_cast<double>(sim.stats().synaptic_events), profile["events_per_s"].get<double>());
    std::printf("rates (Hz):%s\n", rate_text.c_str());
    std::printf("memory: %.2f bytes per synapse, %s resident (synapses %s)\n",
                profile["bytes_per_synapse"].get<double>(),
                human_bytes(static_cast<double>(sim.memory().total())).c_str(),
                human_bytes(static_cast<double>(sim.memory().synapses)).c_str());
}

void run(const run_options& opt) {
    std::vector<override_spec> overrides;
    if (opt.duration_ms >= 0.0) {
        overrides.push_back({"simulation.duration_ms", fmt::format("{}", opt.duration_ms)});
    }
    if (opt.warmup_ms >= 0.0) {
        overrides.push_back({"simulation.warmup_ms", fmt::format("{}", opt.warmup_ms)});
    }
    if (opt.seed >= 0) {
        overrides.push_back({"simulation.seed", fmt::format("{}", opt.seed)});
    }
    for (const std::string& s : opt.sets) {
        overrides.push_back(parse_override(s));
    }
    // A SONATA simulation_config.json runs from its own files; anything else is a TOML
    // experiment.
    std::optional<sonata_run> sonata;
    experiment e;
    if (std::filesystem::path(opt.experiment).extension() == ".json") {
        if (!opt.sets.empty()) {
            throw input_error({opt.experiment, 0, "--set"},
                              "--set overrides TOML experiment fields; a SONATA run takes "
                              "--duration-ms, --seed and --threads");
        }
        sonata = load_sonata_run(opt.experiment);
        e = experiment_from_sonata(*sonata,
                                   opt.seed >= 0 ? static_cast<std::uint64_t>(opt.seed) : 1);
        if (opt.duration_ms >= 0.0) {
            e.duration_ms = opt.duration_ms;
            e.resolved["simulation"].as_table()->insert_or_assign("duration_ms", opt.duration_ms);
        }
    } else {
        e = parse_experiment(opt.experiment, overrides);
    }
    if (opt.csv) {
        e.record.csv = true;
        e.resolved["record"].as_table()->insert_or_assign("csv", true);
    }
    unsigned threads = opt.threads > 0 ? opt.threads : e.threads;
    if (threads == 0) {
        threads = std::max(1u, std::thread::hardware_concurrency());
    }
    if (opt.threads > 0) {
        e.resolved["simulation"].as_table()->insert_or_assign("threads",
                                                              static_cast<std::int64_t>(threads));
    }

    const auto t0 = std::chrono::steady_clock::now();
    built_experiment built = build_experiment(e, threads);
    // Trials share the network (read-only while they run); each builds its own state.
    const auto net = std::make_shared<const network>(std::move(built.net));
    simulation_config cfg;
    cfg.dt_ms = e.dt_ms;
    cfg.seed = e.seed;
    cfg.record_voltages = built.record_voltages;
    cfg.voltage_every_steps = built.voltage_every_steps;
    const double build_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    // Everything is valid and built: only now touch the output directory. Outputs of an
    // earlier run there are removed, so none is mistaken for this run's.
    const std::filesystem::path dir = opt.out;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        throw resource_error(
            fmt::format("{}: cannot create output directory: {}", dir.string(), ec.message()));
    }
    for (const char* stale :
         {"config.toml", "spikes.bin", "spikes.csv", "voltages.bin", "voltages.csv", "rates.csv",
          "profile.json", "trials.csv", "spikes.h5"}) {
        std::filesystem::remove(dir / stale, ec);
    }
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.is_directory() && entry.path().filename().string().starts_with("trial-")) {
            std::filesystem::remove_all(entry.path(), ec);
        }
    }
    {
        std::ostringstream config;
        config << "# Resolved experiment: every field with the value this run used.\n"
               << "# Source: " << e.path.string() << "\n"
               << e.resolved << "\n";
        write_file_atomic(dir / "config.toml", config.str());
    }
    std::printf("brainemu: %s, %u neurons, %llu synapses, %u threads (built in %.1f s)%s\n",
                e.network_name.c_str(), net->size,
                static_cast<unsigned long long>(net->synapses.count()), threads, build_s,
                e.trials > 1 ? fmt::format(", {} trials", e.trials).c_str() : "");
    for (const std::string& note : built.notes) {
        std::printf("note: %s\n", note.c_str());
    }
    std::fflush(stdout);
    const bool tty = ::isatty(STDERR_FILENO) != 0;
    std::vector<std::vector<std::uint32_t>> counts;
    nlohmann::json first_profile;
    double trials_wall_s = 0.0;
    for (std::uint32_t t = 0; t < e.trials; ++t) {
        // One trial: its outputs in DIR (a single trial) or DIR/trial-NNN.
        const std::filesystem::path tdir =
            e.trials == 1 ? dir : dir / fmt::format("trial-{:03}", t);
        std::filesystem::create_directories(tdir, ec);
        if (ec) {
            throw resource_error(
                fmt::format("{}: cannot create directory: {}", tdir.string(), ec.message()));
        }
        simulation_config tcfg = cfg;
        tcfg.seed = trial_seed(e.seed, t);
        local_communicator comm;
        simulation sim(net, built.models, built.stimuli, tcfg, comm);
        std::optional<spike_writer> spikes;
        if (e.record.spikes) {
            spikes.emplace(tdir, e.dt_ms, e.record.csv);
        }
        std::optional<voltage_writer> voltages;
        if (!cfg.record_voltages.empty()) {
            voltages.emplace(tdir, e.dt_ms, cfg.record_voltages, e.record.csv);
        }
        std::function<void(const progress_info&)> progress;
        if (tty) {
            progress = [&](const progress_info& p) { print_progress(p, e.dt_ms); };
        }
        if (e.warmup_steps() > 0) {
            // The warm-up settles the network; nothing of it is written or counted.
            sim.run(e.warmup_steps(), nullptr, nullptr, progress);
            sim.reset_counters();
        }
        // SONATA runs keep their spikes to write them in SONATA's layout too.
        keeping_sink kept(spikes ? &*spikes : nullptr);
        spike_sink* sink = sonata ? &kept : spikes ? static_cast<spike_sink*>(&*spikes) : nullptr;
        sim.run(e.steps(), sink, voltages ? &*voltages : nullptr, progress);
        if (tty) {
            std::fprintf(stderr, "\n");
        }
        if (spikes) {
            spikes->commit();
        }
        if (voltages) {
            voltages->commit();
        }
        if (sonata) {
            write_sonata_spikes(tdir / "spikes.h5",
                                sonata_output_spikes(*sonata, kept.spikes, e.dt_ms),
                                sonata->spikes_sorting);
        }
        const auto rates = population_rates(sim);
        write_file_atomic(tdir / "rates.csv", rates_csv(rates));
        nlohmann::json profile =
            make_profile(sim, {e.network_name, build_s, tcfg.seed, e.warmup_ms});
        write_file_atomic(tdir / "profile.json", profile.dump(2) + "\n");
        counts.emplace_back(sim.spike_counts().begin(), sim.spike_counts().end());
        trials_wall_s += profile["wall_s"].get<double>();
        if (t == 0) {
            first_profile = profile;
            print_summary(sim, profile, rates, e);
        }
    }
    if (e.trials > 1) {
        first_profile["trials"] = e.trials;
        first_profile["trials_wall_s"] = trials_wall_s;
        write_file_atomic(dir / "profile.json", first_profile.dump(2) + "\n");
        const trial_counts tc = collect_trials(counts, built.summary_neurons, e.duration_ms * 1e-3);
        write_file_atomic(dir / "trials.csv", trials_csv(tc, *net));
        std::printf(
            "%u trials in %.2f s (%.2f s each); per-neuron rates across trials in "
            "trials.csv (%zu neurons)\n",
            e.trials, trials_wall_s, trials_wall_s / e.trials, tc.neurons.size());
        std::printf("outputs in %s: config.toml profile.json trials.csv trial-000 .. trial-%03u\n",
                    dir.string().c_str(), e.trials - 1);
    } else {
        std::printf(
            "outputs in %s: config.toml%s%s%s rates.csv profile.json\n", dir.string().c_str(),
            e.record.spikes ? (e.record.csv ? " spikes.bin spikes.csv" : " spikes.bin") : "",
            sonata ? " spikes.h5" : "",
            !cfg.record_voltages.empty()
                ? (e.record.csv ? " voltages.bin voltages.csv" : " voltages.bin")
                : "");
    }
}

}  // namespace

void add_run_command(CLI::App& app) {
    auto opt = std::make_shared<run_options>();
    CLI::App* cmd = app.add_subcommand("run", "Run an experiment (TOML) and write its outputs");
    cmd->add_option("experiment", opt->experiment,
                    "Experiment file (TOML), or a SONATA simulation_config.json")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("--out", opt->out, "Output directory (created if missing)")->required();
    cmd->add_option("--threads", opt->threads,
                    "Worker threads (default: the experiment's, else every core)")
        ->check(CLI::Range(1, 4096));
    cmd->add_option("--duration-ms", opt->duration_ms, "Simulated time, ms")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--warmup-ms", opt->warmup_ms,
                    "Simulate this long first, without recording or counting it")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--seed", opt->seed, "Random seed")->check(CLI::NonNegativeNumber);
    cmd->add_flag("--csv", opt->csv, "Also write spikes.csv (and voltages.csv when recording)");
    cmd->add_option("--set", opt->sets,
                    "Override a field: KEY=VALUE with a dotted key, e.g. network.scale=0.1");
    cmd->callback([opt] { run(*opt); });
}

}  // namespace brainemu
