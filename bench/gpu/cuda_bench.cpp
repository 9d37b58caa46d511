// Question: how fast is the GPU engine on the two targets, one H100/H200?
//   microcircuit: Potjans-Diesmann at full scale (77,169 neurons, ~3e8 synapses), DC drive,
//                 1 s simulated: real-time factor (target <= 0.2);
//   fly:          the FlyWire-shaped surrogate (138,639 neurons, 15.1 million pairs), fly LIF,
//                 21 neurons under 200 Hz Poisson voltage input, 30 trials x 1 s batched in
//                 one engine (target < 0.3 s of wall time for all 30).
// With --check-steps N it also runs the CPU engine for N steps of each and compares spikes.
//
// Usage: cuda_bench [--case microcircuit|fly|both] [--check-steps N] [--trials 30]
//                   [--out FILE.json]
// Prints one line per measurement and writes them as JSON. Exit 77 without a CUDA device.

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "backends/cuda/cuda_engine.hpp"
#include "backends/cuda/lower_problem.hpp"
#include "core/random_stream.hpp"
#include "engine/simulation.hpp"
#include "network/flywire_surrogate.hpp"
#include "network/microcircuit.hpp"

namespace {

using namespace brainemu;
using clock_type = std::chrono::steady_clock;

double since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

struct workload {
    std::shared_ptr<const network> net;
    std::vector<model_assignment> models;
    std::vector<stimulus> stimuli;
    simulation_config config;
    double build_s = 0.0;
};

std::vector<neuron_id> range_of(index_range r) {
    std::vector<neuron_id> t;
    for (neuron_id i = r.first; i < r.last; ++i) {
        t.push_back(i);
    }
    return t;
}

// examples/microcircuit.toml at scale 1 with drive = "dc" (its model and drive, built as
// src/experiment/experiment_build.cpp builds them).
workload microcircuit(unsigned threads) {
    const microcircuit_params mp{1.0, 1.0};
    const auto setup = microcircuit_setup(mp);
    std::uint32_t n = 0;
    for (const auto& s : setup) {
        n += s.size;
    }
    workload w;
    const auto t0 = clock_type::now();
    network net = build_microcircuit(mp, 1, 0.1, split_blocks(n, threads));
    w.build_s = since(t0);
    lif_psc_exp::params p;
    p.tau_m_ms = 10.0;
    p.tau_syn_ex_ms = p.tau_syn_in_ms = 0.5;
    p.e_l_mV = p.v_reset_mV = -65.0;
    p.v_th_mV = -50.0;
    for (std::size_t k = 0; k < net.populations.size(); ++k) {
        voltage_init vi;
        vi.mean_mV = setup[k].v0_mean_mV;
        vi.sd_mV = setup[k].v0_sd_mV;
        const index_range r = net.populations[k].range;
        w.models.push_back({r, p, vi});
        stimulus st;
        st.name = "DC drive";
        st.targets = range_of(r);
        st.what = current_stimulus{{0.0}, {setup[k].dc_drive_pA + setup[k].dc_correction_pA}};
        w.stimuli.push_back(std::move(st));
    }
    w.net = std::make_shared<const network>(std::move(net));
    return w;
}

// fly_bench's workload (bench/fly_bench.cpp) at the surrogate's default size.
workload fly(unsigned threads) {
    flywire_surrogate_params fp;
    workload w;
    const auto t0 = clock_type::now();
    w.net = std::make_shared<const network>(
        build_flywire_surrogate(fp, 7, 0.1, split_blocks(fp.neurons, threads)));
    w.build_s = since(t0);
    w.models = {{{0, fp.neurons}, fly_lif::params{}, {}}};
    stimulus drive;
    random_stream pick(3, 9, 0, 0);
    while (drive.targets.size() < 21) {
        const std::uint32_t t = pick.below(fp.neurons);
        if (std::find(drive.targets.begin(), drive.targets.end(), t) == drive.targets.end()) {
            drive.targets.push_back(t);
        }
    }
    std::sort(drive.targets.begin(), drive.targets.end());
    drive.what = poisson_stimulus{200.0, 250 * 0.275, receptor_kind::voltage};
    drive.refractory_ms = 0.0;
    w.stimuli = {drive};
    w.config.skip_resting = true;
    return w;
}

struct keep_sink final : spike_sink {
    std::vector<spike_record> spikes;
    void write(std::span<const spike_record> s) override {
        spikes.insert(spikes.end(), s.begin(), s.end());
    }
};

// GPU against CPU for the first `steps` steps of trial 0 (seed 1000): true if identical.
nlohmann::json check(const workload& w, std::uint64_t steps) {
    const std::vector<std::uint64_t> seeds{1000};
    auto gpu = cuda::make_cuda_engine(std::make_shared<const cuda::device_problem>(
        cuda::lower_problem(*w.net, w.models, w.stimuli, w.config, seeds)));
    keep_sink g;
    const trial_outputs outputs[] = {{&g, nullptr}};
    gpu->run(steps, outputs);
    local_communicator comm;
    simulation_config cfg = w.config;
    cfg.seed = 1000;
    simulation sim(w.net, w.models, w.stimuli, cfg, comm);
    keep_sink c;
    const auto t0 = clock_type::now();
    sim.run(steps, &c, nullptr);
    const double cpu_s = since(t0);
    const bool same = g.spikes == c.spikes;
    std::printf("  check %llu steps: GPU %zu spikes, CPU %zu spikes (%.2f s on %u threads): %s\n",
                static_cast<unsigned long long>(steps), g.spikes.size(), c.spikes.size(), cpu_s,
                sim.threads(), same ? "IDENTICAL" : "DIFFERENT");
    return {{"steps", steps},
            {"gpu_spikes", g.spikes.size()},
            {"cpu_spikes", c.spikes.size()},
            {"cpu_wall_s", cpu_s},
            {"identical", same}};
}

nlohmann::json measure(const std::string& name, const workload& w, std::uint32_t trials,
                       std::uint64_t steps, double target, bool target_is_rtf) {
    std::vector<std::uint64_t> seeds;
    for (std::uint32_t t = 0; t < trials; ++t) {
        seeds.push_back(1000 + t);
    }
    const auto t0 = clock_type::now();
    auto problem = std::make_shared<const cuda::device_problem>(
        cuda::lower_problem(*w.net, w.models, w.stimuli, w.config, seeds));
    const double lower_s = since(t0);
    const auto t1 = clock_type::now();
    auto gpu = cuda::make_cuda_engine(problem);
    const double upload_s = since(t1);
    gpu->run(10);  // first launch (module load) outside the measurement
    gpu->reset_counters();
    gpu->run(steps);
    const auto& s = gpu->stats();
    const double simulated_s = static_cast<double>(steps) * w.config.dt_ms * 1e-3;
    const double rtf = s.wall_s / simulated_s;
    const double value = target_is_rtf ? rtf : s.wall_s;
    const double rate =
        static_cast<double>(s.spikes) / (trials * static_cast<double>(w.net->size) * simulated_s);
    std::printf(
        "%s: %llu neurons, %llu synapses, %u trial(s) x %.2f s: wall %.3f s, RTF %.3f, "
        "%.2f Hz, %llu launches, interval %u steps (lowering %.1f s, upload %.1f s, "
        "%.2f GB on the device)\n",
        name.c_str(), static_cast<unsigned long long>(w.net->size),
        static_cast<unsigned long long>(problem->synapses()), trials, simulated_s, s.wall_s, rtf,
        rate, static_cast<unsigned long long>(gpu->facts().launches), problem->interval, lower_s,
        upload_s, static_cast<double>(problem->device_bytes()) * 1e-9);
    return {{"case", name},
            {"neurons", w.net->size},
            {"synapses", problem->synapses()},
            {"trials", trials},
            {"simulated_s", simulated_s},
            {"wall_s", s.wall_s},
            {"rtf", rtf},
            {"mean_rate_hz", rate},
            {"spikes", s.spikes},
            {"synaptic_events", s.synaptic_events},
            {"launches", gpu->facts().launches},
            {"interval_steps", problem->interval},
            {"build_s", w.build_s},
            {"lower_s", lower_s},
            {"upload_s", upload_s},
            {"device_bytes", problem->device_bytes()},
            {"target", target},
            {"target_is_rtf", target_is_rtf},
            {"meets_target", value <= target}};
}

}  // namespace

int main(int argc, char** argv) {
    std::string which = "both", out;
    std::uint64_t check_steps = 0;
    std::uint32_t trials = 30;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--case") {
            which = argv[i + 1];
        } else if (a == "--check-steps") {
            check_steps = std::stoull(argv[i + 1]);
        } else if (a == "--trials") {
            trials = static_cast<std::uint32_t>(std::stoul(argv[i + 1]));
        } else if (a == "--out") {
            out = argv[i + 1];
        } else {
            std::cerr << "unknown option " << a << "\n";
            return 2;
        }
    }
    const cuda::cuda_status dev = cuda::cuda_devices();
    if (dev.devices == 0) {
        std::cerr << "SKIP: no CUDA device (" << dev.message << ")\n";
        return 77;
    }
    std::printf("device: %s\n", dev.message.c_str());
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    nlohmann::json results = {{"device", dev.message}, {"cases", nlohmann::json::array()}};
    try {
        if (which == "microcircuit" || which == "both") {
            const workload w = microcircuit(threads);
            auto r = measure("microcircuit full scale, DC drive", w, 1, 10000, 0.2, true);
            if (check_steps > 0) {
                r["check"] = check(w, check_steps);
            }
            results["cases"].push_back(r);
        }
        if (which == "fly" || which == "both") {
            const workload w = fly(threads);
            auto r = measure("fly-shaped, 30 trials x 1 s", w, trials, 10000, 0.3, false);
            if (check_steps > 0) {
                r["check"] = check(w, check_steps);
            }
            results["cases"].push_back(r);
        }
    } catch (const std::exception& e) {
        std::cerr << "cuda_bench: " << e.what() << "\n";
        results["error"] = e.what();
        if (!out.empty()) {
            std::ofstream(out) << results.dump(2) << "\n";
        }
        return 1;
    }
    if (!out.empty()) {
        std::ofstream(out) << results.dump(2) << "\n";
    }
    // One machine-readable line per figure, for check.sh's table.
    for (const auto& r : results["cases"]) {
        const bool rtf = r["target_is_rtf"].get<bool>();
        std::printf("RESULT|%s|%s %.3f|%s %.2f|%s\n", r["case"].get<std::string>().c_str(),
                    rtf ? "RTF" : "wall s",
                    rtf ? r["rtf"].get<double>() : r["wall_s"].get<double>(),
                    rtf ? "RTF <=" : "wall s <", r["target"].get<double>(),
                    r["meets_target"].get<bool>() ? "met" : "NOT met");
        if (r.contains("check")) {
            std::printf("RESULT|%s: GPU vs CPU, %llu steps|%zu spikes|identical|%s\n",
                        r["case"].get<std::string>().c_str(),
                        static_cast<unsigned long long>(r["check"]["steps"].get<std::uint64_t>()),
                        r["check"]["gpu_spikes"].get<std::size_t>(),
                        r["check"]["identical"].get<bool>() ? "yes" : "NO");
        }
    }
    return 0;
}
