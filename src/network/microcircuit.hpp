#pragma once
// The Potjans and Diesmann (2014) cortical microcircuit, connectivity and the numbers the
// experiment layer needs to drive it (models.md section 2; the reference PyNEST
// implementation's scaling rules, including its DC correction for scaled in-degrees).

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "network/network.hpp"

namespace brainemu {

struct microcircuit_params {
    double scale = 1.0;    // neurons x scale, synapse counts x scale x k_scale
    double k_scale = 1.0;  // in-degrees x k_scale, weights / sqrt(k_scale)
    // The full-scale rates the k-scaling DC correction assumes (Hz, per population). The
    // reference implementations differ here: the microcircuit package's (the default, models.md)
    // and PyNEST's example's [0.943, 3.026, 4.368, 5.882, 7.733, 8.664, 1.096, 7.851]; at
    // k_scale 0.1 the second gives L23E 7.6 pA less drive and 17% lower rates
    // (docs/experiments.md).
    std::array<double, 8> compensation_rates_hz = {0.903, 2.965, 4.414, 5.876,
                                                   7.569, 8.633, 1.105, 7.829};
};

// Per-population drive and initial state, derived from the published tables and the scaling.
struct microcircuit_population_setup {
    std::string_view name;
    std::uint32_t size;
    double v0_mean_mV, v0_sd_mV;  // initial V ~ N(mean, sd)
    double dc_drive_pA;           // DC equivalent of the external Poisson input (drive = dc)
    double dc_correction_pA;      // added in both modes when k_scale != 1
    double poisson_rate_hz;       // K_ext (scaled) x 8 Hz, one merged train (drive = poisson)
    double poisson_weight_pA;     // PSC_ext / sqrt(k_scale)
    double reference_rate_hz;     // full scale, Poisson drive, from the reference run
};

struct microcircuit_tables {
    static constexpr std::array<std::string_view, 8> names = {"L23E", "L23I", "L4E", "L4I",
                                                              "L5E",  "L5I",  "L6E", "L6I"};
    static constexpr std::array<double, 8> full_size = {20683, 5834, 21915, 5479,
                                                        4850,  1065, 14395, 2948};
    static constexpr std::array<double, 8> k_ext = {1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100};
    static constexpr std::array<double, 8> v0_mean = {-68.28, -63.16, -63.33, -63.45,
                                                      -63.11, -61.66, -66.72, -61.43};
    static constexpr std::array<double, 8> v0_sd = {5.36, 4.57, 4.74, 4.94, 4.94, 4.55, 5.46, 4.48};
    static constexpr std::array<double, 8> reference_rate = {0.903, 2.965, 4.414, 5.876,
                                                             7.569, 8.633, 1.105, 7.829};
    static constexpr std::array<std::array<double, 8>, 8> conn_prob = {{
        {0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0},
        {0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0},
        {0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.0},
        {0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0},
        {0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0},
        {0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.0},
        {0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252},
        {0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443},
    }};
    static constexpr double psc_e_pA = 87.8085;  // a 0.15 mV PSP
    static constexpr double g = -4.0;
    static constexpr double bg_rate_hz = 8.0;
    static constexpr double tau_syn_ms = 0.5;
    static constexpr double delay_e_ms = 1.5, delay_e_sd_ms = 0.75;
    static constexpr double delay_i_ms = 0.75, delay_i_sd_ms = 0.375;

    // Full-scale synapse count for target t, source s: the fixed total number that gives
    // connection probability C, Q = ln(1 - C) / ln((N_s N_t - 1) / (N_s N_t)).
    [[nodiscard]] static double full_synapses(int t, int s);
    // Mean PSC from source s onto target t (before k scaling): L4E -> L23E doubled.
    [[nodiscard]] static double mean_psc_pA(int t, int s);
};

[[nodiscard]] std::vector<microcircuit_population_setup> microcircuit_setup(
    const microcircuit_params& p);

// Weights are drawn on a grid: every weight is an integer multiple of this quantum, the power
// of two at or above PSC_E / 4096 / sqrt(k_scale) (2^-5 = 0.03125 pA at full scale). Rounding a
// N(mean, 10% mean) draw to it moves a weight by at most 1.8e-4 of the mean, ~560 times less
// than the weights' own spread, and lets every weight be stored exactly in 16 bits
// (docs/performance.md).
[[nodiscard]] double weight_quantum(const microcircuit_params& p);

// Fixed total number of synapses per population pair, sources and targets drawn with
// replacement (autapses, multapses). Drawn per target: in-degrees from the multinomial (a
// binomial chain), then sources, weights (normal, sd 10% of mean, rounded to the quantum,
// redrawn to keep the sign) and delays (normal, redrawn below 0.1 ms, rounded to the step, at
// least one step). Weights are PSC amplitudes in pA, put into each target's model unit by
// `to_models`.
[[nodiscard]] network build_microcircuit(const microcircuit_params& p, std::uint64_t seed,
                                         double dt_ms, const neuron_layout& blocks,
                                         const weight_map& to_models = {});
// Synapses from population s to population t that the build makes: the full model's fixed
// total for the pair, times scale x k_scale, rounded.
[[nodiscard]] std::uint64_t microcircuit_pair_synapses(const microcircuit_params& p, int t, int s);
// The same, with `setup` = microcircuit_setup(p) already at hand (an experiment computes it once).
[[nodiscard]] network build_microcircuit(const microcircuit_params& p,
                                         const std::vector<microcircuit_population_setup>& setup,
                                         std::uint64_t seed, double dt_ms,
                                         const neuron_layout& blocks,
                                         const weight_map& to_models = {});

}  // namespace brainemu
