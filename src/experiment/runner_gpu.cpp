// `brainemu run --backend cuda`: the experiment built as for the CPU engine, lowered for the
// GPU engine (src/backends/cuda), every trial run in one batch on device 0.

#include <chrono>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "backends/cuda/cuda_engine.hpp"
#include "backends/cuda/lower_problem.hpp"
#include "core/atomic_file.hpp"
#include "experiment/runner.hpp"
#include "io/spike_writer.hpp"
#include "profile/record/run_profile_json.hpp"
#include "profile/trials.hpp"

namespace brainemu {
namespace {

[[noreturn]] void refuse(const std::string& what) {
    throw input_error({"", 0, "--backend cuda"}, what);
}

std::vector<population_rate> rates_of(const network& net, std::span<const std::uint32_t> counts,
                                      double seconds) {
    std::vector<population_rate> out;
    for (const population& p : net.populations) {
        population_rate r{p.name, p.range.size(), 0, 0.0};
        for (std::uint32_t i = p.range.first; i < p.range.last; ++i) {
            r.spikes += counts[i];
        }
        r.rate_hz = seconds > 0.0 && r.neurons > 0
                        ? static_cast<double>(r.spikes) / (r.neurons * seconds)
                        : 0.0;
        out.push_back(r);
    }
    return out;
}

}  // namespace

run_summary run_experiment_gpu(experiment& e, const runner_options& opt) {
    if (opt.comm != nullptr && opt.comm->size() > 1) {
        refuse("the GPU engine runs in one process, not under mpirun");
    }
    if (opt.partition) {
        refuse("--parts, --virtual-parts and --partition are for the CPU engine");
    }
    if (opt.sonata != nullptr) {
        refuse("SONATA runs (spikes.h5) are for the CPU engine");
    }
    // Before anything is built: a build without CUDA, or a machine without a device.
    if (!cuda::cuda_built()) {
        (void)cuda::make_cuda_engine(nullptr);  // throws, saying so
    }
    const cuda::cuda_status device = cuda::cuda_devices();
    if (device.devices == 0) {
        throw resource_error("--backend cuda: no CUDA device found (" + device.message + ")");
    }
    auto log = [&](const std::string& line) {
        if (opt.log) {
            opt.log(line);
        }
    };
    run_summary out;
    out.out = opt.out;
    const unsigned threads = resolve_threads(e, opt);
    out.threads = threads;  // threads that build the network; the run is on the device

    const auto t0 = std::chrono::steady_clock::now();
    layout_request req;
    req.threads = threads;
    built_experiment built = build_experiment(e, req);
    const auto net = std::make_shared<const network>(std::move(built.net));
    simulation_config cfg;
    cfg.dt_ms = e.dt_ms;
    cfg.seed = e.seed;
    cfg.record_voltages = built.record_voltages;
    cfg.voltage_every_steps = built.voltage_every_steps;
    std::vector<std::uint64_t> seeds;
    for (std::uint32_t t = 0; t < e.trials; ++t) {
        seeds.push_back(trial_seed(e.seed, t));
    }
    auto problem = std::make_shared<const cuda::device_problem>(
        cuda::lower_problem(*net, built.models, built.stimuli, cfg, seeds));
    out.build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    out.neurons = net->size;
    out.synapses = net->synapses.count();
    auto engine = cuda::make_cuda_engine(problem);  // copies everything to the device

    const std::filesystem::path& dir = opt.out;
    prepare_output_directory(dir);
    write_resolved_config(e, dir);
    out.files.push_back("config.toml");
    log(fmt::format("brainemu: {}, {} neurons, {} synapses, GPU engine on {} (built in {:.1f} s){}",
                    e.network_name, net->size, net->synapses.count(), device.message, out.build_s,
                    e.trials > 1 ? fmt::format(", {} trials batched", e.trials) : ""));
    for (const std::string& note : built.notes) {
        log("note: " + note);
    }

    if (e.warmup_steps() > 0) {
        engine->run(e.warmup_steps());
        engine->reset_counters();
    }
    std::vector<std::optional<spike_writer>> writers(e.trials);
    std::vector<spike_sink*> sinks(e.trials, nullptr);
    auto sub_of = [&](std::uint32_t t) {
        return e.trials == 1 ? std::string() : fmt::format("trial-{:03}/", t);
    };
    if (e.record.spikes) {
        for (std::uint32_t t = 0; t < e.trials; ++t) {
            std::filesystem::create_directories(dir / sub_of(t));
            writers[t].emplace(dir / sub_of(t), e.dt_ms, e.record.csv);
            sinks[t] = &*writers[t];
        }
    }
    engine->run(e.steps(), sinks);
    const cuda::device_stats& s = engine->stats();
    const double seconds = static_cast<double>(s.steps) * e.dt_ms * 1e-3;
    std::vector<std::vector<std::uint32_t>> counts;
    for (std::uint32_t t = 0; t < e.trials; ++t) {
        const std::string sub = sub_of(t);
        std::filesystem::create_directories(dir / sub);
        if (writers[t]) {
            writers[t]->commit();
            out.files.push_back(sub + "spikes.bin");
            if (e.record.csv) {
                out.files.push_back(sub + "spikes.csv");
            }
        }
        const auto c = engine->spike_counts(t);
        counts.emplace_back(c.begin(), c.end());
        const auto rates = rates_of(*net, c, seconds);
        write_file_atomic(dir / sub / "rates.csv", rates_csv(rates));
        out.files.push_back(sub + "rates.csv");
        if (t == 0) {
            out.rates = rates;
        }
    }
    const double simulated_ms = seconds * 1e3;
    run_profile_record& p = out.profile;
    p.backend = "cuda";
    p.device = device.message;
    p.network = e.network_name;
    p.neurons = net->size;
    p.synapses = net->synapses.count();
    p.trials = e.trials;
    p.seed = e.seed;
    p.dt_ms = e.dt_ms;
    p.interval_steps = problem->interval;
    p.simulated_ms = simulated_ms;
    p.warmup_ms = e.warmup_ms;
    p.build_s = out.build_s;
    p.wall_s = s.wall_s;
    p.rtf = seconds > 0.0 ? s.wall_s / seconds : 0.0;
    p.rtf_per_trial = seconds > 0.0 ? s.wall_s / seconds / e.trials : 0.0;
    p.spikes = s.spikes;
    p.synaptic_events = s.synaptic_events;
    p.events_per_s = s.wall_s > 0.0 ? static_cast<double>(s.synaptic_events) / s.wall_s : 0.0;
    p.launches = s.launches;
    p.device_bytes = problem->device_bytes();
    auto& rates = p.population_rates_hz.emplace();  // trial 0's
    for (const auto& r : out.rates) {
        rates[r.name] = r.rate_hz;
    }
    out.trials = e.trials;
    out.trials_wall_s = s.wall_s;
    write_profile_file(dir / "profile.json", p);
    out.files.push_back("profile.json");
    if (e.trials > 1) {
        const trial_counts tc = collect_trials(counts, built.summary_neurons, e.duration_ms * 1e-3);
        write_file_atomic(dir / "trials.csv", trials_csv(tc, *net));
        out.files.push_back("trials.csv");
    }
    log(
        fmt::format("simulated {:.1f} ms x {} trial(s) in {:.3f} s on the GPU: real-time factor "
                    "{:.3f} for the batch ({} launches)",
                    simulated_ms, e.trials, s.wall_s, p.rtf, s.launches));
    log(fmt::format("spikes {} (all trials); synaptic events {:.3g}", s.spikes,
                    static_cast<double>(s.synaptic_events)));
    log(outputs_line(dir, out.files));
    return out;
}

}  // namespace brainemu
