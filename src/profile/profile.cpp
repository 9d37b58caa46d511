#include "profile/profile.hpp"

#include <fmt/format.h>

namespace brainemu {

std::vector<population_rate> population_rates(const simulation& sim,
                                              std::span<const std::uint32_t> given) {
    std::vector<population_rate> out;
    const double seconds = static_cast<double>(sim.stats().steps) * sim.dt_ms() * 1e-3;
    const auto counts = given.empty() ? sim.spike_counts() : given;
    for (const population& p : sim.net().populations) {
        population_rate r{p.name, p.range.size(), 0, 0.0};
        for (std::uint32_t i = p.range.first; i < p.range.last; ++i) {
            r.spikes += counts[i];
        }
        r.rate_hz = (seconds > 0.0 && r.neurons > 0)
                        ? static_cast<double>(r.spikes) / (r.neurons * seconds)
                        : 0.0;
        out.push_back(r);
    }
    return out;
}

std::string rates_csv(const std::vector<population_rate>& rates) {
    std::string out = "population,neurons,spikes,rate_hz\n";
    for (const auto& r : rates) {
        out += fmt::format("{},{},{},{:.6f}\n", r.name, r.neurons, r.spikes, r.rate_hz);
    }
    return out;
}

namespace {

nlohmann::json times_json(const phase_times& t) {
    return {{"update", t.update_s},
            {"delivery", t.delivery_s},
            {"communication", t.communication_s},
            {"recording", t.recording_s},
            {"waiting", t.waiting_s}};
}

}  // namespace

nlohmann::json make_profile(const simulation& sim, const profile_context& ctx) {
    const run_stats& s = sim.stats();
    const resident_bytes mem = sim.memory();
    const std::uint64_t synapses = sim.net().synapses.count();
    const double simulated_ms = static_cast<double>(s.steps) * sim.dt_ms();
    nlohmann::json j;
    j["network"] = ctx.network;
    j["neurons"] = sim.net().size;
    j["synapses"] = synapses;
    j["dt_ms"] = sim.dt_ms();
    j["seed"] = ctx.seed;
    j["simulated_ms"] = simulated_ms;
    j["steps"] = s.steps;
    j["interval_steps"] = sim.interval_steps();
    j["threads"] = sim.threads();
    j["build_s"] = ctx.build_s;
    j["warmup_ms"] = ctx.warmup_ms;
    j["wall_s"] = s.wall_s;
    j["rtf"] = simulated_ms > 0.0 ? s.wall_s / (simulated_ms * 1e-3) : 0.0;
    j["spikes"] = s.spikes;
    j["neuron_updates"] = s.neuron_updates;
    j["synaptic_events"] = s.synaptic_events;
    j["events_per_s"] = s.wall_s > 0.0 ? static_cast<double>(s.synaptic_events) / s.wall_s : 0.0;
    j["bytes_per_synapse"] =
        synapses > 0 ? static_cast<double>(mem.synapses) / static_cast<double>(synapses) : 0.0;
    j["bytes_resident"] = {
        {"state", mem.state},     {"synapses", mem.synapses},   {"ring_buffers", mem.ring_buffers},
        {"stimuli", mem.stimuli}, {"recorders", mem.recorders}, {"total", mem.total()}};
    nlohmann::json rates = nlohmann::json::object();
    double total_spikes = 0.0;
    for (const auto& r : population_rates(sim, ctx.spike_counts)) {
        rates[r.name] = r.rate_hz;
        total_spikes += static_cast<double>(r.spikes);
    }
    j["population_rates_hz"] = rates;
    j["mean_rate_hz"] = (simulated_ms > 0.0 && sim.net().size > 0)
                            ? total_spikes / (sim.net().size * simulated_ms * 1e-3)
                            : 0.0;
    j["time_s"] = times_json(s.time);
    nlohmann::json per_thread = nlohmann::json::array();
    for (const auto& t : s.per_thread) {
        per_thread.push_back(times_json(t));
    }
    j["per_thread_time_s"] = per_thread;
    nlohmann::json forms = nlohmann::json::array();
    for (const auto& b : sim.net().synapses.blocks) {
        forms.push_back({{"first", b.targets.first},
                         {"last", b.targets.last},
                         {"synapses", b.size()},
                         {"weights", std::string(to_string(b.weights))},
                         {"delays", std::string(to_string(b.delays))},
                         {"bytes", b.bytes()}});
    }
    j["synapse_blocks"] = forms;
    return j;
}

}  // namespace brainemu
