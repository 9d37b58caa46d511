#pragma once
// profile.json as one typed record (docs/formats.md, "profile.json"). The engine-side profile
// library fills it from a finished simulation; the planner, the report and `brainemu profile`
// read it without linking the engine. Its JSON spelling lives only in this folder.
//
// Fields every writer has always written are plain members and required when read; fields
// that only some runs have (CPU or GPU engine, partitioned or MPI runs, several trials) or that
// older brainemu versions did not write are std::optional, absent from the file when empty.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace brainemu {

// The newest profile.json layout this build reads and the one it writes. Files without the
// field were written before it existed and are read as 1.
inline constexpr std::uint32_t profile_schema_version = 1;

// Seconds of wall time per phase. Each is optional because a partition's split may hold only
// some phases; brainemu itself writes all five.
struct phase_seconds {
    std::optional<double> update, delivery, communication, recording, waiting;
    bool operator==(const phase_seconds&) const = default;
};

// A whole process's measured resident bytes by category.
struct resident_bytes_record {
    std::uint64_t state = 0, synapses = 0, ring_buffers = 0, stimuli = 0, recorders = 0, total = 0;
    bool operator==(const resident_bytes_record&) const = default;
};

// A partition's resident bytes: an MPI rank's are measured (whole bytes, every category); a
// one-process run's books share the run's bytes out by what each part holds, as fractions of a
// byte (synapses, other, total). `shares` keeps them real numbers in the file.
struct partition_bytes_record {
    bool shares = false;
    std::optional<double> state, synapses, ring_buffers, stimuli, recorders, other, total;
    bool operator==(const partition_bytes_record&) const = default;
};

struct partition_record {
    std::optional<std::uint64_t> neurons, synapses, neuron_updates, synaptic_events, spikes;
    std::optional<std::uint64_t> spikes_sent, bytes_sent, spikes_received, bytes_received;
    std::optional<std::uint64_t> synapses_from_other_parts;  // one-process books only
    std::optional<partition_bytes_record> bytes_resident;
    std::optional<phase_seconds> time_s;  // MPI ranks only: each part's own clock
    bool operator==(const partition_record&) const = default;
};

// K x K, row = sender, column = receiver, diagonal 0.
using traffic_matrix = std::vector<std::vector<std::uint64_t>>;

struct traffic_record {
    std::optional<traffic_matrix> spikes, bytes;
    bool operator==(const traffic_record&) const = default;
};

struct partitioning_record {
    std::string method;
    std::uint32_t parts = 0;
    double partition_s = 0.0;
    bool virtual_parts = false;  // books only: the run itself was not laid out by the parts
    std::string counted;         // how the books were counted, in words
    bool operator==(const partitioning_record&) const = default;
};

// A dry run's own facts: which rank of how many it ran, how the other ranks' spikes were
// stood in for, and what this rank received from them (docs/scaling.md).
struct dry_run_record {
    std::uint32_t rank = 0, ranks = 0;
    // The first global id this rank holds (it holds `neurons` from there; older files: absent).
    std::optional<std::uint64_t> first_neuron;
    std::string stand_in;  // "replicate" or "replay:<spikes.bin>"
    // Sources of this rank's synapses that other ranks hold, the ranks holding at least one,
    // and those of them without a stand-in (replicate: offsets past this rank's size).
    std::uint64_t remote_sources = 0, ranks_sending = 0, sources_without_stand_in = 0;
    std::uint64_t spikes_received = 0, bytes_received = 0;
    bool operator==(const dry_run_record&) const = default;
};

struct synapse_block_record {
    std::uint64_t first = 0, last = 0;
    std::uint64_t synapses = 0;
    std::string weights, delays;  // storage forms, as synapse_block names them
    std::uint64_t bytes = 0;
    // Row forms: "dense" or "sparse", offsets "grouped" or "unary" (absent in older profiles).
    std::optional<std::string> rows, row_offsets;
    bool operator==(const synapse_block_record&) const = default;
};

// Synapses between the network's populations (networks of 2 to 64 populations): synapses[t][s]
// from population s onto population t; the report shows the in-degree K = synapses / size of t.
struct connectivity_record {
    std::vector<std::string> populations;
    std::vector<std::uint64_t> sizes;
    traffic_matrix synapses;  // [target][source]
    bool operator==(const connectivity_record&) const = default;
};

struct run_profile_record {
    std::uint32_t schema_version = profile_schema_version;
    std::optional<std::string> backend, device;  // GPU engine runs
    std::string network;
    std::uint64_t neurons = 0, synapses = 0;
    // The whole network's size where this process held only part of it (a dry run).
    std::optional<std::uint64_t> network_neurons_total, network_synapses_total;
    double dt_ms = 0.0;
    std::optional<std::uint64_t> seed, steps, interval_steps, threads;
    double simulated_ms = 0.0;
    // A run that a signal stopped early: "SIGINT" or "SIGTERM" (simulated_ms is what it ran).
    std::optional<std::string> stopped_by;
    std::optional<double> warmup_ms;
    // The first recorded step, counted from 0 with the warm-up (spike records use the same count):
    // the warm-up's steps, or the step of the checkpoint a run resumed from; absent when 0.
    std::optional<std::uint64_t> first_step;
    double build_s = 0.0, wall_s = 0.0, rtf = 0.0;
    std::optional<double> rtf_per_trial;
    std::uint64_t spikes = 0;
    std::optional<std::uint64_t> neuron_updates, synaptic_events;
    double events_per_s = 0.0;
    std::optional<double> bytes_per_synapse;
    std::optional<resident_bytes_record> bytes_resident;
    // The process as the kernel counts it: resident before and after building, and the peak up
    // to the end of each phase ("build": the engine is ready; "run": the first engine has run).
    std::optional<std::map<std::string, std::uint64_t>> rss_bytes, peak_rss_bytes;
    std::optional<std::map<std::string, double>> population_rates_hz;
    std::optional<double> mean_rate_hz;
    std::optional<std::map<std::string, std::uint64_t>> models;  // model -> neurons
    std::optional<phase_seconds> time_s;                         // thread 0's
    std::optional<std::vector<phase_seconds>> per_thread_time_s;
    std::optional<std::vector<synapse_block_record>> synapse_blocks;
    std::optional<std::uint64_t> launches, device_bytes;  // GPU engine runs
    std::optional<std::uint64_t> trials;
    std::optional<double> trials_wall_s;
    std::optional<std::uint64_t> ranks;
    std::optional<std::vector<partition_record>> partitions;
    std::optional<traffic_record> traffic;
    std::optional<partitioning_record> partitioning;
    std::optional<dry_run_record> dry_run;
    std::optional<connectivity_record> connectivity;
    bool operator==(const run_profile_record&) const = default;
};

// The phases of a time split with their keys, in the documented order (also the order the
// report shows them). `T` is phase_seconds, const or not.
template <class T, class F>
void for_each_phase(T& t, F&& f) {
    f(std::string_view("update"), t.update);
    f(std::string_view("delivery"), t.delivery);
    f(std::string_view("communication"), t.communication);
    f(std::string_view("recording"), t.recording);
    f(std::string_view("waiting"), t.waiting);
}

// The byte categories of a whole process, without the total.
template <class T, class F>
void for_each_byte_category(T& b, F&& f) {
    f(std::string_view("state"), b.state);
    f(std::string_view("synapses"), b.synapses);
    f(std::string_view("ring_buffers"), b.ring_buffers);
    f(std::string_view("stimuli"), b.stimuli);
    f(std::string_view("recorders"), b.recorders);
}

// A partition's byte figures, total last.
template <class T, class F>
void for_each_partition_byte(T& b, F&& f) {
    for_each_byte_category(b, f);
    f(std::string_view("other"), b.other);
    f(std::string_view("total"), b.total);
}

// A partition's counts that every partitioned run may have, in the report's order.
template <class T, class F>
void for_each_partition_count(T& p, F&& f) {
    f(std::string_view("neurons"), p.neurons);
    f(std::string_view("synapses"), p.synapses);
    f(std::string_view("neuron_updates"), p.neuron_updates);
    f(std::string_view("synaptic_events"), p.synaptic_events);
    f(std::string_view("spikes"), p.spikes);
    f(std::string_view("spikes_sent"), p.spikes_sent);
    f(std::string_view("bytes_sent"), p.bytes_sent);
    f(std::string_view("spikes_received"), p.spikes_received);
    f(std::string_view("bytes_received"), p.bytes_received);
}

}  // namespace brainemu
