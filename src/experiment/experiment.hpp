#pragma once
// An experiment file (TOML): what to simulate, how to drive it, what to record. Parsed and
// validated completely before anything is built or written.

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "engine/model_group.hpp"
#include "experiment/model_spec.hpp"
#include "experiment/network_spec.hpp"
#include "stimulus/selector.hpp"
#include "stimulus/stimulus.hpp"

namespace brainemu {

// [[model.override]]: another model (or other parameters) for the neurons a selector chooses;
// a later entry wins over an earlier one where both choose a neuron.
struct model_override {
    target_selector selector;
    model_spec model;
};

struct stimulus_spec {
    stimulus definition;  // targets filled in by build()
    target_selector selector;
    bool own_targets = false;    // a spike-time file without a selector: the file's neurons
    std::string weight_unit;     // "pA" or "mV" as the field was named (weight_pA / weight_mV)
    std::filesystem::path file;  // a spike_times stimulus's file (empty: times_ms)
    input_location where;
    // No stop_ms given: it lasts to the end of the run, whatever the duration (config.toml then
    // leaves stop_ms out, so that a longer --duration-ms, or a resumed checkpoint, extends it).
    bool to_the_end = false;
};

struct record_spec {
    bool spikes = true;
    bool csv = false;
    bool sonata = false;  // also spikes.h5 (SONATA), as a SONATA circuit's run writes
    // [record.voltages], or [record.state] with its variables (any state variable of the
    // models, M::state::columns(); empty: v_mV alone, as [record.voltages]).
    target_selector voltage_targets;
    bool voltages = false;
    std::vector<std::string> variables;
    double voltage_interval_ms = 1.0;
    input_location voltage_where;
    // Neurons whose rate across trials goes into trials.csv (none given: every neuron that
    // fired in some trial).
    std::optional<target_selector> summary_targets;
    input_location summary_where;
};

// Neurons whose outgoing synapses are removed (Shiu et al.: weights set to zero; they still
// spike).
struct silence_spec {
    target_selector selector;
    input_location where;
};

struct experiment {
    std::filesystem::path path;
    double dt_ms = 0.1;
    double duration_ms = 1000.0;
    double warmup_ms = 0.0;  // simulated first, neither recorded nor counted
    std::uint64_t seed = 1;
    unsigned threads = 0;  // 0: every core
    // Independent trials sharing one network: trial t runs with trial_seed(seed, t).
    std::uint32_t trials = 1;
    network_spec network;
    std::string network_name;
    std::map<std::string, std::vector<std::int64_t>> labels;
    std::optional<model_spec> model;  // user's [model]; builtins supply their own otherwise
    std::vector<model_override> model_overrides;
    // The unit the network's synaptic weights are given in ("pA", "mV", "nS", "1") and, for pA,
    // the time constant of the currents they describe (NaN: not known); each model maps them to
    // its own unit (model_spec::from_network).
    std::string weight_unit;
    double psc_tau_ms = NAN;
    // Models per neuron range, tiling the network, where neurons differ (SONATA node types);
    // empty: `model` for every neuron.
    std::vector<model_assignment> models_by_range;
    std::vector<stimulus_spec> stimuli;
    std::vector<silence_spec> silence;
    record_spec record;

    [[nodiscard]] std::uint64_t steps() const;
    [[nodiscard]] std::uint64_t warmup_steps() const;
    [[nodiscard]] neuron_id neurons() const;
};

// Trial 0 runs with the experiment's seed (so a one-trial run is the plain run); trial t > 0
// with a seed derived from (seed, t) by SplitMix64, so trials are independent streams.
[[nodiscard]] std::uint64_t trial_seed(std::uint64_t seed, std::uint32_t trial);

// config.toml: the experiment as an experiment file, every field with the value the run used,
// so that running it again reproduces the run (experiment_toml.hpp has it as a table).
[[nodiscard]] std::string resolved_config_toml(const experiment& e);

// KEY=VALUE from the command line; VALUE is TOML (a bare word is taken as a string).
struct override_spec {
    std::string key, value;
};

// Throws input_error naming the file, line and field of the first problem.
[[nodiscard]] experiment parse_experiment(const std::filesystem::path& path,
                                          const std::vector<override_spec>& overrides = {});
[[nodiscard]] experiment parse_experiment_text(std::string_view text,
                                               const std::filesystem::path& path,
                                               const std::vector<override_spec>& overrides = {});

// What the engine needs, built from an experiment for `threads` blocks.
struct built_experiment {
    network net;
    std::vector<model_assignment> models;
    std::vector<stimulus> stimuli;
    std::vector<neuron_id> record_voltages;  // engine indices, for simulation_config
    std::vector<neuron_id> voltage_ids;      // the same neurons' global ids, for files
    std::uint32_t voltage_every_steps = 10;
    std::vector<std::string> record_variables;  // empty: v_mV
    std::vector<neuron_id> summary_neurons;     // empty: every neuron that fired
    std::vector<std::string> notes;             // what the user should know (printed by run)
};

// How the engine lays out the neurons: one process with `threads` contiguous partitions (no
// part_of), one process with one partition per part of `part_of` (a partitioner's result), or
// one MPI rank holding part `rank` of `part_of`, cut into `threads` partitions.
struct layout_request {
    unsigned threads = 1;
    // Per neuron (global id). Empty: `parts` contiguous parts (split_blocks), or with one part,
    // contiguous blocks per thread.
    std::vector<std::uint32_t> part_of;
    std::uint32_t parts = 1;
    int rank = -1;  // -1: this process holds every part
};

// Builds the network (in parallel, one block per partition) and resolves every selector;
// throws input_error for unknown populations, labels or ids. Model groups, stimulus targets
// and recorded neurons come back in engine indices (see neuron_layout).
[[nodiscard]] built_experiment build_experiment(const experiment& e, const layout_request& req);
[[nodiscard]] built_experiment build_experiment(const experiment& e, unsigned threads);

// The synapse storage each part of `part_of` (K = parts) holds when laid out as `--parts K` lays
// it out: each part built alone, as a rank builds its own, measured (synapse_block::bytes) and
// released, so that `--virtual-parts K` books hold what `--parts K` holds without holding it.
[[nodiscard]] std::vector<std::uint64_t> synapse_bytes_per_part(
    const experiment& e, const std::vector<std::uint32_t>& part_of, std::uint32_t parts);

}  // namespace brainemu
