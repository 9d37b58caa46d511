#pragma once
// The run library: runs an experiment on a chosen engine and writes its outputs into one
// directory (formats.md). The one trial loop that the command line and the Python module
// share, whatever the backend: it talks to engines only through engine/engine.hpp. Trials
// share the built network; each engine (a trial on the CPU, every trial at once on the GPU)
// builds its own state, ring buffers and stimulus plans.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/communicator.hpp"
#include "engine/engine.hpp"
#include "experiment/experiment.hpp"
#include "experiment/partitioning.hpp"
#include "io/sonata/sonata_run.hpp"
#include "profile/profile.hpp"
#include "profile/record/run_profile_record.hpp"
#include "run/checkpoint.hpp"
#include "run/dry_run.hpp"

namespace brainemu {

// Which engine runs the trials: the CPU engine (src/engine), or the GPU engine
// (src/backends/cuda), which runs every trial in one batch on one device.
// `emulated` is the GPU engine's arithmetic run on the host (cuda::emulated_device, one
// thread): the GPU path of this loop, checkable where there is no GPU.
enum class engine_backend { cpu, cuda, emulated };

struct runner_options {
    std::filesystem::path out;
    engine_backend backend = engine_backend::cpu;
    unsigned threads = 0;  // 0: the experiment's, else every core
    // Called about twice a second of wall time while a trial runs (may be empty).
    std::function<void(const progress_info&)> progress;
    // One line of the run's summary at a time (may be empty).
    std::function<void(const std::string&)> log;
    // A passing status, such as what is being built, that the next progress or log line
    // replaces (may be empty; the command line shows it on a terminal only).
    std::function<void(const std::string&)> status;
    const sonata_run* sonata = nullptr;  // a SONATA run: also write spikes.h5
    // A partition of the network into K parts. With MPI (comm of K ranks) rank r runs part r;
    // in one process, with lay_out_by_parts each part runs as one engine partition (thread),
    // otherwise the run only keeps the K parts' books (virtual partitions). Either way
    // profile.json gets per-part figures and the K x K traffic.
    std::optional<chosen_partition> partition;
    bool lay_out_by_parts = false;
    communicator* comm = nullptr;  // null: one process
    // Run one rank of a K-rank run alone (run/dry_run.hpp); needs comm and partition unset.
    std::optional<dry_run_request> dry_run;
    // Checkpoints (run/checkpoint.hpp) into `out`, named by their recorded time: at each of
    // these times, every `checkpoint_every_ms` (only the latest of those is kept), and, when
    // either is asked for, where a signal stops the run.
    std::vector<double> checkpoint_at_ms;
    double checkpoint_every_ms = 0.0;
    // Continue this checkpoint (read_checkpoint) instead of starting from step 0. Its state is
    // released once restored, so that the run's resident memory is the run's.
    loaded_checkpoint* resume = nullptr;
};

struct run_summary {
    std::filesystem::path out;
    unsigned threads = 0;
    std::uint64_t neurons = 0;
    std::uint64_t synapses = 0;
    double build_s = 0.0;
    run_profile_record profile;  // trial 0's (with trials and trials_wall_s when several)
    std::vector<population_rate> rates;
    std::uint32_t trials = 1;
    double trials_wall_s = 0.0;
    std::vector<std::string> files;  // written into `out` (trial directories included)
    // The signal that stopped the run early (0: it ran to the end). Its outputs hold what was
    // simulated up to the stop; later trials did not run.
    int stopped_by = 0;
    double stopped_at_ms = 0.0;
    std::vector<checkpoint_written> checkpoints;  // in the order written (rank 0's)
};

// Builds the experiment (input errors are thrown before `out` is touched), then runs every
// trial on opt.backend. Throws input_error for bad input or what the backend does not run
// (the GPU engine: partitions, MPI ranks, and what lowering refuses), resource_error when an
// output cannot be written or the backend cannot run here (no CUDA build, no device).
run_summary run_experiment(experiment& e, const runner_options& opt);

}  // namespace brainemu
