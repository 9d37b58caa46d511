#pragma once
// A run's output directory and log lines, whatever engine ran it.

#include <filesystem>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "experiment/experiment.hpp"
#include "profile/profile.hpp"
#include "profile/record/run_profile_record.hpp"
#include "run/run_experiment.hpp"

namespace brainemu {

// Creates the output directory and removes a previous run's outputs from it (its report.html
// too, which would show the old run), and the temporaries a killed run left there; returns
// those temporaries' paths, for the log.
std::vector<std::filesystem::path> prepare_output_directory(const std::filesystem::path& dir);

// Threads to run with: --threads, else the experiment's, else every core; a --threads value is
// recorded in the resolved experiment (config.toml).
unsigned resolve_threads(experiment& e, const runner_options& opt);

// Writes DIR/config.toml: the experiment with every field's value as this run used it.
void write_resolved_config(const experiment& e, const std::filesystem::path& dir);

// "outputs in DIR: f1 f2 ...", the run's last log line.
[[nodiscard]] std::string outputs_line(const std::filesystem::path& dir,
                                       const std::vector<std::string>& files);

// Resident bytes of every rank together (one process: its own), for the summary.
struct job_memory {
    double total = 0.0;
    double synapses = 0.0;
    int ranks = 1;
};

// The log's lines about a finished run: time, spikes, rates, memory (the whole job's).
[[nodiscard]] std::vector<std::string> summary_lines(const run_profile_record& profile,
                                                     const std::vector<population_rate>& rates,
                                                     const experiment& e, const job_memory& mem);

}  // namespace brainemu
