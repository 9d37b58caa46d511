#include "report/run_profile.hpp"

#include "profile/record/run_profile_json.hpp"

namespace brainemu::report {
namespace {

named_values named(const phase_seconds& t) {
    named_values out;
    for_each_phase(t, [&](std::string_view key, const std::optional<double>& v) {
        if (v) {
            out.emplace_back(key, *v);
        }
    });
    return out;
}

partition_profile shown(const partition_record& part) {
    partition_profile pp;
    for_each_partition_count(part,
                             [&](std::string_view key, const std::optional<std::uint64_t>& v) {
                                 if (v) {
                                     pp.counts.emplace_back(key, static_cast<double>(*v));
                                 }
                             });
    if (part.bytes_resident) {
        pp.bytes_total = part.bytes_resident->total;
    }
    if (part.time_s) {
        pp.time_s = named(*part.time_s);
    }
    return pp;
}

matrix shown(const traffic_matrix& m) {
    matrix out;
    for (const auto& row : m) {
        auto& r = out.emplace_back();
        for (const std::uint64_t v : row) {
            r.push_back(static_cast<double>(v));
        }
    }
    return out;
}

template <class T>
double or_zero(const std::optional<T>& v) {
    return v ? static_cast<double>(*v) : 0.0;
}

}  // namespace

const std::vector<std::string>& partition_count_keys() {
    static const std::vector<std::string> keys = [] {
        std::vector<std::string> k;
        const partition_record none;
        for_each_partition_count(none,
                                 [&](std::string_view key, const auto&) { k.emplace_back(key); });
        return k;
    }();
    return keys;
}

std::string_view partition_bytes_key() {
    return profile_key::bytes_resident;
}

run_profile read_run_profile(const std::filesystem::path& path) {
    const run_profile_record r = read_profile_file(path);
    run_profile p;
    p.network = r.network;
    p.neurons = static_cast<double>(r.neurons);
    p.synapses = static_cast<double>(r.synapses);
    p.dt_ms = r.dt_ms;
    p.steps = or_zero(r.steps);
    p.simulated_ms = r.simulated_ms;
    p.warmup_ms = or_zero(r.warmup_ms);
    // Files written before first_step existed: a warm-up was their only offset.
    p.first_step = r.first_step.value_or(
        r.dt_ms > 0.0 ? static_cast<std::uint64_t>(std::llround(or_zero(r.warmup_ms) / r.dt_ms))
                      : 0);
    if (r.models) {
        for (const auto& [name, n] : *r.models) {
            p.models.emplace_back(name, static_cast<double>(n));
        }
    }
    p.wall_s = r.wall_s;
    p.build_s = r.build_s;
    p.rtf = r.rtf;
    p.spikes = static_cast<double>(r.spikes);
    p.synaptic_events = or_zero(r.synaptic_events);
    p.events_per_s = r.events_per_s;
    p.bytes_per_synapse = or_zero(r.bytes_per_synapse);
    p.mean_rate_hz = or_zero(r.mean_rate_hz);
    p.threads = or_zero(r.threads);
    p.trials = or_zero(r.trials);
    p.trials_wall_s = or_zero(r.trials_wall_s);
    if (r.dry_run) {
        p.first_neuron = r.dry_run->first_neuron.value_or(0);
    }
    if (r.bytes_resident) {
        for_each_byte_category(*r.bytes_resident, [&](std::string_view key, std::uint64_t v) {
            p.bytes_resident.emplace_back(key, static_cast<double>(v));
        });
        p.bytes_total = static_cast<double>(r.bytes_resident->total);
    }
    if (r.time_s) {
        p.time_s = named(*r.time_s);
    }
    for (const phase_seconds& t : r.per_thread_time_s.value_or(std::vector<phase_seconds>{})) {
        p.per_thread_time_s.push_back(named(t));
    }
    for (const partition_record& part : r.partitions.value_or(std::vector<partition_record>{})) {
        p.partitions.push_back(shown(part));
    }
    if (r.traffic && r.traffic->spikes) {
        p.traffic_spikes = shown(*r.traffic->spikes);
    }
    if (r.traffic && r.traffic->bytes) {
        p.traffic_bytes = shown(*r.traffic->bytes);
    }
    if (r.connectivity) {
        p.populations = r.connectivity->populations;
        for (std::uint64_t n : r.connectivity->sizes) {
            p.population_sizes.push_back(static_cast<double>(n));
        }
        p.population_synapses = shown(r.connectivity->synapses);
    }
    return p;
}

}  // namespace brainemu::report
