#pragma once
// The GPU engine's interface, with two implementations: the CUDA one (cuda_engine.cu) and a
// sequential host emulation (emulated_device.cpp) that runs the very same step and delivery
// functions (device_step.hpp) over the same arrays, so host tests can compare it with the CPU
// engine bit for bit where no GPU exists.
//
// Trials are batched: every trial of an experiment advances together, sharing the network.
// Per communication interval of D_min steps (as the CPU engine): every neuron of every trial
// steps (stimuli, model, threshold) and appends its spikes; then every spike's row is pushed
// into its targets' ring slots. Spikes reach the sinks sorted by (step, neuron), per trial.

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "backends/cuda/device_problem.hpp"
#include "core/spike_sink.hpp"
#include "engine/engine.hpp"

namespace brainemu::cuda {

// The GPU side of the engine interface (engine/engine.hpp): every trial of the batch at once.
// stats(): steps, spikes and synaptic events of every trial, wall time inside run() (copies and
// sinks included); facts().launches: kernel launches (CUDA) or batches (emulation).
class device_engine : public engine {
public:
    explicit device_engine(std::shared_ptr<const device_problem> problem);

    // Advances every trial by `steps` steps. Trial t's spikes go to outputs[t].spikes when
    // outputs is not empty (an entry may be null), sorted by (step, neuron), in time order.
    // No voltages: lowering refuses voltage recording.
    void run(std::uint64_t steps, std::span<const trial_outputs> outputs = {},
             const progress_fn& progress = {}) override;
    void reset_counters() override;

    [[nodiscard]] std::uint32_t trials() const override { return problem_->trials; }
    [[nodiscard]] const device_problem& problem() const { return *problem_; }
    [[nodiscard]] std::uint64_t step() const { return step_; }
    [[nodiscard]] const run_stats& stats() const override { return stats_; }
    [[nodiscard]] resident_bytes memory() const override { return problem_->resident(); }
    [[nodiscard]] std::span<const std::uint32_t> spike_counts(std::uint32_t trial) const override;
    [[nodiscard]] double dt_ms() const override { return problem_->dt_ms; }
    [[nodiscard]] engine_facts facts() const override;
    [[nodiscard]] virtual const char* name() const = 0;

protected:
    // Advances [first, first + steps) (whole intervals but perhaps the last) and returns every
    // trial's spikes of that span, each list sorted by (step, neuron).
    virtual void advance(std::uint64_t first, std::uint64_t steps,
                         std::vector<std::vector<spike_record>>& spikes) = 0;
    // Steps per advance() call (a whole number of intervals).
    [[nodiscard]] virtual std::uint64_t steps_per_batch() const = 0;

    std::shared_ptr<const device_problem> problem_;

private:
    std::uint64_t step_ = 0;
    run_stats stats_;
    std::uint64_t launches_ = 0;
    std::vector<std::uint32_t> counts_;  // trials x n
    std::vector<std::vector<spike_record>> batch_;
};

}  // namespace brainemu::cuda
