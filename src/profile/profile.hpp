#pragma once
// profile.json and rates.csv: what a run measured about itself (design.md, "Reading the
// workload"). Counted by the engine, never estimated here.

#include <map>
#include <span>
#include <string>

#include "engine/simulation.hpp"
#include "profile/record/run_profile_record.hpp"

namespace brainemu {

struct profile_context {
    std::string network;  // name of the network or file
    double build_s = 0.0;
    std::uint64_t seed = 0;
    double warmup_ms = 0.0;  // simulated before the measured part (not in any count)
    // Spike counts per neuron (global id) of the whole network when this process ran only a
    // part of it (MPI: summed over ranks); empty: the simulation's own.
    std::span<const std::uint32_t> spike_counts;
};

struct population_rate {
    std::string name;
    std::uint32_t neurons = 0;
    std::uint64_t spikes = 0;
    double rate_hz = 0.0;
};

[[nodiscard]] std::vector<population_rate> population_rates(
    const simulation& sim, std::span<const std::uint32_t> counts = {});
[[nodiscard]] run_profile_record make_profile(const simulation& sim, const profile_context& ctx);
[[nodiscard]] std::string rates_csv(const std::vector<population_rate>& rates);

}  // namespace brainemu
