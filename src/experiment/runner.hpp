#pragma once
// Runs an experiment and writes its outputs into one directory (formats.md): the one run loop
// that the command line and the Python module share. Trials share the built network; each
// builds its own state, ring buffers and stimulus plans.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/simulation.hpp"
#include "experiment/experiment.hpp"
#include "experiment/partitioning.hpp"
#include "io/sonata/sonata_run.hpp"
#include "profile/profile.hpp"

namespace brainemu {

// Which engine runs the trials: the CPU engine (src/engine), or the GPU engine
// (src/backends/cuda), which runs every trial in one batch on one device.
enum class engine_backend { cpu, cuda };

struct runner_options {
    std::filesystem::path out;
    engine_backend backend = engine_backend::cpu;
    unsigned threads = 0;  // 0: the experiment's, else every core
    // Called about twice a second of wall time while a trial runs (may be empty).
    std::function<void(const progress_info&)> progress;
    // One line of the run's summary at a time (may be empty).
    std::function<void(const std::string&)> log;
    const sonata_run* sonata = nullptr;  // a SONATA run: also write spikes.h5
    // A partition of the network into K parts. With MPI (comm of K ranks) rank r runs part r;
    // in one process, with lay_out_by_parts each part runs as one engine partition (thread),
    // otherwise the run only keeps the K parts' books (virtual partitions). Either way
    // profile.json gets per-part figures and the K x K traffic.
    std::optional<chosen_partition> partition;
    bool lay_out_by_parts = false;
    communicator* comm = nullptr;  // null: one process
};

struct run_summary {
    std::filesystem::path out;
    unsigned threads = 0;
    std::uint32_t neurons = 0;
    std::uint64_t synapses = 0;
    double build_s = 0.0;
    run_profile_record profile;  // trial 0's (with trials and trials_wall_s when several)
    std::vector<population_rate> rates;
    std::uint32_t trials = 1;
    double trials_wall_s = 0.0;
    std::vector<std::string> files;  // written into `out` (trial directories included)
};

// Builds the experiment (input errors are thrown before `out` is touched), then runs every
// trial. Throws input_error for bad input, resource_error when an output cannot be written.
run_summary run_experiment(experiment& e, const runner_options& opt);

// The same run on the GPU engine (runner_gpu.cpp; run_experiment calls it for
// engine_backend::cuda): spikes.bin and rates.csv per trial, one profile.json and trials.csv
// for the batch. Refuses (input_error) partitions, MPI ranks, SONATA runs and whatever the GPU
// engine does not support; resource_error when there is no device or no CUDA build.
run_summary run_experiment_gpu(experiment& e, const runner_options& opt);

// Creates the output directory and removes a previous run's outputs from it.
void prepare_output_directory(const std::filesystem::path& dir);

// Threads to run with: --threads, else the experiment's, else every core; a --threads value is
// recorded in the resolved experiment (config.toml).
unsigned resolve_threads(experiment& e, const runner_options& opt);

// Writes DIR/config.toml: the experiment with every field's value as this run used it.
void write_resolved_config(const experiment& e, const std::filesystem::path& dir);

// "outputs in DIR: f1 f2 ...", the run's last log line.
[[nodiscard]] std::string outputs_line(const std::filesystem::path& dir,
                                       const std::vector<std::string>& files);

}  // namespace brainemu
