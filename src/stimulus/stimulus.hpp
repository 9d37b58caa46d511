#pragma once
// What drives neurons from outside the network: Poisson trains, DC and step currents, given
// spike times. Defined in user units (ms, Hz, pA, mV); the engine turns each into a per-block
// plan (stimulus_plan) in steps.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/index_range.hpp"

namespace brainemu {

// Where a stimulus event goes: through the model's synaptic input (like a spike arriving at a
// synapse of that weight) or straight onto the membrane voltage (Brian2's PoissonInput on v).
enum class receptor_kind : std::uint8_t { synapse, voltage };

// One independent Poisson train per target neuron, events of `weight` (model's weight unit).
struct poisson_stimulus {
    double rate_hz = 0.0;
    double weight = 0.0;
    receptor_kind receptor = receptor_kind::synapse;
};

// The weight a Poisson stimulus counts as when the engines choose their fixed-point scale
// (core/fixed_point.hpp), whose bound allows 4,096 stimulus events per neuron and step: its
// weight, times how far its count per step can exceed that (lambda + 20 sqrt(lambda) + 40,
// which a Poisson draw passes with probability below 1e-80). Below ~3,900 events per step it
// is the weight itself; at 1e8 Hz and 0.1 ms (1e4 per step) the scale is chosen for the
// counts, where it wrapped before. CPU and GPU engines both use it, so they agree.
[[nodiscard]] inline double fixed_point_weight(const poisson_stimulus& p, double dt_ms) {
    const double lambda = p.rate_hz * dt_ms * 1e-3;
    const double most = lambda + 20.0 * std::sqrt(lambda) + 40.0;
    return std::abs(p.weight) * std::max(1.0, most / 4096.0);
}

// Piecewise-constant current: amplitude_pA[i] from times_ms[i] until the next time (or the end).
// A DC current of A from t0 to t1 is {t0, t1} -> {A, 0}.
struct current_stimulus {
    std::vector<double> times_ms;
    std::vector<double> amplitudes_pA;
};

// Given input spikes, each (neuron, time_ms), delivered as input at step round(time_ms / dt);
// neuron every_target: the time is for each of the stimulus's targets.
inline constexpr neuron_id every_target = UINT64_MAX;
struct spike_times_stimulus {
    std::vector<std::pair<neuron_id, double>> events;
    double weight = 0.0;
    receptor_kind receptor = receptor_kind::synapse;
};

struct stimulus {
    std::string name;                // for messages ("stimulus[2]")
    std::vector<neuron_id> targets;  // sorted, unique global neuron indices
    double start_ms = 0.0;
    double stop_ms = 1e300;  // active for start <= t < stop (Poisson and currents)
    std::variant<poisson_stimulus, current_stimulus, spike_times_stimulus> what;
    // Overrides the targets' refractory period (Shiu et al. set it to 0 for stimulated neurons).
    std::optional<double> refractory_ms;
};

}  // namespace brainemu
