#pragma once
// profile.json as the report shows it: read through the profile record
// (src/profile/record, keys in docs/formats.md), never linking the engine. Figures a run did
// not measure stay at their defaults; a missing required field or a value of the wrong type is
// an input_error naming the file and the field.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace brainemu::report {

// Named values in the file's order of meaning (not JSON's alphabetical order).
using named_values = std::vector<std::pair<std::string, double>>;

struct partition_profile {
    named_values counts;                // neurons, synapses, spikes, ... (those present)
    std::optional<double> bytes_total;  // resident bytes, all categories
    named_values time_s;                // update, delivery, ... (those present)
};

// K x K, row = sending partition, column = receiving partition.
using matrix = std::vector<std::vector<double>>;

struct run_profile {
    std::string network;
    double neurons = 0.0, synapses = 0.0, dt_ms = 0.0, steps = 0.0, simulated_ms = 0.0;
    double warmup_ms = 0.0, wall_s = 0.0, build_s = 0.0, rtf = 0.0, spikes = 0.0;
    double synaptic_events = 0.0, events_per_s = 0.0, bytes_per_synapse = 0.0;
    double mean_rate_hz = 0.0, threads = 0.0, trials = 0.0, trials_wall_s = 0.0;
    named_values bytes_resident;  // without "total"
    named_values models;          // neurons per model, where the run had several
    double bytes_total = 0.0;
    std::uint64_t first_neuron =
        0;  // a dry run's rank: its first global id (spikes' ids start there)
    std::uint64_t first_step = 0;  // the first recorded step (after a warm-up, or a resume)
    named_values time_s;
    std::vector<named_values> per_thread_time_s;
    std::vector<partition_profile> partitions;
    std::optional<matrix> traffic_spikes, traffic_bytes;
    // Synapses between populations: [target][source], and each population's size.
    std::vector<std::string> populations;
    std::vector<double> population_sizes;
    std::optional<matrix> population_synapses;
};

[[nodiscard]] run_profile read_run_profile(const std::filesystem::path& path);

// The counts each partition may hold, in the order the report shows them.
[[nodiscard]] const std::vector<std::string>& partition_count_keys();

// The title of the partitions' resident-bytes chart: the field's name in profile.json.
[[nodiscard]] std::string_view partition_bytes_key();

}  // namespace brainemu::report
