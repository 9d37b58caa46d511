#pragma once
// A block's stimuli lowered to steps and block-local indices, applied once per step.

#include <cstdint>
#include <span>
#include <vector>

#include "core/index_range.hpp"
#include "stimulus/stimulus.hpp"

namespace brainemu {

// Where one step's stimulus input goes, indexed by block-local neuron. Synaptic-receptor events
// are added in fixed point to the same slots the network's spikes use (so the input is the
// same whatever the summation order); `channels` is the ring's channel count (1 or 2: negative
// weights to the second).
struct stimulus_targets {
    std::int64_t* syn_ch0 = nullptr;
    std::int64_t* syn_ch1 = nullptr;  // null when the block has one channel
    double fx_per_unit = 0.0;         // fixed-point units per weight unit
    double* current_pA = nullptr;     // used only if stimulus_plan::uses_current()
    double* v_jump_mV = nullptr;      // used only if stimulus_plan::uses_voltage()
};

// First step whose start time t = step * dt is at or after `ms` (tolerant of round-off in
// times that are meant to lie on the grid): where a stimulus starts and stops.
[[nodiscard]] std::uint32_t first_step_at(double ms, double dt_ms);

// P(count <= k) of a Poisson count with mean lambda (< 30), k = 0, 1, ... until the terms
// vanish, built with the same recurrence as poisson_from_uniform: a count is the first k with
// u < cdf[k] (at most cdf.size() - 1), exactly the count inversion would draw. Every engine
// that draws Poisson stimuli looks counts up here.
[[nodiscard]] std::vector<double> poisson_count_cdf(double lambda);

class stimulus_plan {
public:
    // `global_of` (empty: identity) names each engine index's global id: random streams are
    // keyed by it, so the input a neuron gets does not depend on the engine's layout.
    stimulus_plan(std::span<const stimulus> stimuli, index_range block, double dt_ms,
                  std::uint64_t seed, std::span<const std::uint32_t> global_of = {});

    // Adds the input of `step` (absolute step index). Steps must be visited in increasing order.
    // The current and voltage-jump arrays belong to the plan between calls: it rewrites the
    // currents only when one changes and clears only the jumps it wrote.
    void apply(std::uint32_t step, const stimulus_targets& out);

    [[nodiscard]] bool uses_current() const { return !currents_.empty(); }
    [[nodiscard]] bool uses_voltage() const { return uses_voltage_; }
    [[nodiscard]] double max_abs_synaptic_weight() const { return max_abs_syn_weight_; }
    [[nodiscard]] std::size_t bytes() const;

private:
    struct poisson_plan {
        std::vector<std::uint32_t> targets;  // block-local
        std::uint32_t start_step, stop_step;
        double lambda;
        double exp_neg_lambda;  // for the inversion path, lambda < 30
        double weight;
        bool voltage;
        std::uint32_t purpose;
        // P(count <= k), built by the same recurrence as poisson_from_uniform, so a table
        // lookup draws exactly the same count without its divisions.
        std::vector<double> cdf;
        // Fixed-point input of a count n (n < 16), for the fx_per_unit it was built with.
        std::vector<std::int64_t> fx_by_count;
        double fx_built_for = 0.0;
    };
    struct current_plan {
        std::vector<std::uint32_t> targets;
        std::vector<std::uint32_t> change_steps;  // amplitude[i] from change_steps[i]
        std::vector<double> amplitudes_pA;
        std::size_t next = 0;
        double amplitude = 0.0;
    };
    struct spike_plan {
        std::vector<std::pair<std::uint32_t, std::uint32_t>> events;  // (step, local target)
        std::size_t next = 0;
        double weight;
        bool voltage;
    };

    void add_event(const stimulus_targets& out, std::uint32_t local, double amount, bool voltage);

    [[nodiscard]] neuron_id global(std::uint32_t local) const {
        return global_of_.empty() ? block_.first + local : global_of_[block_.first + local];
    }

    index_range block_;
    std::uint64_t seed_;
    std::span<const std::uint32_t> global_of_;
    std::vector<poisson_plan> poissons_;
    std::vector<current_plan> currents_;
    std::vector<spike_plan> spikes_;
    bool uses_voltage_ = false;
    bool currents_initialised_ = false;
    std::vector<std::uint32_t> touched_v_;  // v_jump entries written in the last step
    double max_abs_syn_weight_ = 0.0;
};

}  // namespace brainemu
