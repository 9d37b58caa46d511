// Question: how long does the Shiu et al. (2024) style experiment take on a FlyWire-sized
// brain: 138,639 neurons (the real FlyWire v783 neuron list), ~15.1 million connected pairs
// (a random wiring with FlyWire's totals: network/flywire_surrogate.hpp), the fly LIF, 21
// neurons driven by 200 Hz Poisson input, 30 trials of 1 s that share one network in memory?
//
// Usage: build/release/bench/fly_bench [--data DIR] [--trials 30] [--threads N]
//        [--dense-trials 1] [--out bench/results/fly_shaped.json]
// DIR holds flywire_shiu2024/Completeness_783.csv (default: $BRAINEMU_DATA, else ../shared/data).
// Reports the wall time of all trials (construction apart), spikes, the neurons ever active,
// neuron updates per step with activity-driven stepping, and one dense trial for comparison.

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/random_stream.hpp"
#include "engine/simulation.hpp"
#include "network/flywire_surrogate.hpp"
#include "provenance.hpp"

namespace {

using namespace brainemu;
using clock_type = std::chrono::steady_clock;

struct counting_sink final : spike_sink {
    std::uint64_t spikes = 0;
    std::set<neuron_id>* active;
    void write(std::span<const spike_record> s) override {
        spikes += s.size();
        for (const auto& r : s) {
            active->insert(r.neuron);
        }
    }
};

// FlyWire root ids, one per row after the header, in the first column (int64, never float).
std::vector<std::int64_t> read_neuron_list(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error(path + ": cannot open (FlyWire neuron list)");
    }
    std::string line;
    std::getline(in, line);
    std::vector<std::int64_t> ids;
    std::int64_t row = 1;
    while (std::getline(in, line)) {
        ++row;
        std::int64_t id = 0;
        const auto comma = line.find(',');
        const auto [end, ec] = std::from_chars(line.data(), line.data() + comma, id);
        if (ec != std::errc() || end != line.data() + comma) {
            throw std::runtime_error(
                fmt::format("{}:{}: '{}' is not a root id", path, row, line.substr(0, comma)));
        }
        ids.push_back(id);
    }
    return ids;
}

struct trial_result {
    double wall_s;
    std::uint64_t spikes, updates;
};

trial_result run_trial(const std::shared_ptr<const network>& net, std::uint32_t trial,
                       const std::vector<neuron_id>& driven, bool skip) {
    const std::vector<model_assignment> models{{{0, net->size}, fly_lif::params{}, {}}};
    stimulus drive;
    drive.targets = driven;
    drive.what = poisson_stimulus{200.0, 250 * 0.275, receptor_kind::voltage};
    drive.refractory_ms = 0.0;  // Shiu et al.: stimulated neurons fire at the Poisson rate
    local_communicator comm;
    simulation_config cfg;
    cfg.seed = 1000 + trial;
    cfg.skip_resting = skip;
    simulation sim(net, models, {drive}, cfg, comm);
    std::set<neuron_id> active;
    counting_sink sink;
    sink.active = &active;
    const auto t0 = clock_type::now();
    sim.run(10000, &sink, nullptr);
    const double wall = std::chrono::duration<double>(clock_type::now() - t0).count();
    return {wall, sink.spikes, sim.stats().neuron_updates};
}

}  // namespace

int main(int argc, char** argv) {
    std::string data =
        std::getenv("BRAINEMU_DATA") ? std::getenv("BRAINEMU_DATA") : "../shared/data";
    std::string out = "bench/results/fly_shaped.json";
    unsigned trials = 30, dense_trials = 1;
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--data") {
            data = argv[i + 1];
        } else if (a == "--trials") {
            trials = static_cast<unsigned>(std::stoul(argv[i + 1]));
        } else if (a == "--dense-trials") {
            dense_trials = static_cast<unsigned>(std::stoul(argv[i + 1]));
        } else if (a == "--threads") {
            threads = static_cast<unsigned>(std::stoul(argv[i + 1]));
        } else if (a == "--out") {
            out = argv[i + 1];
        } else {
            std::cerr << "unknown option " << a << "\n";
            return 2;
        }
    }
    const std::string list = data + "/flywire_shiu2024/Completeness_783.csv";
    std::vector<std::int64_t> ids;
    try {
        ids = read_neuron_list(list);
    } catch (const std::exception& e) {
        std::cerr << "SKIP: " << e.what() << "\n";
        return 77;
    }
    flywire_surrogate_params fp;
    fp.neurons = static_cast<std::uint32_t>(ids.size());
    const auto t0 = clock_type::now();
    auto net = std::make_shared<const network>(
        build_flywire_surrogate(fp, 7, 0.1, split_blocks(fp.neurons, threads)));
    const double build_s = std::chrono::duration<double>(clock_type::now() - t0).count();
    std::uint64_t synapse_count = 0;
    for (const auto& b : net->synapses.blocks) {
        for (std::uint64_t k = 0; k < b.size(); ++k) {
            synapse_count += static_cast<std::uint64_t>(std::abs(b.weight(k)) / 0.275f + 0.5f);
        }
    }
    // 21 driven neurons, chosen at random (the sugar GRNs' ids are v630 and the wiring is random).
    std::vector<neuron_id> driven;
    random_stream pick(3, 9, 0, 0);
    while (driven.size() < 21) {
        const std::uint32_t n = pick.below(fp.neurons);
        if (std::find(driven.begin(), driven.end(), n) == driven.end()) {
            driven.push_back(n);
        }
    }
    std::sort(driven.begin(), driven.end());

    std::set<neuron_id> ever_active;
    nlohmann::json per_trial = nlohmann::json::array();
    double total = 0.0;
    std::uint64_t spikes = 0, updates = 0;
    for (unsigned t = 0; t < trials; ++t) {
        const trial_result r = run_trial(net, t, driven, true);
        total += r.wall_s;
        spikes += r.spikes;
        updates += r.updates;
        per_trial.push_back({{"trial", t}, {"wall_s", r.wall_s}, {"spikes", r.spikes}});
    }
    // Which neurons ever spiked, from one more pass (the sink keeps them per trial above).
    for (unsigned t = 0; t < std::min(trials, 3u); ++t) {
        const std::vector<model_assignment> models{{{0, net->size}, fly_lif::params{}, {}}};
        stimulus drive;
        drive.targets = driven;
        drive.what = poisson_stimulus{200.0, 250 * 0.275, receptor_kind::voltage};
        drive.refractory_ms = 0.0;
        local_communicator comm;
        simulation_config cfg;
        cfg.seed = 1000 + t;
        cfg.skip_resting = true;
        simulation sim(net, models, {drive}, cfg, comm);
        counting_sink sink;
        sink.active = &ever_active;
        sim.run(10000, &sink, nullptr);
    }
    double dense_total = 0.0;
    std::uint64_t dense_spikes = 0;
    for (unsigned t = 0; t < dense_trials; ++t) {
        const trial_result r = run_trial(net, t, driven, false);
        dense_total += r.wall_s;
        dense_spikes += r.spikes;
    }
    std::uint64_t sparse_spikes_same = 0;
    for (unsigned t = 0; t < dense_trials && t < trials; ++t) {
        sparse_spikes_same += per_trial[t]["spikes"].get<std::uint64_t>();
    }
    const double bytes = static_cast<double>(net->synapses.bytes());
    const std::string commit = brainemu::bench::git_commit();
    nlohmann::json j{
        {"question",
         "FlyWire-sized brain, fly LIF, 21 neurons at 200 Hz, trials of 1 s sharing one network"},
        {"commit", commit},
        {"machine", {{"cpus", std::thread::hardware_concurrency()}}},
        {"neurons", net->size},
        {"neuron_list", list},
        {"pairs", net->synapses.count()},
        {"synapses", synapse_count},
        {"threads", threads},
        {"build_s", build_s},
        {"bytes_per_pair", bytes / static_cast<double>(net->synapses.count())},
        {"trials", trials},
        {"wall_s_all_trials", total},
        {"wall_s_per_trial", trials ? total / trials : 0.0},
        {"spikes", spikes},
        {"neurons_ever_active_first_trials", ever_active.size()},
        {"neuron_updates_per_step",
         trials ? static_cast<double>(updates) / (trials * 10000.0) : 0.0},
        {"dense_trials", dense_trials},
        {"dense_wall_s_per_trial", dense_trials ? dense_total / dense_trials : 0.0},
        {"dense_spikes_equal", dense_spikes == sparse_spikes_same},
        {"per_trial", per_trial}};
    std::ofstream(out) << j.dump(2) << "\n";
    std::cout << fmt::format(
        "{} neurons, {} pairs, {} synapses (built in {:.1f} s, {:.2f} B per pair)\n"
        "{} trials x 1 s: {:.2f} s wall ({:.3f} s per trial), {} spikes, {} neurons ever active "
        "(first trials), {:.0f} neuron updates per step (of {})\n"
        "stepping every neuron: {:.2f} s per trial (spikes identical: {})\nwrote {}\n",
        net->size, net->synapses.count(), synapse_count, build_s,
        bytes / static_cast<double>(net->synapses.count()), trials, total,
        trials ? total / trials : 0.0, spikes, ever_active.size(),
        trials ? static_cast<double>(updates) / (trials * 10000.0) : 0.0, net->size,
        dense_trials ? dense_total / dense_trials : 0.0, dense_spikes == sparse_spikes_same, out);
    return 0;
}
