#pragma once
// A runnable network from an imported connectome: each connected pair becomes one synapse of
// weight sign(transmitter) x synapse count x unit weight (Shiu et al. 2024), or the edge's own
// weight where the connectome carries one (SONATA), with the experiment's delay or the edge's.

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "network/network.hpp"

namespace brainemu {

struct connectome_weights {
    double unit_weight = 0.0;  // per synapse, in the model's weight unit
    double delay_ms = 0.0;     // every synapse without a delay of its own
    // Transmitter name (lower case) -> sign; names not listed take default_sign.
    std::map<std::string, double> signs;
    double default_sign = 1.0;
    double gap_nS_per_junction = 0.0;  // 0: electrical synapses left out
    bool edge_weights = false;         // use the connectome's per-edge weights as they are
    // Delays below one step become one step (SONATA circuits may give 0 ms, which brainemu's
    // semantics cannot represent: a spike acts at the earliest one step later). Otherwise such
    // a delay is an error.
    bool clamp_short_delays = false;
};

// Shiu et al.'s signs, extended to the transmitter names our importers write: acetylcholine
// +1, GABA and glutamate -1 (FlyWire's ACH/GABA/GLUT; "excitatory"/"inhibitory" from files
// that give a sign rather than a transmitter).
[[nodiscard]] std::map<std::string, double> default_transmitter_signs();

[[nodiscard]] double sign_of(const connectome_weights& w, std::string_view transmitter);

// `silenced[i] != 0`: neuron i's outgoing synapses are left out (weight 0: it still spikes).
// Synapses in blocks of `blocks` (one per thread), built in parallel. Throws input_error
// (naming `where`) for a delay below one step or above 65535 steps. Weights are put into each
// target's model unit by `to_models`.
[[nodiscard]] network build_connectome_network(
    std::shared_ptr<const connectome> c, const connectome_weights& w, double dt_ms,
    const neuron_layout& blocks, std::span<const std::uint8_t> silenced, const std::string& where,
    std::uint64_t* clamped_delays = nullptr, const weight_map& to_models = {});

}  // namespace brainemu
