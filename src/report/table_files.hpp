#pragma once
// The run's CSV outputs: rates.csv (src/profile/profile.cpp) and trials.csv
// (src/profile/trials.cpp).

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace brainemu::report {

struct population_row {
    std::string name;
    std::uint32_t neurons = 0;
    std::uint64_t spikes = 0;
    double rate_hz = 0.0;
    double reference_hz = NAN;  // rates.csv's reference_rate_hz, where given
};

struct trial_row {
    std::uint32_t neuron = 0;
    std::string id, name;
    double mean_hz = 0.0, sd_hz = 0.0, min_hz = 0.0, max_hz = 0.0;
};

[[nodiscard]] std::vector<population_row> read_rates_csv(const std::filesystem::path& path);
[[nodiscard]] std::vector<trial_row> read_trials_csv(const std::filesystem::path& path);

// One CSV line split on commas, with "quoted, ""fields""" as trials.csv writes names.
[[nodiscard]] std::vector<std::string> split_csv_line(const std::string& line);

}  // namespace brainemu::report
