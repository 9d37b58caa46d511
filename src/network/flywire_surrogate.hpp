#pragma once
// A FlyWire-shaped random network for benchmarks, while the FlyWire connection list itself is
// not at hand: the real neuron count (from the FlyWire neuron list), FlyWire v783's totals of
// connected pairs and synapses, Shiu et al.'s weights and delay. The wiring is random and its
// shape is assumed, not measured:
//   - in-degree per neuron lognormal (sigma = 1, heavy-tailed as connectomes are), scaled so
//     that the expected total is the pair count; sources uniform;
//   - synapses per pair 1 + geometric, with FlyWire's mean (54,492,922 / 15,091,983 = 3.61);
//   - each neuron inhibitory (GABA/glutamate) with probability 0.4 (Shiu et al.: ~40% of pairs
//     inhibitory), its outgoing weights then negative;
//   - weight = sign x synapse count x 0.275 mV, delay 1.8 ms (models.md section 1).

#include <cstdint>
#include <span>
#include <vector>

#include "network/connectome.hpp"
#include "network/network.hpp"

namespace brainemu {

struct flywire_surrogate_params {
    std::uint32_t neurons = 138639;
    std::uint64_t pairs = 15091983;
    std::uint64_t synapses = 54492922;
    double inhibitory_fraction = 0.4;
    double in_degree_sigma = 1.0;
    double w_syn_mV = 0.275;
    double delay_ms = 1.8;
};

[[nodiscard]] network build_flywire_surrogate(const flywire_surrogate_params& p, std::uint64_t seed,
                                              double dt_ms, const neuron_layout& partitions);

// The same wiring as a connectome (pairs with synapse counts; transmitter "ACH" or "GABA" per
// neuron), for the binary format's benchmarks: neuron i gets ids[i] (the real FlyWire root
// ids). A pair drawn twice is merged, so there are slightly fewer pairs than p.pairs.
[[nodiscard]] connectome flywire_surrogate_connectome(const flywire_surrogate_params& p,
                                                      std::uint64_t seed,
                                                      std::span<const std::int64_t> ids);

}  // namespace brainemu
