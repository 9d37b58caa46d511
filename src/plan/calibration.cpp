#include "plan/calibration.hpp"

#include <fmt/format.h>

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

measured_profile read_profile(const std::filesystem::path& path) {
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
    return m;
}

void apply_calibration(const measured_profile& m, plan_inputs& in) {
    in.synapse.bytes_per_synapse = m.bytes_per_synapse;
    in.neuron.bytes_per_neuron = m.bytes_per_neuron;
    in.state_bytes_per_neuron = m.state_bytes_per_neuron;
    in.overhead_factor = 1.0;
    in.neuron.steps_per_s = m.steps_per_s;
    in.measured = m;
}

double measured_core_s_per_s(const measured_profile& m, const plan_inputs& in) {
    return in.org.neurons * in.neuron.steps_per_s * m.s_per_neuron_update +
           in.org.synapses * in.org.mean_rate_hz * m.s_per_synaptic_event;
}

}  // namespace brainemu::plan
