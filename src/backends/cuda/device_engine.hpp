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

namespace brainemu::cuda {

struct device_stats {
    std::uint64_t steps = 0;            // since the last reset_counters()
    std::uint64_t spikes = 0;           // every trial's
    std::uint64_t synaptic_events = 0;  // synapses of delivered spikes, every trial's
    std::uint64_t launches = 0;         // kernel launches (CUDA) or batches (emulation)
    double wall_s = 0.0;                // inside run(), copies and sinks included
};

class device_engine {
public:
    explicit device_engine(std::shared_ptr<const device_problem> problem);
    virtual ~device_engine() = default;
    device_engine(const device_engine&) = delete;
    device_engine& operator=(const device_engine&) = delete;

    // Advances every trial by `steps` steps. Trial t's spikes go to sinks[t] when sinks is
    // not empty (an entry may be null), sorted by (step, neuron), in time order.
    void run(std::uint64_t steps, std::span<spike_sink* const> sinks = {});
    // Forgets counts and times (after a warm-up).
    void reset_counters();

    [[nodiscard]] const device_problem& problem() const { return *problem_; }
    [[nodiscard]] std::uint64_t step() const { return step_; }
    [[nodiscard]] const device_stats& stats() const { return stats_; }
    [[nodiscard]] std::span<const std::uint32_t> spike_counts(std::uint32_t trial) const;
    // Membrane voltage of one neuron of one trial now.
    [[nodiscard]] virtual double voltage(std::uint32_t trial, std::uint32_t neuron) const = 0;
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
    device_stats stats_;
    std::vector<std::uint32_t> counts_;  // trials x n
    std::vector<std::vector<spike_record>> batch_;
};

}  // namespace brainemu::cuda
