#pragma once
// The seam between a run and the engine that advances it (as arbor splits cell groups from
// their execution context): the CPU engine (`simulation`, this folder) and the GPU engine
// (src/backends/cuda) both implement it; the run library (src/run) owns the one trial loop,
// the outputs and the books, and only ever talks to an engine through this interface.
//
// An engine is built from a lowered problem (a network, model groups, stimuli, a
// simulation_config) for a batch of trials that share the network: the CPU engine runs one
// trial per engine, the GPU engine every trial of an experiment at once. MPI plugs in below
// the seam, as the CPU engine's communicator.

#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "core/index_range.hpp"
#include "core/spike_sink.hpp"
#include "engine/engine_state.hpp"
#include "engine/run_stats.hpp"

namespace brainemu {

struct progress_info {
    std::uint64_t step = 0, total_steps = 0, spikes = 0;
    double wall_s = 0.0;
};
using progress_fn = std::function<void(const progress_info&)>;

// Where one trial's outputs go; either may be null.
struct trial_outputs {
    spike_sink* spikes = nullptr;
    sample_sink* voltages = nullptr;
};

// What an engine is, for the run's log and profile.json.
struct engine_facts {
    std::string backend;  // "cpu" or "cuda"
    std::string device;   // what it ran on, where that is not this process's cores
    unsigned threads = 0;
    std::uint32_t interval_steps = 1;  // steps between spike exchanges (D_min)
    std::uint64_t launches = 0;        // kernel launches since reset_counters (GPU)
    std::uint64_t device_bytes = 0;    // device memory held (GPU)
};

class engine {
public:
    engine() = default;
    virtual ~engine() = default;
    engine(const engine&) = delete;
    engine& operator=(const engine&) = delete;

    // Trials this engine advances together.
    [[nodiscard]] virtual std::uint32_t trials() const = 0;
    // Advances every trial by `steps` steps from where the last call stopped. `outputs` is
    // empty (nothing recorded) or has one entry per trial. If it throws (a sink failed) the
    // engine must not be run again.
    virtual void run(std::uint64_t steps, std::span<const trial_outputs> outputs,
                     const progress_fn& progress) = 0;
    // Forgets the counts and timings so far (after a warm-up).
    virtual void reset_counters() = 0;

    // Work and time of the measured steps, every trial together.
    [[nodiscard]] virtual const run_stats& stats() const = 0;
    [[nodiscard]] virtual resident_bytes memory() const = 0;
    // Spikes per neuron of one trial, by global id from counts_from() on: every neuron of the
    // network (zero for neurons another rank holds), or only the contiguous range of global ids
    // this process runs, where it runs one (ranks and dry runs of contiguous parts).
    [[nodiscard]] virtual std::span<const std::uint32_t> spike_counts(
        std::uint32_t trial) const = 0;
    [[nodiscard]] virtual neuron_id counts_from() const { return 0; }
    // Membrane voltage of one neuron of one trial now.
    [[nodiscard]] virtual double voltage(std::uint32_t trial, neuron_id neuron) const = 0;
    [[nodiscard]] virtual double dt_ms() const = 0;

    // Checkpoints (run/checkpoint.hpp). The state between two run() calls, this process's
    // neurons, keyed by global id; the GPU engine has none to give (it throws input_error).
    [[nodiscard]] virtual engine_state save_state();
    // Continues from `state` (the whole network's, or at least this process's neurons) as if
    // this engine had run its steps itself: called on a fresh engine, before run(). Throws
    // input_error where the state does not fit the engine (other models, neurons, scale).
    virtual void restore_state(const engine_state& state);
    [[nodiscard]] virtual engine_facts facts() const = 0;
};

}  // namespace brainemu
