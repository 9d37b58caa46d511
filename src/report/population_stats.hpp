#pragma once
// What a neuroscientist reads first about each population: its rate, how irregular its neurons
// fire (ISI CV), how synchronously (Fano factor of the population's spike count), and its
// rhythm (the peak of the population count's power spectrum).

#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "report/activity.hpp"
#include "report/spike_file.hpp"

namespace brainemu::report {

struct population_stats {
    std::string name;
    std::uint64_t neurons = 0, spikes = 0, silent = 0;
    double rate_hz = 0.0;
    // Mean over the population's neurons with at least 3 spikes of their interspike
    // intervals' coefficient of variation (Poisson: 1; regular: 0); NaN when none has 3.
    double isi_cv = NAN;
    // Variance / mean of the population's spike count in 1 ms bins (independent Poisson
    // neurons: 1; synchronous bursts: much more); NaN without spikes.
    double fano = NAN;
    // The spectrum's highest peak above 5 Hz where it stands out of the noise (over 20 times
    // the median power there); NaN for none.
    double rhythm_hz = NAN;
};

// Power of a count series' fluctuations (its mean removed) against frequency, 0 to Nyquist,
// from its first 2^k bins (at most 65,536): a radix-2 FFT.
struct power_spectrum {
    std::vector<double> hz, power;
};
[[nodiscard]] power_spectrum spectrum_of(std::span<const double> counts, double bin_ms);

// Spikes sorted by step; neurons and steps counted from 0 (rebased), [0, steps).
[[nodiscard]] std::vector<population_stats> population_statistics(
    std::span<const spike> spikes, const std::vector<population_range>& populations,
    std::uint64_t steps, double dt_ms);

// The whole network's spike count in bins of `bin_steps` steps.
[[nodiscard]] std::vector<double> binned_counts(std::span<const spike> spikes, std::uint64_t steps,
                                                std::uint64_t bin_steps);

// Steps per bin of about 1 ms (at least one step).
[[nodiscard]] std::uint64_t millisecond_bin(double dt_ms);

}  // namespace brainemu::report
