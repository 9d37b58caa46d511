#include "run/run_experiment.hpp"

#include <chrono>
#include <cstdlib>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "core/assert.hpp"
#include "core/atomic_file.hpp"
#include "core/input_error.hpp"
#include "core/process_memory.hpp"
#include "core/stop_signal.hpp"
#include "experiment/sonata_experiment.hpp"
#include "io/spike_writer.hpp"
#include "io/voltage_writer.hpp"
#include "models/weight_mapping.hpp"
#include "profile/partition_books.hpp"
#include "profile/record/run_profile_json.hpp"
#include "profile/trials.hpp"
#include "run/engines.hpp"
#include "run/rank_books.hpp"
#include "run/run_outputs.hpp"

namespace brainemu {
namespace {

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

// One trial's files while it runs (rank 0 only): spikes, voltages, and a copy of the spikes
// for SONATA's spikes.h5.
struct trial_files {
    std::string sub;  // "" (a single trial) or "trial-NNN/"
    std::optional<spike_writer> spikes;
    std::optional<state_writer> voltages;  // voltages.bin and any other recorded variable
    std::optional<keeping_sink> kept;

    [[nodiscard]] trial_outputs outputs() {
        spike_sink* s = kept ? &*kept : spikes ? static_cast<spike_sink*>(&*spikes) : nullptr;
        return {s, voltages ? &*voltages : nullptr};
    }
};

// Neurons per model (each rank counted the groups it holds): what the run's costs mix.
std::map<std::string, std::uint64_t> neurons_per_model(const built_experiment& built,
                                                       communicator& comm) {
    std::vector<std::uint32_t> per_model(std::variant_size_v<model_params>, 0);
    for (const model_assignment& a : built.models) {
        per_model[a.params.index()] += static_cast<std::uint32_t>(a.range.size());
    }
    comm.sum_all(per_model);
    std::map<std::string, std::uint64_t> out;
    for (const model_assignment& a : built.models) {
        out[std::string(model_name(a.params))] = per_model[a.params.index()];
    }
    return out;
}

// The synapses between populations of the whole network: each rank counts its own blocks and
// the counts are summed (in 16-bit halves: the communicator sums 32-bit counts). A dry run
// holds one rank's part of a network it does not build: none.
std::optional<connectivity_record> connectivity_over_ranks(const network& net, communicator& comm) {
    std::optional<connectivity_record> c = population_connectivity(net);
    if (!c || comm.size() == 1) {
        return c;
    }
    std::vector<std::uint32_t> low, high;
    for (const auto& row : c->synapses) {
        for (std::uint64_t x : row) {
            low.push_back(static_cast<std::uint32_t>(x & 0xffffu));
            high.push_back(static_cast<std::uint32_t>(x >> 16));
        }
    }
    comm.sum_all(low);
    comm.sum_all(high);
    std::size_t k = 0;
    for (auto& row : c->synapses) {
        for (std::uint64_t& x : row) {
            x = (std::uint64_t{high[k]} << 16) + low[k];
            ++k;
        }
    }
    return c;
}

}  // namespace

namespace {

// What a dry run cannot stand in for, refused before anything is built.
void check_dry_run(const experiment& e, const dry_run_request& d, engine_backend backend) {
    const input_location at{"", 0, "--dry-run-rank"};
    if (d.ranks == 0 || d.rank >= d.ranks) {
        throw input_error(
            at, fmt::format("rank {} of {} ranks: ranks count from 0 to K - 1", d.rank, d.ranks));
    }
    if (d.ranks > e.neurons()) {
        throw input_error({"", 0, "--dry-run-ranks"},
                          fmt::format("{} ranks for {} neurons: at most one rank per neuron",
                                      d.ranks, e.neurons()));
    }
    if (backend != engine_backend::cpu) {
        throw input_error(at, "a dry run runs on the CPU engine (--backend cpu)");
    }
    if (e.trials != 1) {
        throw input_error({e.path.string(), 0, "simulation.trials"}, "a dry run runs one trial");
    }
    if (e.record.voltages) {
        throw input_error({e.path.string(), 0, "record.voltages"},
                          "a dry run records spikes only (as MPI runs do)");
    }
}

// A count each rank holds part of, summed over the ranks (collective: every rank calls it).
double sum_over_ranks(communicator& comm, double mine) {
    if (comm.size() == 1) {
        return mine;
    }
    double sum = 0.0;
    for (const std::string& text : comm.allgather(fmt::format("{:.17g}", mine))) {
        sum += std::stod(text);
    }
    return sum;
}

// Where run_in_chunks pauses (checkpoints): `next(done)` is the first step after `done`, counted
// from the start of the call, at which it calls `at` (UINT64_MAX: none); chunks end there.
struct pause_points {
    std::function<std::uint64_t(std::uint64_t done)> next;
    std::function<void(std::uint64_t done)> at;
};

// Runs `steps` steps in chunks of whole communication intervals, so that a stop request
// (SIGINT, SIGTERM: core/stop_signal.hpp) ends the run at a chunk boundary with every output
// complete up to there. Chunks start at about 100 steps and double while one takes under
// 50 ms, so that polling costs nothing measurable; every rank reduces the stop flag and its
// chunk's wall time in one max_all, so all stop at the same step and size chunks alike.
// A run's spikes do not depend on how its steps are split into calls, at interval boundaries
// or not: every call delivers the spikes of its last steps before it returns, and no delay is
// shorter than an interval (the warm-up and checkpoints are such splits). Returns the signal
// that stopped the run, or 0.
int run_in_chunks(engine& eng, std::uint64_t steps, std::span<const trial_outputs> outputs,
                  const progress_fn& progress, communicator& comm,
                  const pause_points& pauses = {}) {
    constexpr double stop_mark = 1e12;  // above any chunk's wall time in seconds
    const std::uint64_t interval = std::max<std::uint32_t>(1, eng.facts().interval_steps);
    std::uint64_t chunk = interval * ((100 + interval - 1) / interval);
    std::uint64_t done = 0;
    std::uint64_t n = 0;
    double wall_before = 0.0;
    // The progress line shows the whole run: the engine reports its step and the end of the
    // chunk, so the run's end is that end less the chunk plus what remains after it started.
    const progress_fn whole = progress ? progress_fn([&](const progress_info& p) {
        progress({p.step, p.total_steps - n + (steps - done), p.spikes, wall_before + p.wall_s});
    })
                                       : progress_fn();
    std::uint64_t pause = pauses.next ? pauses.next(0) : UINT64_MAX;
    while (done < steps) {
        n = std::min({chunk, steps - done, pause - done});
        const auto t0 = std::chrono::steady_clock::now();
        eng.run(n, outputs, whole);
        const double wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        wall_before += wall;
        done += n;
        if (done == pause) {
            pauses.at(done);
            pause = pauses.next(done);
        }
        const int local = stop_signal();
        const double agreed = comm.max_all(local != 0 ? stop_mark + local : wall);
        if (agreed >= stop_mark) {
            return done < steps ? static_cast<int>(agreed - stop_mark) : 0;
        }
        if (agreed < 0.05) {
            chunk *= 2;
        }
    }
    return 0;
}

// Refuses, before building, a built-in network that cannot fit in this machine's memory, where
// the network knows its size unbuilt (fixed in-degrees: brunel, cortex_sheet; fixed totals per
// pair: microcircuit). The estimate is a floor, from brainemu's smallest measured figures
// (3.0 B per synapse, Brunel; ~100 B per neuron of state and ring buffers), so a refusal is
// certain, not a guess: the kernel would otherwise kill the build part way. Each of `parts`
// ranks (or the dry run's one) holds its share; ranks on one node share its memory.
void check_memory_fits(const experiment& e, std::uint64_t parts, bool dry) {
    constexpr double bytes_per_synapse_floor = 3.0;
    constexpr double bytes_per_neuron_floor = 100.0;
    std::optional<double> need;
    if (const auto synapses = known_synapse_count(e.network)) {
        need = static_cast<double>(*synapses) * bytes_per_synapse_floor +
               static_cast<double>(e.neurons()) * bytes_per_neuron_floor;
    }
    const std::optional<std::uint64_t> available = available_memory();
    if (!need || !available) {
        return;
    }
    const char* local = std::getenv("OMPI_COMM_WORLD_LOCAL_SIZE");
    const double on_this_node = dry ? 1.0 : std::max(1.0, local ? std::atof(local) : 1.0);
    const double here =
        *need / static_cast<double>(std::max<std::uint64_t>(parts, 1)) * on_this_node;
    if (here > static_cast<double>(*available)) {
        throw resource_error(fmt::format(
            "{}: the {} network needs at least {:.3g} GB here ({:.3g} GB over {} part{}, "
            "from brainemu's smallest measured 3 B per synapse and 100 B per neuron) and "
            "{:.3g} GB are available: refused before building (fewer neurons, or more ranks "
            "or machines; a dry run measures one rank: docs/scaling.md)",
            e.path.string(), e.network_name, here * 1e-9, *need * 1e-9, parts,
            parts == 1 ? "" : "s", static_cast<double>(*available) * 1e-9));
    }
}

// Runs `f` on every rank; an input_error on any rank becomes the same agreed_input_error on
// every rank, so that none goes on into a collective call the others never reach.
template <class F>
void on_every_rank(communicator& comm, F&& f) {
    if (comm.size() == 1) {
        f();
        return;
    }
    std::string problem;
    try {
        f();
    } catch (const input_error& err) {
        problem = err.what();
    }
    const auto problems = comm.allgather(problem);
    for (std::size_t r = 0; r < problems.size(); ++r) {
        if (!problems[r].empty()) {
            throw agreed_input_error(
                {}, fmt::format("rank {} of {}: {}", r, problems.size(), problems[r]));
        }
    }
}

// What checkpoints and resuming need, refused before anything is built.
void check_checkpoint_request(const experiment& e, const runner_options& opt) {
    const bool writes = !opt.checkpoint_at_ms.empty() || opt.checkpoint_every_ms > 0.0;
    if (!writes && opt.resume == nullptr) {
        return;
    }
    const input_location at{"", 0,
                            opt.resume != nullptr           ? "--resume"
                            : !opt.checkpoint_at_ms.empty() ? "--checkpoint-at"
                                                            : "--checkpoint-every"};
    if (opt.backend != engine_backend::cpu) {
        throw input_error(at,
                          "checkpoints are written and resumed by the CPU engine "
                          "(--backend cpu)");
    }
    if (opt.dry_run) {
        throw input_error(at, "a dry run stands in for one rank: it has no state to checkpoint");
    }
    if (opt.sonata != nullptr) {
        throw input_error(at,
                          "checkpoints take TOML experiments (a SONATA run's config.toml "
                          "does not name its circuit's files)");
    }
    if (e.trials != 1) {
        throw input_error({e.path.string(), 0, "simulation.trials"},
                          fmt::format("checkpoints take one-trial experiments, this one has {} "
                                      "(run each trial as its own run with its seed)",
                                      e.trials));
    }
    for (double t : opt.checkpoint_at_ms) {
        if (!(t > 0.0) || t >= e.duration_ms) {
            throw input_error(
                {"", 0, "--checkpoint-at"},
                fmt::format("{} ms is not inside the run (0, {} ms)", t, e.duration_ms));
        }
    }
    if (opt.checkpoint_every_ms > 0.0 && opt.checkpoint_every_ms < e.dt_ms) {
        throw input_error(
            {"", 0, "--checkpoint-every"},
            fmt::format("{} ms is shorter than a step ({} ms)", opt.checkpoint_every_ms, e.dt_ms));
    }
}

// When checkpoints are written, in recorded steps (counted from the end of the warm-up): at
// each --checkpoint-at time, and every --checkpoint-every (worked out as the run goes, so a
// short period on a long run costs nothing up front).
struct checkpoint_schedule {
    std::vector<std::uint64_t> at;  // ascending
    std::uint64_t every = 0;        // 0: none

    checkpoint_schedule(const runner_options& opt, double dt_ms) {
        for (double t : opt.checkpoint_at_ms) {
            at.push_back(static_cast<std::uint64_t>(std::llround(t / dt_ms)));
        }
        std::sort(at.begin(), at.end());
        if (opt.checkpoint_every_ms > 0.0) {
            every = std::max<std::uint64_t>(
                1, static_cast<std::uint64_t>(std::llround(opt.checkpoint_every_ms / dt_ms)));
        }
    }
    // The first checkpoint step after `step` (UINT64_MAX: none).
    [[nodiscard]] std::uint64_t after(std::uint64_t step) const {
        const auto it = std::upper_bound(at.begin(), at.end(), step);
        const std::uint64_t a = it == at.end() ? UINT64_MAX : *it;
        const std::uint64_t p = every > 0 ? (step / every + 1) * every : UINT64_MAX;
        return std::min(a, p);
    }
    // Only --checkpoint-every asked for it: the previous such one is removed once it is written.
    [[nodiscard]] bool periodic_only(std::uint64_t step) const {
        return !std::binary_search(at.begin(), at.end(), step);
    }
};

}  // namespace

run_summary run_experiment(experiment& e, const runner_options& opt) {
    auto log = [&](const std::string& line) {
        if (opt.log && (opt.comm == nullptr || opt.comm->rank() == 0)) {
            opt.log(line);
        }
    };
    run_summary out;
    out.out = opt.out;
    const unsigned threads = resolve_threads(e, opt);
    out.threads = threads;
    const std::string runs_on = check_backend(opt, threads);
    if (opt.comm != nullptr) {
        on_every_rank(*opt.comm, [&] { check_checkpoint_request(e, opt); });
    } else {
        check_checkpoint_request(e, opt);
    }

    local_communicator local;
    std::optional<dry_run_communicator> dry;
    if (opt.dry_run) {
        BE_ASSERT(opt.comm == nullptr && !opt.partition, "a dry run is one process, unpartitioned");
        check_dry_run(e, *opt.dry_run, opt.backend);
        dry.emplace(*opt.dry_run, e.dt_ms);
    }
    communicator& comm = dry ? *dry : opt.comm != nullptr ? *opt.comm : local;
    const int ranks = comm.size();
    const bool writer = dry || comm.rank() == 0;  // rank 0 writes every file
    layout_request req;
    req.threads = threads;
    if (dry) {
        req.parts = opt.dry_run->ranks;
        req.rank = static_cast<int>(opt.dry_run->rank);
    } else if (opt.partition && (ranks > 1 || opt.lay_out_by_parts)) {
        req.part_of = opt.partition->result.part_of;
        req.parts = opt.partition->result.parts;
        req.rank = ranks > 1 ? comm.rank() : -1;
    }
    check_memory_fits(e, dry ? opt.dry_run->ranks : static_cast<std::uint64_t>(ranks),
                      dry.has_value());
    std::map<std::string, std::uint64_t> rss, peak_rss;
    if (const auto m = read_process_memory()) {
        rss["before_build"] = m->resident;
    }
    if (opt.status && writer) {
        std::string synapses;
        if (const auto count = known_synapse_count(e.network)) {
            synapses = fmt::format(", {:.3g} synapses", static_cast<double>(*count));
        }
        opt.status(
            fmt::format("building {}: {} neurons{} ...", e.network_name, e.neurons(), synapses));
    }
    const auto t0 = std::chrono::steady_clock::now();
    built_experiment built = build_experiment(e, req);
    const auto net = std::make_shared<const network>(std::move(built.net));
    if (dry && net->layout.permuted()) {
        throw input_error({e.path.string(), 0, "model"},
                          "a dry run lays ranks out as contiguous ranges of neurons; models "
                          "chosen for scattered neurons need every neuron's rank in a table");
    }
    simulation_config cfg;
    cfg.dt_ms = e.dt_ms;
    cfg.seed = e.seed;
    cfg.record_voltages = built.record_voltages;
    cfg.record_variables = built.record_variables;
    cfg.voltage_every_steps = built.voltage_every_steps;
    out.build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    out.neurons = net->size;

    // The engines, one batch of trials each; the first is made before the output directory
    // is touched, so that what the backend refuses leaves nothing behind.
    const std::uint32_t per_engine = trials_per_engine(opt.backend, e.trials);
    auto engine_for = [&](std::uint32_t first) {
        std::vector<std::uint64_t> seeds;
        for (std::uint32_t t = first; t < std::min(e.trials, first + per_engine); ++t) {
            seeds.push_back(trial_seed(e.seed, t));
        }
        return make_engine(opt.backend, net, built, cfg, seeds, comm);
    };
    std::unique_ptr<engine> eng = engine_for(0);
    release_free_memory();
    if (const auto m = read_process_memory()) {
        rss["after_build"] = m->resident;
        peak_rss["build"] = m->peak;
    }
    // Every rank holds its own synapses: the job's are their sum (a dry run's rank holds its
    // own only and says so in runs_on).
    out.synapses = static_cast<std::uint64_t>(
        sum_over_ranks(comm, static_cast<double>(net->synapses.count())));
    // Steps recorded before this run starts: those of the checkpoint it continues.
    std::uint64_t recorded_before = 0;
    double restore_s = 0.0;
    if (opt.resume != nullptr) {
        const auto r0 = std::chrono::steady_clock::now();
        on_every_rank(comm, [&] {
            check_resumable(*opt.resume, e, net->size, out.synapses);
            eng->restore_state(opt.resume->state);
        });
        recorded_before = opt.resume->info.step - opt.resume->info.warmup_steps;
        opt.resume->state = engine_state{};
        release_free_memory();
        restore_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - r0).count();
    }

    // Everything is valid and built: only now touch the output directory.
    const std::filesystem::path& dir = opt.out;
    if (writer) {
        for (const auto& stale : prepare_output_directory(dir)) {
            log(fmt::format("removed {}: a temporary file that a killed run left", stale.string()));
        }
        write_resolved_config(e, dir);
        out.files.push_back("config.toml");
    }
    log(fmt::format("brainemu: {}, {} neurons, {:.0f} synapses, {}{} (built in {:.1f} s){}",
                    e.network_name, net->size, static_cast<double>(out.synapses), runs_on,
                    comm.size() > 1 ? fmt::format(" on each of {} ranks", comm.size()) : "",
                    out.build_s,
                    e.trials == 1     ? ""
                    : per_engine == 1 ? fmt::format(", {} trials", e.trials)
                                      : fmt::format(", {} trials batched", e.trials)));
    for (const std::string& note : built.notes) {
        log("note: " + note);
    }
    if (opt.resume != nullptr) {
        log(fmt::format(
            "resumed from {} at {} ms (written by {}; read in {:.3f} s, restored in "
            "{:.3f} s): the outputs hold {} ms to {} ms",
            opt.resume->dir.string(), opt.resume->info.time_ms, opt.resume->info.written_by,
            opt.resume->read_s, restore_s, opt.resume->info.time_ms, e.duration_ms));
    }
    const std::map<std::string, std::uint64_t> model_neurons = neurons_per_model(built, comm);
    const std::optional<connectivity_record> connectivity =
        dry ? std::nullopt : connectivity_over_ranks(*net, comm);
    if (model_neurons.size() > 1) {
        std::string list;
        for (const auto& [name, n] : model_neurons) {
            list += fmt::format("{}{} {}", list.empty() ? "" : ", ", name, n);
        }
        log("models: " + list + " neurons");
    }

    std::vector<std::vector<std::uint32_t>> counts;
    out.trials = e.trials;
    for (std::uint32_t first = 0; first < e.trials; first += per_engine) {
        if (!eng) {
            eng = engine_for(first);
        }
        const std::uint32_t batch = eng->trials();
        // Each trial's outputs in DIR (a single trial) or DIR/trial-NNN.
        std::vector<trial_files> files(batch);
        std::vector<trial_outputs> outputs;
        for (std::uint32_t k = 0; k < batch; ++k) {
            trial_files& f = files[k];
            f.sub = e.trials == 1 ? "" : fmt::format("trial-{:03}/", first + k);
            if (writer) {
                const std::filesystem::path tdir = dir / f.sub;
                std::error_code ec;
                std::filesystem::create_directories(tdir, ec);
                if (ec) {
                    throw resource_error(fmt::format("{}: cannot create directory: {}",
                                                     tdir.string(), ec.message()));
                }
                if (e.record.spikes) {
                    f.spikes.emplace(tdir, e.dt_ms, net->size, e.record.csv);
                }
                if (!cfg.record_voltages.empty()) {
                    f.voltages.emplace(tdir, e.dt_ms, built.voltage_ids, built.record_variables,
                                       e.record.csv, e.record.sonata);
                }
                if (opt.sonata != nullptr || e.record.sonata) {  // kept for spikes.h5 too
                    f.kept.emplace(f.spikes ? &*f.spikes : nullptr);
                }
            }
            outputs.push_back(f.outputs());
        }
        if (e.warmup_steps() > 0 && opt.resume == nullptr) {
            // The warm-up settles the network; nothing of it is written or counted.
            if (const int signal = run_in_chunks(*eng, e.warmup_steps(), {}, opt.progress, comm)) {
                log(fmt::format("stopped by {} during the warm-up: no outputs written",
                                signal_name(signal)));
                throw stopped_by_signal(signal);
            }
            eng->reset_counters();
            comm.reset_counts();
        }
        // Checkpoints at recorded steps; the run itself counts from recorded_before.
        const checkpoint_schedule schedule(opt, e.dt_ms);
        for (std::uint64_t step : schedule.at) {
            if (step <= recorded_before || step >= e.steps()) {
                log(fmt::format("note: no checkpoint at {} ms: {}",
                                static_cast<double>(step) * e.dt_ms,
                                step <= recorded_before ? "the run resumes after it"
                                                        : "it rounds to the run's end"));
            }
        }
        const std::string layout = fmt::format(
            "{} rank{} x {} thread{}{}", ranks, ranks == 1 ? "" : "s", threads,
            threads == 1 ? "" : "s",
            opt.partition ? fmt::format(", {} {} parts by {}", opt.partition->result.parts,
                                        opt.lay_out_by_parts || ranks > 1 ? "real" : "virtual",
                                        opt.partition->method)
                          : "");
        std::filesystem::path last_periodic;
        std::uint64_t last_checkpoint = UINT64_MAX;
        // A checkpoint that cannot be written (a full disk) does not end the run: every rank
        // learns whether rank 0 wrote it, the run says so and goes on.
        auto checkpoint = [&](std::uint64_t recorded, bool periodic) {
            const std::filesystem::path path =
                dir / checkpoint_name(static_cast<double>(recorded) * e.dt_ms, e.dt_ms);
            std::string failed;
            checkpoint_written w;
            try {
                w = write_checkpoint(*eng, comm, e, out.synapses, layout, path);
            } catch (const resource_error& err) {
                failed = err.what();
            }
            if (comm.max_all(failed.empty() ? 0.0 : 1.0) > 0.0) {
                log(fmt::format("checkpoint at {} ms not written: {}; the run goes on",
                                static_cast<double>(recorded) * e.dt_ms,
                                failed.empty() ? "rank 0 could not write it" : failed));
                return;
            }
            last_checkpoint = recorded;
            if (!writer) {
                return;
            }
            if (periodic && !last_periodic.empty() && last_periodic != path) {
                std::error_code ec;
                std::filesystem::remove_all(last_periodic, ec);  // only the latest is kept
            }
            if (periodic) {
                last_periodic = path;
            }
            out.checkpoints.push_back(w);
            log(fmt::format("checkpoint at {} ms: {} ({:.3g} MB in {:.3f} s)",
                            static_cast<double>(recorded) * e.dt_ms, path.string(),
                            static_cast<double>(w.bytes) * 1e-6, w.seconds));
        };
        const std::uint64_t to_run = e.steps() - recorded_before;
        pause_points pauses;
        pauses.next = [&](std::uint64_t done) {
            const std::uint64_t step = schedule.after(recorded_before + done);
            return step >= e.steps() ? UINT64_MAX : step - recorded_before;
        };
        pauses.at = [&](std::uint64_t done) {
            checkpoint(recorded_before + done, schedule.periodic_only(recorded_before + done));
        };
        if (const int signal = run_in_chunks(*eng, to_run, outputs, opt.progress, comm, pauses)) {
            out.stopped_by = signal;
            const std::uint64_t reached = recorded_before + eng->stats().steps;
            const bool asked = !opt.checkpoint_at_ms.empty() || opt.checkpoint_every_ms > 0.0;
            if (asked && reached != last_checkpoint) {
                checkpoint(reached, false);  // where it stopped: resume from here
            }
        }
        if (first == 0) {
            if (const auto m = read_process_memory()) {
                peak_rss["run"] = m->peak;
            }
        }

        // One profile per engine: per trial on the CPU, for the batch on the GPU.
        run_profile_record profile;
        for (std::uint32_t k = 0; k < batch; ++k) {
            const std::uint32_t t = first + k;
            trial_files& f = files[k];
            std::vector<std::string> written;
            if (f.spikes) {
                f.spikes->commit();
                written.push_back("spikes.bin");
                if (e.record.csv) {
                    written.push_back("spikes.csv");
                }
            }
            if (f.voltages) {
                for (std::string& name : f.voltages->commit(e.network_name)) {
                    written.push_back(std::move(name));
                }
            }
            if (f.kept && opt.sonata != nullptr) {
                write_sonata_spikes(dir / f.sub / "spikes.h5",
                                    sonata_output_spikes(*opt.sonata, f.kept->spikes, e.dt_ms),
                                    opt.sonata->spikes_sorting);
                written.push_back("spikes.h5");
            } else if (f.kept) {
                // Any other network is one SONATA node population, named after it, whose node
                // ids are the network's neuron indices.
                sonata_spikes all{e.network_name, {}, {}};
                all.timestamps_ms.reserve(f.kept->spikes.size());
                all.node_ids.reserve(f.kept->spikes.size());
                for (const spike_record& r : f.kept->spikes) {
                    all.timestamps_ms.push_back(static_cast<double>(r.step) * e.dt_ms);
                    all.node_ids.push_back(r.neuron);
                }
                write_sonata_spikes(dir / f.sub / "spikes.h5", {std::move(all)},
                                    sonata_sorting::by_time);
                written.push_back("spikes.h5");
            }
            // Spike counts of the whole network (each rank counted its own neurons); a dry run
            // keeps its rank's, from global id counts_from() on.
            const auto own = eng->spike_counts(k);
            std::vector<std::uint32_t> all_counts;
            if (dry) {
                all_counts.assign(own.begin(), own.end());
            } else {
                all_counts.assign(net->size, 0);
                std::copy(own.begin(), own.end(), all_counts.begin() + eng->counts_from());
                comm.sum_all(all_counts);
            }
            const double seconds = static_cast<double>(eng->stats().steps) * e.dt_ms * 1e-3;
            const auto rates = dry ? held_population_rates(*net, all_counts, seconds)
                                   : population_rates(*net, all_counts, seconds);
            if (k == 0) {
                profile = make_profile(
                    *eng, *net,
                    {e.network_name, out.build_s, trial_seed(e.seed, t), e.warmup_ms, all_counts});
                profile.models = model_neurons;
                profile.connectivity = connectivity;
                const std::uint64_t first_step = recorded_before + e.warmup_steps();
                if (first_step > 0) {
                    profile.first_step = first_step;
                }
                if (out.stopped_by != 0) {
                    profile.stopped_by = signal_name(out.stopped_by);
                }
                if (!rss.empty()) {
                    profile.rss_bytes = rss;
                }
                if (!peak_rss.empty()) {
                    profile.peak_rss_bytes = peak_rss;
                }
                if (dry) {
                    add_dry_run_books(profile, *eng, *net, *dry, all_counts,
                                      known_synapse_count(e.network));
                } else if (ranks > 1) {
                    add_rank_books(profile, *eng, *net, comm, *opt.partition);
                } else if (opt.partition) {
                    // Each part's synapse storage: its own partition's blocks, or with virtual
                    // parts, each part built alone as --parts would lay it out.
                    std::vector<std::uint64_t> held;
                    if (opt.lay_out_by_parts) {
                        const synapse_store& store = net->synapses;
                        for (std::size_t p = 0; p < store.partitions.size(); ++p) {
                            std::uint64_t bytes = 0;
                            for (std::size_t b = store.first_block[p]; b < store.first_block[p + 1];
                                 ++b) {
                                bytes += store.blocks[b].bytes();
                            }
                            held.push_back(bytes);
                        }
                    } else {
                        held = synapse_bytes_per_part(e, opt.partition->result.part_of,
                                                      opt.partition->result.parts);
                    }
                    add_partition_books(profile, *net, all_counts, eng->memory(),
                                        opt.partition->result.part_of, opt.partition->result.parts,
                                        held);
                    profile.partitioning = partitioning_record{
                        opt.partition->method, opt.partition->result.parts, opt.partition->seconds,
                        !opt.lay_out_by_parts, "from spikes per neuron and synapses"};
                }
            }
            if (writer) {
                write_file_atomic(dir / f.sub / "rates.csv", rates_csv(rates));
                written.push_back("rates.csv");
                if (const auto types = cell_type_rates(*net, all_counts, seconds);
                    !types.empty() && !dry) {
                    write_file_atomic(dir / f.sub / "type_rates.csv", cell_type_rates_csv(types));
                    written.push_back("type_rates.csv");
                }
                // A trial's own profile where its engine ran it alone.
                if (batch == 1) {
                    write_profile_file(dir / f.sub / "profile.json", profile);
                    written.push_back("profile.json");
                }
                for (const auto& w : written) {
                    out.files.push_back(f.sub + w);
                }
            }
            // A stopped trial ran short: per-neuron rates across trials count finished ones.
            if (out.stopped_by == 0 || e.trials == 1) {
                counts.push_back(std::move(all_counts));
            }
            if (t == 0) {
                out.rates = rates;
            }
        }
        out.trials_wall_s += profile.wall_s;
        if (first == 0) {
            out.profile = profile;
            const resident_bytes held = eng->memory();
            const job_memory mem{sum_over_ranks(comm, static_cast<double>(held.total())),
                                 sum_over_ranks(comm, static_cast<double>(held.synapses)),
                                 comm.size()};
            for (const auto& line : summary_lines(profile, out.rates, e, mem)) {
                log(line);
            }
        }
        if (out.stopped_by != 0) {
            out.stopped_at_ms = static_cast<double>(recorded_before + eng->stats().steps) * e.dt_ms;
            log(fmt::format(
                "stopped by {} at {:.1f} ms of {:.1f}: the outputs hold {:.1f} ms to "
                "{:.1f} ms{}",
                signal_name(out.stopped_by), out.stopped_at_ms, e.duration_ms,
                static_cast<double>(recorded_before) * e.dt_ms, out.stopped_at_ms,
                e.trials > 1
                    ? fmt::format(" of trial {}; later trials did not run", first + batch - 1)
                    : ""));
            eng.reset();
            break;
        }
        eng.reset();
    }
    // Trials that ran to the end (all, unless a signal stopped the run).
    const auto finished = static_cast<std::uint32_t>(counts.size());
    if (e.trials > 1 && writer && finished > 0) {
        out.profile.trials = finished;
        out.profile.trials_wall_s = out.trials_wall_s;
        write_profile_file(dir / "profile.json", out.profile);
        const trial_counts tc = collect_trials(counts, built.summary_neurons, e.duration_ms * 1e-3);
        write_file_atomic(dir / "trials.csv", trials_csv(tc, *net));
        out.files.push_back("profile.json");
        out.files.push_back("trials.csv");
        log(fmt::format(
            "{} trials in {:.2f} s ({:.2f} s each); per-neuron rates across trials "
            "in trials.csv ({} neurons)",
            finished, out.trials_wall_s, out.trials_wall_s / finished, tc.neurons.size()));
        log(
            fmt::format("outputs in {}: config.toml profile.json trials.csv trial-000 .. "
                        "trial-{:03}",
                        dir.string(), out.stopped_by != 0 ? finished : e.trials - 1));
    } else if (writer) {
        log(outputs_line(dir, out.files));
    }
    return out;
}

}  // namespace brainemu
