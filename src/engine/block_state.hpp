#pragma once
// The CPU engine's state per thread block (simulation.hpp), shared by the files that make up
// the engine: its stepping (simulation.cpp) and its checkpoints (simulation_state.cpp).

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "engine/delivery.hpp"
#include "engine/ring_buffer.hpp"
#include "engine/run_stats.hpp"
#include "engine/simulation.hpp"
#include "stimulus/stimulus_plan.hpp"

namespace brainemu {

struct simulation::block_state {
    struct part {
        std::size_t group;
        local_range local;  // group-local neuron indices
    };
    block_state(index_range r, stimulus_plan plan) : range(r), stim(std::move(plan)) {}
    index_range range;  // engine indices; fewer than 2^32 (local indices are 32-bit)
    [[nodiscard]] std::uint32_t local_size() const {
        return static_cast<std::uint32_t>(range.size());
    }
    ring_buffer ring;
    stimulus_plan stim;
    std::vector<double> current_pA, v_jump_mV;
    std::vector<double> total_pA;          // with gap junctions: stimulus + coupling current
    std::vector<std::uint32_t> gap_local;  // block-local indices of coupled neurons
    std::vector<part> parts;
    // This block's spikes of the even and odd intervals, each sorted by (step, neuron): while
    // the other blocks still read interval i's, this one may already write interval i + 1's.
    std::array<std::vector<spike_record>, 2> spikes;
    std::vector<std::uint32_t> fired;  // scratch: group-local indices
    // Recorded state: each frame column's value, read where the model keeps it.
    struct recorded_value {
        std::uint32_t column;
        const double* real;           // a real state column's entry, or
        const std::int32_t* integer;  // an integer one's
    };
    std::vector<recorded_value> recorded;
    std::vector<delivery_block> delivery;  // this partition's synapse blocks
    due_queue due;                         // deferred runs, per ring slot
    bool sparse = false;                   // activity-driven stepping (skip_resting)
    awake_set awake;                       // neurons to step this step (block-local)
    std::vector<std::uint8_t> pinned;      // stimulus targets: stepped every step
    // Per ring slot, neurons given input by a restored checkpoint (restore_state): the sparse
    // engine wakes them in that slot's step, as apply_due wakes deferred runs' targets.
    std::vector<std::vector<std::uint32_t>> restored_input;
    std::uint64_t updates = 0, events = 0;
    phase_times time;
};

}  // namespace brainemu
