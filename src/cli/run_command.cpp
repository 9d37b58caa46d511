#include "cli/run_command.hpp"

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <sstream>

#include <fmt/format.h>
#include <unistd.h>

#include "core/stop_signal.hpp"
#include "experiment/experiment.hpp"
#include "experiment/overrides.hpp"
#include "experiment/partitioning.hpp"
#ifdef BRAINEMU_HAVE_MPI
#include "backends/mpi/mpi_communicator.hpp"
#endif
#include "experiment/sonata_experiment.hpp"
#include "report/report.hpp"
#include "run/cable_run.hpp"
#include "run/checkpoint.hpp"
#include "run/run_experiment.hpp"

namespace brainemu {
namespace {

struct run_options {
    std::string experiment;
    std::string out;
    unsigned threads = 0;
    double duration_ms = -1.0;
    double warmup_ms = -1.0;
    std::string seed;  // text: CLI11 clamps an integer past 2^63 - 1 instead of refusing it
    bool csv = false;
    bool sonata_out = false;
    std::vector<std::string> sets;
    std::uint32_t parts = 0, virtual_parts = 0;
    std::string method;
    std::string partition_file;
    std::int64_t partition_seed = 1;
    bool report = false;
    std::string backend = "cpu";
    std::int64_t dry_run_rank = -1;
    std::uint32_t dry_run_ranks = 0;
    std::string dry_run_replay;
    std::vector<double> checkpoint_at_ms;
    double checkpoint_every_ms = 0.0;
    std::string resume;
};

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

// --seed as the experiment file takes it: a whole number in [0, 2^63 - 1] (a TOML integer).
std::int64_t parse_seed(const std::string& text) {
    std::int64_t v = -1;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < 0) {
        throw input_error({"", 0, "--seed"},
                          fmt::format("must be a whole number from 0 to 2^63 - 1 "
                                      "(9223372036854775807), got '{}'",
                                      text));
    }
    return v;
}

// Everything before the run: the experiment and the partition (throws input_error).
struct prepared_run {
    experiment e;
    std::optional<sonata_run> sonata;
    std::optional<chosen_partition> partition;
    bool lay_out_by_parts = false;
    bool cable = false;  // a SONATA run of biophysical cells (run/cable_run.hpp)
};

// Options that have no meaning for biophysical cells (no partitioner, no GPU engine, no
// stochastic parts) are refused rather than ignored.
void refuse_for_cable(const run_options& opt) {
    const std::pair<bool, const char*> unused[] = {
        {opt.parts > 0, "--parts"},
        {opt.virtual_parts > 0, "--virtual-parts"},
        {!opt.method.empty(), "--method"},
        {!opt.partition_file.empty(), "--partition"},
        {opt.backend != "cpu", "--backend"},
        {opt.dry_run_rank >= 0 || opt.dry_run_ranks > 0, "--dry-run-rank"},
        {opt.warmup_ms >= 0.0, "--warmup-ms"},
        {opt.csv, "--csv"},
        {opt.report, "--report"},
        {!opt.checkpoint_at_ms.empty(), "--checkpoint-at"},
        {opt.checkpoint_every_ms > 0.0, "--checkpoint-every"},
        {!opt.resume.empty(), "--resume"},
    };
    for (const auto& [given, name] : unused) {
        if (given) {
            throw input_error({opt.experiment, 0, name},
                              fmt::format("{} does not apply to a run of biophysical cells (it "
                                          "takes --threads, --duration-ms and mpirun)",
                                          name));
        }
    }
}

prepared_run prepare(const run_options& opt, int ranks) {
    prepared_run out;
    std::optional<sonata_run>& sonata = out.sonata;
    experiment& e = out.e;

    std::vector<override_spec> overrides;
    if (opt.duration_ms >= 0.0) {
        overrides.push_back({"simulation.duration_ms", fmt::format("{}", opt.duration_ms)});
    }
    if (opt.warmup_ms >= 0.0) {
        overrides.push_back({"simulation.warmup_ms", fmt::format("{}", opt.warmup_ms)});
    }
    const std::int64_t seed = opt.seed.empty() ? -1 : parse_seed(opt.seed);
    if (seed >= 0) {
        overrides.push_back({"simulation.seed", fmt::format("{}", seed)});
    }
    for (const std::string& s : opt.sets) {
        overrides.push_back(parse_override(s));
    }
    // A SONATA simulation_config.json runs from its own files; anything else is a TOML
    // experiment. A resumed run without one continues the checkpoint's own experiment.
    if (opt.experiment.empty()) {
        e = parse_experiment(std::filesystem::path(opt.resume) / "config.toml", overrides);
    } else if (std::filesystem::path(opt.experiment).extension() == ".json") {
        if (!opt.sets.empty()) {
            throw input_error({opt.experiment, 0, "--set"},
                              "--set overrides TOML experiment fields; a SONATA run takes "
                              "--duration-ms, --seed and --threads");
        }
        sonata = load_sonata_run(opt.experiment);
        if (sonata->biophysical()) {
            refuse_for_cable(opt);
            out.cable = true;
            return out;
        }
        e = experiment_from_sonata(*sonata, seed >= 0 ? static_cast<std::uint64_t>(seed) : 1);
        if (opt.duration_ms >= 0.0) {
            e.duration_ms = opt.duration_ms;
        }
    } else {
        e = parse_experiment(opt.experiment, overrides);
    }
    if (opt.csv) {
        e.record.csv = true;
    }
    if (opt.sonata_out) {
        e.record.sonata = true;
    }
    if (opt.dry_run_rank >= 0 || opt.dry_run_ranks > 0 || !opt.dry_run_replay.empty()) {
        if (opt.dry_run_rank < 0 || opt.dry_run_ranks == 0) {
            throw input_error({"", 0, opt.dry_run_rank < 0 ? "--dry-run-rank" : "--dry-run-ranks"},
                              "a dry run needs both --dry-run-rank R and --dry-run-ranks K");
        }
        if (ranks > 1) {
            throw input_error({"", 0, "--dry-run-rank"},
                              "a dry run is one process standing in for one rank; run it "
                              "without mpirun");
        }
        if (opt.parts > 0 || opt.virtual_parts > 0 || !opt.partition_file.empty()) {
            throw input_error({"", 0, "--dry-run-rank"},
                              "a dry run lays the network out in --dry-run-ranks contiguous "
                              "parts; leave out --parts, --virtual-parts and --partition");
        }
        if (!opt.method.empty() && opt.method != "contiguous") {
            throw input_error({"", 0, "--method"},
                              fmt::format("a dry run's ranks are contiguous ranges of neurons; "
                                          "--method {} would need every neuron's rank in a table",
                                          opt.method));
        }
        return out;
    }
    if (ranks > 1) {
        // One partition per rank.
        if (opt.virtual_parts > 0) {
            throw input_error({"", 0, "--virtual-parts"},
                              "virtual partitions are for one process; under mpirun the ranks "
                              "are the partitions");
        }
        if (opt.parts > 0 && opt.parts != static_cast<std::uint32_t>(ranks)) {
            throw input_error(
                {"", 0, "--parts"},
                fmt::format("--parts {} under mpirun -np {}: one part per rank", opt.parts, ranks));
        }
        partition_choice choice;
        choice.parts = static_cast<std::uint32_t>(ranks);
        choice.method = opt.method.empty() ? std::string("round-robin") : opt.method;
        choice.file = opt.partition_file;
        choice.seed = static_cast<std::uint64_t>(opt.partition_seed);
        out.partition = choose_partition(e, choice, opt.threads > 0 ? opt.threads : 1);
        if (out.partition->result.parts != static_cast<std::uint32_t>(ranks)) {
            throw input_error({opt.partition_file, 0, "--partition"},
                              fmt::format("the partition has {} parts for {} ranks",
                                          out.partition->result.parts, ranks));
        }
        return out;
    }
    if (opt.parts > 0 || opt.virtual_parts > 0 || !opt.partition_file.empty()) {
        if (opt.parts > 0 && opt.virtual_parts > 0) {
            throw input_error({"", 0, "--virtual-parts"},
                              "give either --parts (run laid out by the partition) or "
                              "--virtual-parts (keep the books only), not both");
        }
        partition_choice choice;
        choice.parts = std::max(opt.parts, opt.virtual_parts);
        choice.method = opt.method.empty() ? std::string("round-robin") : opt.method;
        choice.file = opt.partition_file;
        choice.seed = static_cast<std::uint64_t>(opt.partition_seed);
        out.partition = choose_partition(e, choice, opt.threads > 0 ? opt.threads : 1);
        out.lay_out_by_parts = opt.virtual_parts == 0;
    } else if (!opt.method.empty()) {
        throw input_error({"", 0, "--method"}, "--method needs --parts K or --virtual-parts K");
    }
    return out;
}

// With several ranks every rank must be able to run the same experiment: a problem on any
// rank stops every rank with the same message, before any collective call could hang.
void agree(communicator& comm, const std::string& problem, const std::string& experiment_text) {
    const auto problems = comm.allgather(problem);
    for (std::size_t r = 0; r < problems.size(); ++r) {
        if (!problems[r].empty()) {
            throw agreed_input_error(
                {}, fmt::format("rank {} of {}: {}", r, problems.size(), problems[r]));
        }
    }
    const auto texts = comm.allgather(std::to_string(std::hash<std::string>{}(experiment_text)));
    for (std::size_t r = 1; r < texts.size(); ++r) {
        if (texts[r] != texts[0]) {
            throw agreed_input_error({}, fmt::format("ranks 0 and {} read different experiments "
                                                     "(their resolved config.toml differ): every "
                                                     "rank must run the same files",
                                                     r));
        }
    }
}

void run(const run_options& opt) {
    std::unique_ptr<communicator> mpi;
#ifdef BRAINEMU_HAVE_MPI
    int initialised = 0;
    MPI_Initialized(&initialised);
    if (initialised != 0) {
        mpi = std::make_unique<mpi_communicator>();
    }
#endif
    const int ranks = mpi ? mpi->size() : 1;
    prepared_run prep;
    std::string problem;
    std::optional<loaded_checkpoint> resume;
    try {
        if (opt.experiment.empty() && opt.resume.empty()) {
            throw input_error({"", 0, "experiment"},
                              "give an experiment file, or --resume CHECKPOINT to continue one");
        }
        if (!opt.resume.empty()) {
            resume = read_checkpoint(opt.resume);  // whole and readable before anything else
        }
        prep = prepare(opt, ranks);
    } catch (const input_error& err) {
        if (!mpi) {
            throw;
        }
        problem = err.what();
    }
    if (mpi) {
        // A biophysical run has no experiment of its own: its files are the config's.
        agree(*mpi, problem,
              prep.cable || !problem.empty() ? opt.experiment : resolved_config_toml(prep.e));
    }
    if (prep.cable) {
        cable_run_options co;
        co.out = opt.out;
        co.threads = opt.threads > 0 ? opt.threads : 1;
        co.duration_ms = opt.duration_ms;
        co.comm = mpi.get();
        co.log = [&](const std::string& line) {
            if (!mpi || mpi->rank() == 0) {
                std::printf("%s\n", line.c_str());
                std::fflush(stdout);
            }
        };
        const cable_run_summary summary = run_cable(*prep.sonata, co);
        if (summary.stopped_by != 0) {
            throw stopped_by_signal(summary.stopped_by);  // exit 128 + signal, outputs complete
        }
        return;
    }
    experiment& e = prep.e;
    std::optional<sonata_run>& sonata = prep.sonata;
    runner_options ro;
    ro.out = opt.out;
    ro.threads = opt.threads;
    ro.partition = prep.partition;
    ro.lay_out_by_parts = prep.lay_out_by_parts;
    ro.comm = mpi.get();
    if (opt.dry_run_rank >= 0) {
        ro.dry_run = dry_run_request{static_cast<std::uint32_t>(opt.dry_run_rank),
                                     opt.dry_run_ranks, opt.dry_run_replay};
    }
    ro.sonata = sonata ? &*sonata : nullptr;
    ro.checkpoint_at_ms = opt.checkpoint_at_ms;
    ro.checkpoint_every_ms = opt.checkpoint_every_ms;
    ro.resume = resume ? &*resume : nullptr;
    ro.backend = opt.backend == "cuda"       ? engine_backend::cuda
                 : opt.backend == "emulated" ? engine_backend::emulated
                                             : engine_backend::cpu;
    const bool tty = ::isatty(STDERR_FILENO) != 0;
    if (tty) {
        ro.progress = [&](const progress_info& p) { print_progress(p, e.dt_ms); };
        ro.status = [](const std::string& line) {
            std::fprintf(stderr, "\r  %s", line.c_str());
            std::fflush(stderr);
        };
    }
    ro.log = [&](const std::string& line) {
        if (tty) {
            std::fputs("\r\033[K", stderr);  // clear the progress or status line, however long
        }
        std::printf("%s\n", line.c_str());
        std::fflush(stdout);
    };
    run_summary summary;
    try {
        summary = run_experiment(e, ro);
    } catch (...) {
        if (tty) {
            std::fputs("\r\033[K", stderr);  // the error, not the status line it interrupts
        }
        throw;
    }
    if (opt.report && (!mpi || mpi->rank() == 0)) {
        const auto path = report::write_report(opt.out);
        std::printf("report: %s\n", path.string().c_str());
    }
    if (summary.stopped_by != 0) {
        throw stopped_by_signal(summary.stopped_by);  // exit 128 + signal, outputs complete
    }
}

}  // namespace

void add_run_command(CLI::App& app) {
    auto opt = std::make_shared<run_options>();
    CLI::App* cmd = app.add_subcommand("run", "Run an experiment (TOML) and write its outputs");
    cmd->add_option("experiment", opt->experiment,
                    "Experiment file (TOML), or a SONATA simulation_config.json (with --resume: "
                    "optional, the checkpoint's own by default)")
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
    cmd->add_option("--seed", opt->seed, "Random seed, 0 to 2^63 - 1");
    cmd->add_flag("--csv", opt->csv, "Also write spikes.csv (and voltages.csv when recording)");
    cmd->add_flag("--sonata-out", opt->sonata_out,
                  "Also write spikes.h5 in SONATA's layout (record.sonata = true)");
    cmd->add_option("--set", opt->sets,
                    "Override a field: KEY=VALUE with a dotted key, e.g. network.scale=0.1");
    cmd->add_option("--parts", opt->parts,
                    "Lay the run out in K parts (one thread each; with MPI, one rank each) cut "
                    "by --method; spikes do not change")
        ->check(CLI::Range(1, 1 << 20));
    cmd->add_option("--virtual-parts", opt->virtual_parts,
                    "Keep the books of K parts (memory, spikes and bytes each would send to each "
                    "other) in one process, without changing the run")
        ->check(CLI::Range(1, 1 << 20));
    cmd->add_option("--method", opt->method,
                    "Partitioner for --parts / --virtual-parts: round-robin (default), "
                    "contiguous, metis");
    cmd->add_option("--partition", opt->partition_file,
                    "A partition file from `brainemu partition` (connectome networks)")
        ->check(CLI::ExistingFile);
    cmd->add_option("--partition-seed", opt->partition_seed, "METIS's seed (default 1)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--backend", opt->backend,
                    "Engine: cpu (default), cuda (lif_psc_exp, lif_psc_delta, fly_lif, "
                    "iaf_psc_alpha; every trial batched on one GPU, bit-identical spikes; "
                    "docs/cuda.md) or emulated (the GPU engine's arithmetic on one host "
                    "thread: slow, for checks without a GPU)")
        ->check(CLI::IsMember({"cpu", "cuda", "emulated"}));
    cmd->add_option("--dry-run-rank", opt->dry_run_rank,
                    "Build and run only rank R of a run of --dry-run-ranks K ranks (contiguous "
                    "parts), the other ranks' spikes stood in for (docs/scaling.md)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--dry-run-ranks", opt->dry_run_ranks,
                    "K, the ranks of the run a dry run "
                    "measures one rank of")
        ->check(CLI::Range(1, 1 << 30));
    cmd->add_option("--dry-run-replay", opt->dry_run_replay,
                    "The other ranks fire as in this spikes.bin (a recorded run of the same "
                    "network) instead of as the dry-run rank itself does")
        ->check(CLI::ExistingFile);
    cmd->add_option("--checkpoint-at", opt->checkpoint_at_ms,
                    "Write a checkpoint at this simulated time, ms (repeatable): "
                    "OUT/checkpoint-Tms, resumable with --resume in any layout")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--checkpoint-every", opt->checkpoint_every_ms,
                    "Write a checkpoint every T ms of simulated time (the latest is kept), and "
                    "one where SIGINT or SIGTERM stops the run")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--resume", opt->resume,
                    "Continue from a checkpoint directory to the experiment's end, with any "
                    "threads, ranks and partition: the spikes of the uninterrupted run from the "
                    "checkpoint on (docs/formats.md)");
    cmd->add_flag("--report", opt->report,
                  "Write report.html into the output directory at the end (brainemu report)");
    cmd->callback([opt] { run(*opt); });
}

}  // namespace brainemu
