#pragma once
// What a run measured about itself: work done, time split, memory by category.

#include <cstdint>
#include <vector>

namespace brainemu {

struct phase_times {
    double update_s = 0.0;         // neuron updates and stimuli
    double delivery_s = 0.0;       // spikes into ring buffers
    double communication_s = 0.0;  // merging blocks and the communicator's exchange
    double recording_s = 0.0;      // handing spikes and samples to the sinks
    double waiting_s = 0.0;        // at barriers (load imbalance)
};

struct resident_bytes {
    std::uint64_t state = 0;         // neuron model state and per-neuron engine arrays
    std::uint64_t synapses = 0;      // CSR rows: targets, delays, weights, row offsets
    std::uint64_t ring_buffers = 0;  // delayed input
    std::uint64_t stimuli = 0;       // stimulus plans
    std::uint64_t recorders = 0;     // interval spike lists, sample frames
    [[nodiscard]] std::uint64_t total() const {
        return state + synapses + ring_buffers + stimuli + recorders;
    }
};

struct run_stats {
    std::uint64_t steps = 0;  // measured steps (since the last reset_counters)
    std::uint64_t neuron_updates = 0;
    std::uint64_t synaptic_events = 0;  // synapses a delivered spike touched
    std::uint64_t spikes = 0;
    double wall_s = 0.0;  // the run loop only (not the build)
    phase_times time;     // thread 0's (it also merges, exchanges and records)
    std::vector<phase_times> per_thread;
};

}  // namespace brainemu
