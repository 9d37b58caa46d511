#pragma once
// An engine's state between two steps in a form that does not depend on the layout: every
// neuron's model state and every synaptic input already on its way (ring buffers, deferred
// runs), keyed by global id. What a checkpoint holds (run/checkpoint.hpp) besides the
// experiment it continues. Synapses are not part of it: the experiment rebuilds them bit for
// bit. Stimuli and random streams are neither: both are pure functions of the absolute step.

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "core/index_range.hpp"

namespace brainemu {

// The neurons of one model: columns named as M::state::columns() names them, rows in
// ascending global id.
struct model_state_table {
    std::string model;
    std::vector<std::string> real_names, integer_names;
    std::vector<neuron_id> ids;
    std::vector<std::vector<double>> real;  // [column][row]
    std::vector<std::vector<std::int32_t>> integer;
};

// Fixed-point input `fx` that reaches neuron `id` on ring channel `channel` at step `step`
// (channel 0 for one-channel models, whatever the ring of the layout that wrote it had).
struct pending_input {
    neuron_id id = 0;
    std::uint64_t step = 0;
    std::uint32_t channel = 0;
    std::int64_t fx = 0;
    [[nodiscard]] auto key() const { return std::tie(id, step, channel); }
};

struct engine_state {
    std::uint64_t step = 0;                 // the next step to run (steps [0, step) are done)
    double fx_per_unit = 0.0;               // the fixed-point scale of `pending`
    std::vector<model_state_table> models;  // by model name, ascending
    std::vector<pending_input> pending;     // by (id, step, channel), one entry per key

    // Takes in another process's share (an MPI rank's): tables joined by model name.
    void merge(engine_state&& other);
    // Puts tables, rows and pending inputs in their canonical order (above) and sums inputs
    // with the same key: two layouts' states of one run are then equal, byte for byte.
    void canonicalise();
    [[nodiscard]] std::uint64_t neurons() const;
};

}  // namespace brainemu
