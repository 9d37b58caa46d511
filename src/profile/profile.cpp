#include "profile/profile.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace brainemu {

std::vector<population_rate> population_rates(const network& net,
                                              std::span<const std::uint32_t> counts,
                                              double seconds) {
    std::vector<population_rate> out;
    for (const population& p : net.populations) {
        population_rate r{p.name, p.range.size(), 0, 0.0, p.reference_rate_hz};
        for (neuron_id i = p.range.first; i < p.range.last; ++i) {
            r.spikes += counts[i];
        }
        r.rate_hz = (seconds > 0.0 && r.neurons > 0)
                        ? static_cast<double>(r.spikes) / (static_cast<double>(r.neurons) * seconds)
                        : 0.0;
        out.push_back(r);
    }
    return out;
}

std::vector<population_rate> cell_type_rates(const network& net,
                                             std::span<const std::uint32_t> counts,
                                             double seconds) {
    std::vector<population_rate> out;
    if (!net.source || net.source->type_names.size() < 2 || counts.size() != net.size) {
        return out;
    }
    const connectome& c = *net.source;
    std::vector<population_rate> by_type(c.type_names.size());
    for (std::size_t t = 0; t < by_type.size(); ++t) {
        by_type[t].name = t == 0 ? "(none)" : c.type_names[t];
        by_type[t].reference_rate_hz = NAN;
    }
    for (std::uint32_t i = 0; i < c.size(); ++i) {
        population_rate& r = by_type[c.type[i]];
        ++r.neurons;
        r.spikes += counts[i];
    }
    for (population_rate& r : by_type) {
        if (r.neurons == 0) {
            continue;
        }
        r.rate_hz = seconds > 0.0
                        ? static_cast<double>(r.spikes) / (static_cast<double>(r.neurons) * seconds)
                        : 0.0;
        out.push_back(std::move(r));
    }
    return out;
}

std::string cell_type_rates_csv(const std::vector<population_rate>& rates) {
    std::string out = "type,neurons,spikes,rate_hz\n";
    for (const auto& r : rates) {
        // Quoted where a type's name holds a comma or a quote (RFC 4180).
        std::string name = r.name;
        if (name.find_first_of(",\"\n") != std::string::npos) {
            std::string quoted = "\"";
            for (char ch : name) {
                quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
            }
            name = quoted + "\"";
        }
        out += fmt::format("{},{},{},{:.6f}\n", name, r.neurons, r.spikes, r.rate_hz);
    }
    return out;
}

std::string rates_csv(const std::vector<population_rate>& rates) {
    // A fifth column where some population has a published rate (empty where it has none).
    const bool reference = std::any_of(rates.begin(), rates.end(), [](const population_rate& r) {
        return std::isfinite(r.reference_rate_hz);
    });
    std::string out = reference ? "population,neurons,spikes,rate_hz,reference_rate_hz\n"
                                : "population,neurons,spikes,rate_hz\n";
    for (const auto& r : rates) {
        out += fmt::format("{},{},{},{:.6f}", r.name, r.neurons, r.spikes, r.rate_hz);
        if (reference) {
            out += std::isfinite(r.reference_rate_hz) ? fmt::format(",{}", r.reference_rate_hz)
                                                      : std::string(",");
        }
        out += "\n";
    }
    return out;
}

namespace {

phase_seconds seconds_of(const phase_times& t) {
    return {t.update_s, t.delivery_s, t.communication_s, t.recording_s, t.waiting_s};
}

}  // namespace

run_profile_record make_profile(const engine& e, const network& net, const profile_context& ctx) {
    const run_stats& s = e.stats();
    const resident_bytes mem = e.memory();
    const engine_facts facts = e.facts();
    const std::uint64_t synapses = net.synapses.count();
    const double simulated_ms = static_cast<double>(s.steps) * e.dt_ms();
    run_profile_record r;
    r.network = ctx.network;
    r.neurons = net.size;
    r.synapses = synapses;
    r.dt_ms = e.dt_ms();
    r.seed = ctx.seed;
    r.simulated_ms = simulated_ms;
    r.steps = s.steps;
    r.interval_steps = facts.interval_steps;
    r.threads = facts.threads;
    r.build_s = ctx.build_s;
    r.warmup_ms = ctx.warmup_ms;
    r.wall_s = s.wall_s;
    r.rtf = simulated_ms > 0.0 ? s.wall_s / (simulated_ms * 1e-3) : 0.0;
    if (!facts.device.empty()) {  // an engine on a device runs its trials as one batch
        r.backend = facts.backend;
        r.device = facts.device;
        r.launches = facts.launches;
        r.device_bytes = facts.device_bytes;
        r.rtf_per_trial = r.rtf / e.trials();
    }
    r.spikes = s.spikes;
    r.neuron_updates = s.neuron_updates;
    r.synaptic_events = s.synaptic_events;
    r.events_per_s = s.wall_s > 0.0 ? static_cast<double>(s.synaptic_events) / s.wall_s : 0.0;
    r.bytes_per_synapse =
        synapses > 0 ? static_cast<double>(mem.synapses) / static_cast<double>(synapses) : 0.0;
    r.bytes_resident = resident_bytes_record{mem.state,   mem.synapses,  mem.ring_buffers,
                                             mem.stimuli, mem.recorders, mem.total()};
    if (ctx.spike_counts.size() == net.size) {  // else counts of a part: the caller's rates
        auto& rates = r.population_rates_hz.emplace();
        double total_spikes = 0.0;
        for (const auto& p : population_rates(net, ctx.spike_counts, simulated_ms * 1e-3)) {
            rates[p.name] = p.rate_hz;
            total_spikes += static_cast<double>(p.spikes);
        }
        r.mean_rate_hz = (simulated_ms > 0.0 && net.size > 0)
                             ? total_spikes / (static_cast<double>(net.size) * simulated_ms * 1e-3)
                             : 0.0;
    }
    r.time_s = seconds_of(s.time);
    auto& per_thread = r.per_thread_time_s.emplace();
    for (const auto& t : s.per_thread) {
        per_thread.push_back(seconds_of(t));
    }
    auto& forms = r.synapse_blocks.emplace();
    const synapse_store& store = net.synapses;
    for (std::size_t p = 0; p < store.partitions.size(); ++p) {
        if (!net.layout.holds(p)) {
            continue;  // another process's (a rank's, or a dry run's other ranks)
        }
        for (std::size_t k = store.first_block[p]; k < store.first_block[p + 1]; ++k) {
            const synapse_block& b = store.blocks[k];
            forms.push_back({b.targets.first, b.targets.last, b.size(),
                             std::string(to_string(b.weights)), std::string(to_string(b.delays)),
                             b.bytes(), b.dense() ? "dense" : "sparse",
                             std::string(b.row_offsets.form_name())});
        }
    }
    return r;
}

std::optional<connectivity_record> population_connectivity(const network& net) {
    const std::size_t n = net.populations.size();
    if (n < 2 || n > 64) {
        return std::nullopt;
    }
    connectivity_record c;
    for (const population& p : net.populations) {
        c.populations.push_back(p.name);
        c.sizes.push_back(p.range.size());
    }
    c.synapses.assign(n, std::vector<std::uint64_t>(n, 0));
    // Populations are contiguous ranges of global ids, in order.
    auto population_of = [&](neuron_id global) {
        std::size_t p = 0;
        while (p + 1 < n && !net.populations[p].range.contains(global)) {
            ++p;
        }
        return p;
    };
    // Counted flat, [target][source], one row visit per source: ~1 ns per synapse.
    std::vector<std::uint64_t> counts(n * n, 0);
    const synapse_store& store = net.synapses;
    for (std::size_t part = 0; part < store.partitions.size(); ++part) {
        if (!net.layout.holds(part)) {
            continue;
        }
        for (std::size_t k = store.first_block[part]; k < store.first_block[part + 1]; ++k) {
            const synapse_block& b = store.blocks[k];
            std::vector<std::uint32_t> target_row(b.targets.size());  // population x n
            for (neuron_id t = b.targets.first; t < b.targets.last; ++t) {
                target_row[t - b.targets.first] =
                    static_cast<std::uint32_t>(population_of(net.layout.global(t)) * n);
            }
            b.for_each_row([&](neuron_id source, std::uint64_t begin, std::uint64_t end) {
                const std::size_t s = population_of(net.layout.global(source));
                for (std::uint64_t j = begin; j < end; ++j) {
                    ++counts[target_row[b.target_of(j)] + s];
                }
            });
        }
    }
    for (std::size_t t = 0; t < n; ++t) {
        std::copy_n(counts.begin() + static_cast<std::ptrdiff_t>(t * n), n, c.synapses[t].begin());
    }
    return c;
}

}  // namespace brainemu
