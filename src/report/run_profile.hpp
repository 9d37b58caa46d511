#pragma once
// profile.json (src/profile/profile.cpp; keys in docs/formats.md), read as a file format: the
// report never links the engine. Keys that are absent stay at their defaults, so profiles from
// older or newer runs still give a report; a key of the wrong type is an input_error.
//
// Per-partition figures and the partition-to-partition traffic are not written yet; their
// expected keys ("partitions", "traffic") are documented in docs/report.md.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace brainemu::report {

// Named values in the file's order of meaning (not JSON's alphabetical order).
using named_values = std::vector<std::pair<std::string, double>>;

struct partition_profile {
    named_values counts;          // neurons, synapses, spikes, ... (those present)
    named_values bytes_resident;  // state, synapses, ..., total (those present)
    named_values time_s;          // update, delivery, ... (those present)
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
    double bytes_total = 0.0;
    named_values time_s;
    std::vector<named_values> per_thread_time_s;
    std::vector<partition_profile> partitions;
    std::optional<matrix> traffic_spikes, traffic_bytes;
};

[[nodiscard]] run_profile read_run_profile(const std::filesystem::path& path);

// The keys each partition object may hold, in the order the report shows them.
[[nodiscard]] const std::vector<std::string>& partition_count_keys();

}  // namespace brainemu::report
