#pragma once
// profile.json and rates.csv: what a run measured about itself (design.md, "Reading the
// workload"). Counted by the engine, never estimated here.

#include <map>
#include <optional>
#include <span>
#include <string>

#include "engine/engine.hpp"
#include "network/network.hpp"
#include "profile/record/run_profile_record.hpp"

namespace brainemu {

struct profile_context {
    std::string network;  // name of the network or file
    double build_s = 0.0;
    std::uint64_t seed = 0;
    double warmup_ms = 0.0;  // simulated before the measured part (not in any count)
    // Spike counts per neuron (global id) of the whole network (MPI: summed over ranks).
    std::span<const std::uint32_t> spike_counts;
};

struct population_rate {
    std::string name;
    std::uint64_t neurons = 0;
    std::uint64_t spikes = 0;
    double rate_hz = 0.0;
    double reference_rate_hz = NAN;  // the population's published rate, where it has one
};

// Rates per population from spike counts per neuron (global id) over `seconds`.
[[nodiscard]] std::vector<population_rate> population_rates(const network& net,
                                                            std::span<const std::uint32_t> counts,
                                                            double seconds);
// The profile of what `e` ran on `net` (every trial of the engine together).
[[nodiscard]] run_profile_record make_profile(const engine& e, const network& net,
                                              const profile_context& ctx);
[[nodiscard]] std::string rates_csv(const std::vector<population_rate>& rates);
// Rates per cell type of a connectome network (the connectome's types in its order, neurons
// without one as "(none)", types without neurons left out); empty for other networks.
[[nodiscard]] std::vector<population_rate> cell_type_rates(const network& net,
                                                           std::span<const std::uint32_t> counts,
                                                           double seconds);
[[nodiscard]] std::string cell_type_rates_csv(const std::vector<population_rate>& rates);

// Synapses between populations in the blocks this process holds (a rank's part: the caller
// sums over ranks); none for a network of one population or of more than 64.
[[nodiscard]] std::optional<connectivity_record> population_connectivity(const network& net);

}  // namespace brainemu
