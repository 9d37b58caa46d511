#pragma once
// trials.csv: each chosen neuron's firing rate across the independent trials of one run
// (mean, sample standard deviation, min, max), with its dataset id and name where the network
// came from a connectome.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "network/network.hpp"

namespace brainemu {

struct trial_counts {
    std::uint32_t trials = 0;
    double seconds = 0.0;               // measured time of each trial
    std::vector<neuron_id> neurons;     // rows
    std::vector<std::uint32_t> counts;  // neurons.size() x trials, row-major
};

// Rows for `chosen`, or, if it is empty, for every neuron that fired in some trial.
[[nodiscard]] trial_counts collect_trials(std::span<const std::vector<std::uint32_t>> per_trial,
                                          std::span<const neuron_id> chosen, double seconds);

[[nodiscard]] std::string trials_csv(const trial_counts& t, const network& net);

}  // namespace brainemu
