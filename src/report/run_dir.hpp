#pragma once
// Everything a report shows, read from a run directory (docs/formats.md). Each file is
// optional: a missing file leaves its section out; a damaged one is an input_error naming it.
// A run with trials keeps spikes, voltages and rates in trial-NNN/: the report draws those of
// the first trial, and the spread across all of them.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "report/run_profile.hpp"
#include "report/spike_file.hpp"
#include "report/table_files.hpp"
#include "report/voltage_file.hpp"

namespace brainemu::report {

// plan.json as `brainemu plan --json` writes it: the few keys the report shows.
struct plan_summary {
    std::string organism, neuron_model, device, cluster, binding_axis;
    double devices = 0.0;
    named_values devices_needed, supply_over_demand;
};

struct run_data {
    std::filesystem::path dir;
    std::filesystem::path data_dir;  // dir, or its first trial-NNN/
    std::optional<run_profile> profile;
    std::optional<std::string> config_toml;
    std::optional<spike_file> spikes;
    std::optional<voltage_file> voltages;
    std::vector<population_row> populations;               // rates.csv
    std::vector<trial_row> trials;                         // trials.csv
    std::vector<std::vector<population_row>> trial_rates;  // each trial-NNN/rates.csv
    std::optional<std::string> plan_svg;                   // plan.svg, as written
    std::optional<plan_summary> plan;                      // plan.json

    [[nodiscard]] std::uint64_t neurons() const;
    [[nodiscard]] std::uint64_t steps() const;
    [[nodiscard]] double dt_ms() const;
};

[[nodiscard]] run_data load_run(const std::filesystem::path& dir);

}  // namespace brainemu::report
