#include "experiment/runner.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "core/atomic_file.hpp"
#include "experiment/sonata_experiment.hpp"
#include "io/spike_writer.hpp"
#include "io/voltage_writer.hpp"
#include "models/weight_mapping.hpp"
#include "profile/partition_books.hpp"
#include "profile/record/run_profile_json.hpp"
#include "profile/trials.hpp"

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

std::vector<std::string> summary_lines(const simulation& sim, const run_profile_record& profile,
                                       const std::vector<population_rate>& rates,
                                       const experiment& e) {
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
        fmt::format("memory: {:.2f} bytes per synapse, {} resident (synapses {})",
                    profile.bytes_per_synapse.value_or(0.0),
                    human_bytes(static_cast<double>(sim.memory().total())),
                    human_bytes(static_cast<double>(sim.memory().synapses))),
    };
}

// An MPI run's books: every rank's own figures, measured, and its row of the traffic matrix,
// counted where the spikes were sent; rank 0 assembles them and the totals.
void add_rank_books(run_profile_record& profile, const simulation& sim, communicator& comm,
                    const chosen_partition& partition) {
    const resident_bytes m = sim.memory();
    const run_stats& s = sim.stats();
    std::uint64_t neurons = 0;
    for (std::size_t p = 0; p < sim.net().synapses.partitions.size(); ++p) {
        if (sim.net().layout.holds(p)) {
            neurons += sim.net().synapses.partitions[p].size();
        }
    }
    const auto sent = comm.spikes_sent_to();
    const auto bytes = comm.bytes_sent_to();
    std::uint64_t sent_total = 0, bytes_total = 0;
    for (std::size_t q = 0; q < sent.size(); ++q) {
        sent_total += sent[q];
        bytes_total += bytes[q];
    }
    partition_record mine;
    mine.neurons = neurons;
    mine.synapses = sim.net().synapses.count();
    mine.neuron_updates = s.neuron_updates;
    mine.synaptic_events = s.synaptic_events;
    mine.spikes = s.spikes;
    mine.spikes_sent = sent_total;
    mine.bytes_sent = bytes_total;
    partition_bytes_record& held = mine.bytes_resident.emplace();
    held.state = static_cast<double>(m.state);
    held.synapses = static_cast<double>(m.synapses);
    held.ring_buffers = static_cast<double>(m.ring_buffers);
    held.stimuli = static_cast<double>(m.stimuli);
    held.recorders = static_cast<double>(m.recorders);
    held.total = static_cast<double>(m.total());
    mine.time_s = phase_seconds{s.time.update_s, s.time.delivery_s, s.time.communication_s,
                                s.time.recording_s, s.time.waiting_s};
    // Each rank's books travel with its rows of the traffic matrices.
    const nlohmann::json wire = {{"part", mine}, {"sent_to", sent}, {"bytes_to", bytes}};
    const std::vector<std::string> all = comm.allgather(wire.dump());
    auto& parts = profile.partitions.emplace();
    traffic_record& traffic = profile.traffic.emplace();
    auto& spikes_m = traffic.spikes.emplace();
    auto& bytes_m = traffic.bytes.emplace();
    std::uint64_t synapses = 0, events = 0, updates = 0, spikes = 0, syn_bytes = 0;
    for (const std::string& text : all) {
        const nlohmann::json r = nlohmann::json::parse(text);
        const partition_record& part = parts.emplace_back(r.at("part").get<partition_record>());
        spikes_m.push_back(r.at("sent_to").get<std::vector<std::uint64_t>>());
        bytes_m.push_back(r.at("bytes_to").get<std::vector<std::uint64_t>>());
        synapses += part.synapses.value_or(0);
        events += part.synaptic_events.value_or(0);
        updates += part.neuron_updates.value_or(0);
        spikes += part.spikes.value_or(0);
        syn_bytes += static_cast<std::uint64_t>(part.bytes_resident->synapses.value_or(0.0));
    }
    for (std::size_t q = 0; q < parts.size(); ++q) {
        std::uint64_t received = 0, received_bytes = 0;
        for (std::size_t p = 0; p < parts.size(); ++p) {
            received += spikes_m[p][q];
            received_bytes += bytes_m[p][q];
        }
        parts[q].spikes_received = received;
        parts[q].bytes_received = received_bytes;
    }
    profile.partitioning = partitioning_record{partition.method, partition.result.parts,
                                               partition.seconds, false, "at the MPI call sites"};
    // The top-level figures are the whole run's.
    profile.ranks = static_cast<std::uint64_t>(comm.size());
    profile.synapses = synapses;
    profile.synaptic_events = events;
    profile.neuron_updates = updates;
    profile.spikes = spikes;
    profile.events_per_s =
        profile.wall_s > 0.0 ? static_cast<double>(events) / profile.wall_s : 0.0;
    profile.bytes_per_synapse =
        synapses > 0 ? static_cast<double>(syn_bytes) / static_cast<double>(synapses) : 0.0;
}

}  // namespace

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

void prepare_output_directory(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        throw resource_error(
            fmt::format("{}: cannot create output directory: {}", dir.string(), ec.message()));
    }
    // Outputs of an earlier run there are removed, so none is mistaken for this run's.
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
}

run_summary run_experiment(experiment& e, const runner_options& opt) {
    if (opt.backend == engine_backend::cuda) {
        return run_experiment_gpu(e, opt);
    }
    auto log = [&](const std::string& line) {
        if (opt.log && (opt.comm == nullptr || opt.comm->rank() == 0)) {
            opt.log(line);
        }
    };
    run_summary out;
    out.out = opt.out;
    const unsigned threads = resolve_threads(e, opt);
    out.threads = threads;

    local_communicator local;
    communicator& comm = opt.comm != nullptr ? *opt.comm : local;
    const int ranks = comm.size();
    const bool writer = comm.rank() == 0;  // rank 0 writes every file
    layout_request req;
    req.threads = threads;
    if (opt.partition && (ranks > 1 || opt.lay_out_by_parts)) {
        req.part_of = opt.partition->result.part_of;
        req.parts = opt.partition->result.parts;
        req.rank = ranks > 1 ? comm.rank() : -1;
    }
    const auto t0 = std::chrono::steady_clock::now();
    built_experiment built = build_experiment(e, req);
    const auto net = std::make_shared<const network>(std::move(built.net));
    simulation_config cfg;
    cfg.dt_ms = e.dt_ms;
    cfg.seed = e.seed;
    cfg.record_voltages = built.record_voltages;
    cfg.voltage_every_steps = built.voltage_every_steps;
    out.build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    out.neurons = net->size;
    out.synapses = net->synapses.count();

    // Everything is valid and built: only now touch the output directory.
    const std::filesystem::path& dir = opt.out;
    if (writer) {
        prepare_output_directory(dir);
    }
    if (writer) {
        write_resolved_config(e, dir);
        out.files.push_back("config.toml");
    }
    log(fmt::format("brainemu: {}, {} neurons, {} synapses, {} threads (built in {:.1f} s){}",
                    e.network_name, net->size, net->synapses.count(), threads, out.build_s,
                    e.trials > 1 ? fmt::format(", {} trials", e.trials) : ""));
    for (const std::string& note : built.notes) {
        log("note: " + note);
    }

    // Neurons per model (each rank counted the groups it holds): what the run's costs mix.
    std::vector<std::uint32_t> per_model(std::variant_size_v<model_params>, 0);
    for (const model_assignment& a : built.models) {
        per_model[a.params.index()] += a.range.size();
    }
    comm.sum_all(per_model);
    std::map<std::string, std::uint64_t> model_neurons;
    for (const model_assignment& a : built.models) {
        model_neurons[std::string(model_name(a.params))] = per_model[a.params.index()];
    }

    if (model_neurons.size() > 1) {
        std::string list;
        for (const auto& [name, n] : model_neurons) {
            list += fmt::format("{}{} {}", list.empty() ? "" : ", ", name, n);
        }
        log("models: " + list + " neurons");
    }
    std::vector<std::vector<std::uint32_t>> counts;
    out.trials = e.trials;
    for (std::uint32_t t = 0; t < e.trials; ++t) {
        // One trial: its outputs in DIR (a single trial) or DIR/trial-NNN.
        const std::string sub = e.trials == 1 ? "" : fmt::format("trial-{:03}/", t);
        const std::filesystem::path tdir = dir / sub;
        std::error_code ec;
        if (writer) {
            std::filesystem::create_directories(tdir, ec);
        }
        if (ec) {
            throw resource_error(
                fmt::format("{}: cannot create directory: {}", tdir.string(), ec.message()));
        }
        simulation_config tcfg = cfg;
        tcfg.seed = trial_seed(e.seed, t);
        simulation sim(net, built.models, built.stimuli, tcfg, comm);
        std::optional<spike_writer> spikes;
        if (e.record.spikes && writer) {
            spikes.emplace(tdir, e.dt_ms, e.record.csv);
        }
        std::optional<voltage_writer> voltages;
        if (!cfg.record_voltages.empty() && writer) {
            voltages.emplace(tdir, e.dt_ms, built.voltage_ids, e.record.csv);
        }
        if (e.warmup_steps() > 0) {
            // The warm-up settles the network; nothing of it is written or counted.
            sim.run(e.warmup_steps(), nullptr, nullptr, opt.progress);
            sim.reset_counters();
            comm.reset_counts();
        }
        // SONATA runs keep their spikes to write them in SONATA's layout too.
        keeping_sink kept(spikes ? &*spikes : nullptr);
        spike_sink* sink = opt.sonata ? &kept
                           : spikes   ? static_cast<spike_sink*>(&*spikes)
                                      : nullptr;
        sim.run(e.steps(), sink, voltages ? &*voltages : nullptr, opt.progress);
        std::vector<std::string> files;
        if (spikes) {
            spikes->commit();
            files.push_back("spikes.bin");
            if (e.record.csv) {
                files.push_back("spikes.csv");
            }
        }
        if (voltages) {
            voltages->commit();
            files.push_back("voltages.bin");
            if (e.record.csv) {
                files.push_back("voltages.csv");
            }
        }
        if (opt.sonata) {
            write_sonata_spikes(tdir / "spikes.h5",
                                sonata_output_spikes(*opt.sonata, kept.spikes, e.dt_ms),
                                opt.sonata->spikes_sorting);
            files.push_back("spikes.h5");
        }
        // Spike counts of the whole network (each rank counted its own neurons).
        std::vector<std::uint32_t> all_counts(sim.spike_counts().begin(), sim.spike_counts().end());
        comm.sum_all(all_counts);
        const auto rates = population_rates(sim, all_counts);
        run_profile_record profile =
            make_profile(sim, {e.network_name, out.build_s, tcfg.seed, e.warmup_ms, all_counts});
        profile.models = model_neurons;
        if (ranks > 1) {
            add_rank_books(profile, sim, comm, *opt.partition);
        } else if (opt.partition) {
            add_partition_books(profile, sim, opt.partition->result.part_of,
                                opt.partition->result.parts);
            profile.partitioning = partitioning_record{
                opt.partition->method, opt.partition->result.parts, opt.partition->seconds,
                !opt.lay_out_by_parts, "from spikes per neuron and synapses"};
        }
        if (writer) {
            write_file_atomic(tdir / "rates.csv", rates_csv(rates));
            write_profile_file(tdir / "profile.json", profile);
            files.push_back("rates.csv");
            files.push_back("profile.json");
            for (const auto& f : files) {
                out.files.push_back(sub + f);
            }
        }
        counts.push_back(std::move(all_counts));
        out.trials_wall_s += profile.wall_s;
        if (t == 0) {
            out.profile = profile;
            out.rates = rates;
            for (const auto& line : summary_lines(sim, profile, rates, e)) {
                log(line);
            }
        }
    }
    if (e.trials > 1 && writer) {
        out.profile.trials = e.trials;
        out.profile.trials_wall_s = out.trials_wall_s;
        write_profile_file(dir / "profile.json", out.profile);
        const trial_counts tc = collect_trials(counts, built.summary_neurons, e.duration_ms * 1e-3);
        write_file_atomic(dir / "trials.csv", trials_csv(tc, *net));
        out.files.push_back("profile.json");
        out.files.push_back("trials.csv");
        log(fmt::format(
            "{} trials in {:.2f} s ({:.2f} s each); per-neuron rates across trials "
            "in trials.csv ({} neurons)",
            e.trials, out.trials_wall_s, out.trials_wall_s / e.trials, tc.neurons.size()));
        log(
            fmt::format("outputs in {}: config.toml profile.json trials.csv trial-000 .. "
                        "trial-{:03}",
                        dir.string(), e.trials - 1));
    } else if (writer) {
        log(outputs_line(dir, out.files));
    }
    return out;
}

}  // namespace brainemu
