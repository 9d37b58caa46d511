#pragma once
// The CPU engine: fixed time step, one thread per block of neurons, spikes exchanged once per
// communication interval of D_min steps.

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/spike_sink.hpp"
#include "engine/communicator.hpp"
#include "engine/engine.hpp"
#include "engine/model_group.hpp"
#include "engine/run_stats.hpp"
#include "network/network.hpp"
#include "stimulus/stimulus.hpp"

namespace brainemu {

struct simulation_config {
    double dt_ms = 0.1;
    std::uint64_t seed = 1;
    // State variables of these neurons (global indices, in this order) every
    // `voltage_every_steps`: each of `record_variables` (the names of the models' state columns,
    // M::state::columns(); empty: "v_mV") for every neuron, frame column = variable index x
    // neurons + neuron index. Every recorded neuron's model must have every variable.
    std::vector<neuron_id> record_voltages;
    std::vector<std::string> record_variables;
    std::uint32_t voltage_every_steps = 10;

    [[nodiscard]] std::size_t recorded_columns() const {
        return record_voltages.size() * std::max<std::size_t>(1, record_variables.size());
    }
    // The straightforward delivery instead of the specialised one (for tests: both must give
    // bit-identical spikes).
    bool reference_paths = false;
    // Step only neurons that are not exactly at rest or that receive input (exact: a neuron
    // at rest with no input would keep every bit of its state). Used where the model supports
    // it (fly_lif) and every synapse block defers its delivery; elsewhere every neuron steps.
    bool skip_resting = false;
};

// The CPU engine; one trial per engine.
class simulation final : public engine {
public:
    // The network's synapse blocks fix the thread blocks: one thread per block.
    simulation(network net, std::span<const model_assignment> models, std::vector<stimulus> stimuli,
               simulation_config config, communicator& comm);
    // Trials of one experiment share the network (read-only during runs) instead of copying it.
    simulation(std::shared_ptr<const network> net, std::span<const model_assignment> models,
               std::vector<stimulus> stimuli, simulation_config config, communicator& comm);
    ~simulation() override;

    // Advances `steps` steps from where the last call stopped. If it throws (a sink failed),
    // the neuron state is part way through and the simulation must not be run again. Spikes go to
    // `spikes` (may be null), sampled voltages to `voltages` (may be null), progress to `progress`
    // about once per `progress_every_s` of wall time.
    void run(std::uint64_t steps, spike_sink* spikes, sample_sink* voltages,
             const progress_fn& progress = {}, double progress_every_s = 0.5);

    // The engine interface (engine.hpp): one trial.
    [[nodiscard]] std::uint32_t trials() const override { return 1; }
    void run(std::uint64_t steps, std::span<const trial_outputs> outputs,
             const progress_fn& progress) override;
    // Forgets the counts and timings so far (spikes per neuron, events, phase times), so that
    // stats() describe only what runs next: a warm-up is run, then measured from here.
    void reset_counters() override;
    [[nodiscard]] const run_stats& stats() const override { return stats_; }
    [[nodiscard]] resident_bytes memory() const override;
    [[nodiscard]] std::span<const std::uint32_t> spike_counts(std::uint32_t) const override {
        return spike_counts_;
    }
    [[nodiscard]] neuron_id counts_from() const override { return counts_from_; }
    [[nodiscard]] double voltage(std::uint32_t, neuron_id neuron) const override {
        return voltage(neuron);
    }
    [[nodiscard]] double dt_ms() const override { return config_.dt_ms; }
    [[nodiscard]] engine_facts facts() const override;
    [[nodiscard]] engine_state save_state() override;
    void restore_state(const engine_state& state) override;

    [[nodiscard]] const network& net() const { return *net_; }
    [[nodiscard]] std::span<const std::uint32_t> spike_counts() const { return spike_counts_; }
    [[nodiscard]] std::uint32_t interval_steps() const { return interval_; }
    [[nodiscard]] unsigned threads() const { return static_cast<unsigned>(blocks_.size()); }
    [[nodiscard]] std::uint64_t step() const { return step_; }
    // Membrane voltage of one neuron now.
    [[nodiscard]] double voltage(neuron_id neuron) const;

    struct block_state;  // per thread: its ring buffer, stimuli, scratch (simulation.cpp)

private:
    void run_block(std::size_t b, std::uint64_t first_step, std::uint64_t steps);
    void update_interval(std::size_t b, std::uint64_t first, std::uint32_t n, int parity);
    void update_interval_sparse(std::size_t b, std::uint64_t first, std::uint32_t n, int parity);
    void start_sparse(block_state& st);
    void rebuild_awake(block_state& st);
    void restore_held(const engine_state& state);
    void sample_voltages(block_state& st, std::uint64_t first, std::uint64_t s, int parity);
    void record_state(block_state& st);
    void deliver(std::size_t b, std::span<const spike_record> spikes);
    void merge_and_record(std::uint64_t first, std::uint32_t n, int parity);
    void couple(block_state& st, std::uint64_t s);
    void publish_voltages(block_state& st, std::uint64_t s);

    std::shared_ptr<const network> net_;  // shared by the trials of one experiment
    std::vector<any_model_group> groups_;
    std::vector<stimulus> stimuli_;
    simulation_config config_;
    communicator& comm_;
    std::vector<std::unique_ptr<block_state>> blocks_;
    std::vector<std::uint32_t> spike_counts_;  // from global id counts_from_ on
    neuron_id counts_from_ = 0;
    std::uint32_t interval_ = 1;
    double fx_per_unit_ = 1.0;
    std::uint64_t step_ = 0;
    std::uint64_t measured_from_ = 0;  // step at the last reset_counters()
    run_stats stats_;

    // Shared between threads during run(): this interval's spikes of every partition, and the
    // voltage frames.
    std::vector<spike_record> merged_, global_;
    std::vector<spike_record> gathered_, recorded_;  // every rank's (rank 0), in global ids
    std::vector<std::size_t> held_;                  // partitions this process runs, per block
    std::vector<float> frames_;                      // two halves: even and odd intervals
    // With gap junctions: every neuron's voltage after step s in gap_v_[s % 2], read by its
    // partners at step s + 1 (the interval is then one step, so a barrier separates the two).
    std::array<std::vector<double>, 2> gap_v_;
    spike_sink* spike_out_ = nullptr;
    sample_sink* voltage_out_ = nullptr;
    // First step of the interval at which every thread stops after a failure (none: max).
    std::atomic<std::uint64_t> stop_at_{UINT64_MAX};
};

}  // namespace brainemu
