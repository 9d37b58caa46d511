#include "plan/calibration.hpp"

#include <algorithm>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/input_error.hpp"
#include "profile/record/run_profile_json.hpp"

namespace brainemu::plan {
namespace {

// Checks what calibration needs beyond what every profile.json holds: the CPU engine's
// resident bytes, counts and time split.
class calibration_reader {
public:
    calibration_reader(std::filesystem::path path, const run_profile_record& r)
        : path_(std::move(path)), r_(r) {}

    template <class T>
    [[nodiscard]] const T& need(const std::optional<T>& v, std::string_view field) const {
        if (!v) {
            fail(field, "required field is missing (calibration needs a CPU engine run's profile)");
        }
        return *v;
    }

    [[nodiscard]] double non_negative(double v, std::string_view field) const {
        if (v < 0.0) {
            fail(field, fmt::format("must be >= 0, got {}", v));
        }
        return v;
    }

    // Thread-seconds spent in one phase: the sum over per_thread_time_s when present, else
    // time_s (thread 0's) times the thread count.
    [[nodiscard]] double thread_seconds(std::optional<double> phase_seconds::*phase) const {
        const std::string_view name = phase_name(phase);
        if (r_.per_thread_time_s && !r_.per_thread_time_s->empty()) {
            double sum = 0.0;
            for (std::size_t i = 0; i < r_.per_thread_time_s->size(); ++i) {
                const std::string field =
                    fmt::format("{}[{}].{}", profile_key::per_thread_time_s, i, name);
                sum += non_negative(need((*r_.per_thread_time_s)[i].*phase, field), field);
            }
            return sum;
        }
        const std::string field = fmt::format("{}.{}", profile_key::time_s, name);
        const double thread0 = non_negative(need(need(r_.time_s, field).*phase, field), field);
        return thread0 * static_cast<double>(need(r_.threads, profile_key::threads));
    }

    [[noreturn]] void fail(std::string_view field, std::string_view problem) const {
        throw input_error({path_.string(), 0, std::string(field)}, problem);
    }

private:
    static std::string_view phase_name(std::optional<double> phase_seconds::*phase) {
        phase_seconds probe;
        std::string_view name;
        for_each_phase(probe, [&](std::string_view key, const std::optional<double>& v) {
            if (&v == &(probe.*phase)) {
                name = key;
            }
        });
        return name;
    }

    std::filesystem::path path_;
    const run_profile_record& r_;
};

}  // namespace

namespace {

// bench/weak_scaling.py's JSON: the point on the largest network (ties: the larger rank).
measured_profile read_weak_scaling(const std::filesystem::path& path, const nlohmann::json& doc) {
    auto fail = [&](const std::string& field, std::string_view problem) {
        throw input_error({path.string(), 0, field}, problem);
    };
    const nlohmann::json& series = doc["series"];
    if (!series.is_array() || series.empty()) {
        fail("series", "expected a non-empty array of series (bench/weak_scaling.py)");
    }
    const nlohmann::json* best = nullptr;
    std::string best_at;
    for (std::size_t i = 0; i < series.size(); ++i) {
        if (!series[i].is_object() || !series[i].contains("points") ||
            !series[i]["points"].is_array()) {
            fail(fmt::format("series[{}].points", i), "expected an array of points");
        }
        const nlohmann::json& points = series[i]["points"];  // `best` points into it
        for (std::size_t k = 0; k < points.size(); ++k) {
            const nlohmann::json& pt = points[k];
            const std::string at = fmt::format("series[{}].points[{}]", i, k);
            if (!pt.is_object() || !pt.contains("network_neurons_total")) {
                fail(at, "a point without network_neurons_total");
            }
            if (best == nullptr || std::pair(pt["network_neurons_total"].get<double>(),
                                             pt.value("neurons_per_rank", 0.0)) >
                                       std::pair((*best)["network_neurons_total"].get<double>(),
                                                 best->value("neurons_per_rank", 0.0))) {
                best = &pt;
                best_at = at;
            }
        }
    }
    if (best == nullptr) {
        fail("series", "no points");
    }
    const nlohmann::json& pt = *best;
    auto number = [&](const char* key) {
        if (!pt.contains(key) || !pt[key].is_number() || pt[key].get<double>() < 0.0) {
            fail(best_at + "." + key, "required number >= 0 is missing");
        }
        return pt[key].get<double>();
    };
    measured_profile m;
    m.path = path.string();
    m.neurons = number("neurons_per_rank");
    m.synapses = number("synapses_per_rank");
    if (m.neurons <= 0.0 || m.synapses <= 0.0) {
        fail(best_at, "neurons_per_rank and synapses_per_rank must be > 0 to calibrate");
    }
    m.ranks = number("ranks");
    m.network_neurons = number("network_neurons_total");
    m.network = fmt::format("cortex_sheet, rank {} of {:.0f}", pt.value("rank", 0), m.ranks);
    m.bytes_per_synapse = number("bytes_per_synapse");
    const double engine = number("bytes_resident_engine");
    m.bytes_per_neuron = std::max(0.0, engine - m.bytes_per_synapse * m.synapses) / m.neurons;
    m.state_bytes_per_neuron = number("bytes_resident_state") / m.neurons;
    m.s_per_neuron_update = number("s_per_neuron_update");
    m.s_per_synaptic_event = number("s_per_synaptic_event");
    const double dt_ms = number("dt_ms");
    if (dt_ms <= 0.0) {
        fail(best_at + ".dt_ms", "must be > 0");
    }
    m.steps_per_s = 1000.0 / dt_ms;
    m.threads = number("threads");
    m.mean_rate_hz = number("mean_rate_hz");
    m.bytes_received_per_s = number("bytes_received_per_simulated_s");
    if (pt.contains("messages_per_own_spike") && pt["messages_per_own_spike"].is_number()) {
        m.messages_per_spike = pt["messages_per_own_spike"].get<double>();
    }
    return m;
}

}  // namespace

extrapolation extrapolation_of(const measured_profile& m, double plan_neurons,
                               double plan_devices) {
    extrapolation e;
    const double measured = std::max(m.network_neurons, m.neurons);
    e.network_factor = measured > 0.0 ? plan_neurons / measured : 1.0;
    e.per_device_factor =
        m.neurons > 0.0 && plan_devices > 0.0 ? plan_neurons / plan_devices / m.neurons : 1.0;
    return e;
}

// A biophysical run's cable_profile.json (run/cable_run.cpp): its cells' bytes per
// compartment and per dendritic synapse, and its time per compartment-step.
measured_profile read_cable_profile(const std::filesystem::path& path, const nlohmann::json& doc) {
    auto number = [&](const char* key) {
        if (!doc.contains(key) || !doc[key].is_number() || !(doc[key].get<double>() >= 0.0)) {
            throw input_error({path.string(), 0, key}, "missing, or not a number >= 0");
        }
        return doc[key].get<double>();
    };
    measured_profile m;
    m.path = path.string();
    m.neurons = number("cells");
    m.synapses = number("synapses");
    const double compartments = number("compartments");
    const double steps = number("steps");
    if (m.neurons <= 0.0 || m.synapses <= 0.0 || compartments <= 0.0 || steps <= 0.0) {
        throw input_error({path.string(), 0, m.synapses <= 0.0 ? "synapses" : "steps"},
                          "a run with cells, synapses and steps calibrates the planner (5_cells "
                          "has no synapses: use 9_cells or bench/cable_cost.py's network)");
    }
    m.network = fmt::format("biophysical cells, {:.0f} compartments", compartments);
    m.compartments_per_neuron = compartments / m.neurons;
    m.bytes_per_synapse = number("bytes_per_synapse");
    m.bytes_per_compartment = number("bytes_per_compartment");
    m.bytes_per_neuron = *m.bytes_per_compartment * m.compartments_per_neuron;
    m.state_bytes_per_neuron = m.bytes_per_neuron;
    m.s_per_compartment_step = number("step_core_s") / (compartments * steps);
    m.s_per_neuron_update = *m.s_per_compartment_step * m.compartments_per_neuron;
    m.s_per_synaptic_event = 0.0;  // an Exp2Syn's work is per step, inside the step's time
    const double dt = number("dt_ms");
    if (dt <= 0.0) {
        throw input_error({path.string(), 0, "dt_ms"}, "must be > 0");
    }
    m.steps_per_s = 1000.0 / dt;
    m.threads = number("threads");
    m.mean_rate_hz = number("mean_rate_hz");
    m.network_neurons = m.neurons;
    m.ranks = number("ranks");
    return m;
}

namespace {

// A partitioned run's books: every part's messages and bytes sent, and the synapses whose
// source another part holds. A dry run's: what its rank received.
void read_measured_traffic(const run_profile_record& rec, measured_profile& m) {
    if (rec.dry_run && rec.dry_run->spikes_received > 0) {
        m.bytes_per_message = static_cast<double>(rec.dry_run->bytes_received) /
                              static_cast<double>(rec.dry_run->spikes_received);
    }
    if (!rec.partitions || !rec.partitioning || rec.partitioning->parts < 2) {
        return;
    }
    double messages = 0.0, bytes = 0.0, crossing = 0.0;
    bool every_part_counted_crossings = true;
    for (const partition_record& p : *rec.partitions) {
        messages += static_cast<double>(p.spikes_sent.value_or(0));
        bytes += static_cast<double>(p.bytes_sent.value_or(0));
        every_part_counted_crossings = every_part_counted_crossings && p.synapses_from_other_parts;
        crossing += static_cast<double>(p.synapses_from_other_parts.value_or(0));
    }
    if (messages > 0.0) {
        m.bytes_per_message = bytes / messages;
        if (rec.spikes > 0) {
            m.messages_per_spike = messages / static_cast<double>(rec.spikes);
        }
    }
    if (every_part_counted_crossings) {
        m.cut_fraction = crossing / m.synapses;
        m.cut_neurons_per_part = m.neurons / rec.partitioning->parts;
        m.cut_method =
            fmt::format("{}, {} parts", rec.partitioning->method, rec.partitioning->parts);
    }
}

}  // namespace

measured_profile read_profile(const std::filesystem::path& path) {
    {
        std::ifstream in(path);
        nlohmann::json doc;
        if (in) {
            doc = nlohmann::json::parse(in, nullptr, false);
        }
        if (doc.is_object() && doc.contains("series")) {
            return read_weak_scaling(path, doc);
        }
        if (doc.is_object() && doc.contains("rung") && doc.contains("compartments")) {
            return read_cable_profile(path, doc);
        }
    }
    const run_profile_record rec = read_profile_file(path);
    const calibration_reader r(path, rec);
    measured_profile m;
    m.path = path.string();
    m.network = rec.network.empty() ? std::string("(unnamed)") : rec.network;
    m.neurons = static_cast<double>(rec.neurons);
    m.synapses = static_cast<double>(rec.synapses);
    if (m.neurons <= 0.0 || m.synapses <= 0.0) {
        r.fail(m.neurons <= 0.0 ? profile_key::neurons : profile_key::synapses,
               "must be > 0 to calibrate");
    }
    const resident_bytes_record& bytes =
        r.need(rec.bytes_resident,
               fmt::format("{}.{}", profile_key::bytes_resident, profile_key::synapses));
    m.bytes_per_synapse = static_cast<double>(bytes.synapses) / m.synapses;
    m.bytes_per_neuron =
        static_cast<double>(bytes.total > bytes.synapses ? bytes.total - bytes.synapses : 0) /
        m.neurons;
    m.state_bytes_per_neuron = static_cast<double>(bytes.state) / m.neurons;
    const auto updates =
        static_cast<double>(r.need(rec.neuron_updates, profile_key::neuron_updates));
    const auto events =
        static_cast<double>(r.need(rec.synaptic_events, profile_key::synaptic_events));
    if (updates <= 0.0) {
        r.fail(profile_key::neuron_updates,
               "must be > 0 to calibrate time per update (run longer)");
    }
    m.s_per_neuron_update = r.thread_seconds(&phase_seconds::update) / updates;
    m.s_per_synaptic_event =
        events > 0.0 ? r.thread_seconds(&phase_seconds::delivery) / events : 0.0;
    if (rec.dt_ms <= 0.0) {
        r.fail(profile_key::dt_ms, "must be > 0");
    }
    m.steps_per_s = 1000.0 / rec.dt_ms;
    m.threads = static_cast<double>(r.need(rec.threads, profile_key::threads));
    m.mean_rate_hz = r.non_negative(r.need(rec.mean_rate_hz, profile_key::mean_rate_hz),
                                    profile_key::mean_rate_hz);
    m.network_neurons = static_cast<double>(rec.network_neurons_total.value_or(rec.neurons));
    read_measured_traffic(rec, m);
    if (rec.dry_run) {
        const double sim_s = rec.simulated_ms * 1e-3;
        m.ranks = rec.dry_run->ranks;
        m.network = fmt::format("{}, dry-run rank {} of {}", m.network, rec.dry_run->rank,
                                rec.dry_run->ranks);
        if (sim_s > 0.0) {
            m.bytes_received_per_s = static_cast<double>(rec.dry_run->bytes_received) / sim_s;
        }
        if (rec.spikes > 0) {
            m.messages_per_spike =
                static_cast<double>(rec.dry_run->spikes_received) / static_cast<double>(rec.spikes);
        }
    }
    return m;
}

void apply_calibration(const measured_profile& m, plan_inputs& in) {
    in.synapse.bytes_per_synapse = m.bytes_per_synapse;
    if (m.bytes_per_compartment) {
        // Cells scale with the plan's compartments, not with the measured cells' count.
        in.neuron.bytes_per_compartment = *m.bytes_per_compartment;
        in.neuron.bytes_per_neuron = 0.0;
        in.state_bytes_per_neuron = *m.bytes_per_compartment * in.neuron.compartments;
    } else {
        in.neuron.bytes_per_neuron = m.bytes_per_neuron;
        in.state_bytes_per_neuron = m.state_bytes_per_neuron;
    }
    in.overhead_factor = 1.0;
    in.neuron.steps_per_s = m.steps_per_s;
    // brainemu sends one message per spike per remote part, of the size it measured.
    if (m.bytes_per_message) {
        in.locality.bytes_per_spike_message = *m.bytes_per_message;
        in.locality.per_synapse_messages = false;
    }
    if (m.cut_fraction) {
        in.locality.cross_fraction = *m.cut_fraction;
        in.locality.curve = fmt::format(
            "parametric model; the crossing fraction {:.3g} measured at {:.4g} neurons per part "
            "({}) in {}",
            *m.cut_fraction, m.cut_neurons_per_part, m.cut_method, m.path);
    }
    in.measured = m;
}

double measured_core_s_per_s(const measured_profile& m, const plan_inputs& in) {
    if (m.s_per_compartment_step) {
        return in.org.neurons * in.neuron.compartments * in.neuron.steps_per_s *
                   *m.s_per_compartment_step +
               in.org.synapses * in.org.mean_rate_hz * m.s_per_synaptic_event;
    }
    return in.org.neurons * in.neuron.steps_per_s * m.s_per_neuron_update +
           in.org.synapses * in.org.mean_rate_hz * m.s_per_synaptic_event;
}

}  // namespace brainemu::plan
