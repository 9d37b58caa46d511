#include "plan/calibration.hpp"

#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/input_error.hpp"

namespace brainemu::plan {
namespace {

class profile_reader {
public:
    profile_reader(std::filesystem::path path, const nlohmann::json& doc)
        : path_(std::move(path)), doc_(doc) {}

    // A number at a dotted key ("bytes_resident.synapses"), >= 0.
    [[nodiscard]] double number(std::string_view dotted) const {
        const nlohmann::json* node = &doc_;
        std::string_view rest = dotted;
        while (!rest.empty()) {
            const auto dot = rest.find('.');
            const std::string part(rest.substr(0, dot));
            if (!node->is_object() || !node->contains(part)) {
                fail(dotted, "required field is missing (is this a brainemu profile.json?)");
            }
            node = &(*node)[part];
            rest = dot == std::string_view::npos ? std::string_view{} : rest.substr(dot + 1);
        }
        if (!node->is_number()) {
            fail(dotted, "must be a number");
        }
        const double v = node->get<double>();
        if (v < 0.0) {
            fail(dotted, fmt::format("must be >= 0, got {}", v));
        }
        return v;
    }

    // Thread-seconds spent in one phase: the sum over per_thread_time_s when present, else
    // time_s (thread 0's) times the thread count.
    [[nodiscard]] double thread_seconds(const std::string& phase) const {
        if (doc_.contains("per_thread_time_s") && doc_["per_thread_time_s"].is_array() &&
            !doc_["per_thread_time_s"].empty()) {
            double sum = 0.0;
            const auto& threads = doc_["per_thread_time_s"];
            for (std::size_t i = 0; i < threads.size(); ++i) {
                const auto& t = threads[i];
                if (!t.is_object() || !t.contains(phase) || !t[phase].is_number()) {
                    fail(fmt::format("per_thread_time_s[{}].{}", i, phase),
                         "required number is missing");
                }
                sum += t[phase].get<double>();
            }
            return sum;
        }
        return number("time_s." + phase) * number("threads");
    }

    [[noreturn]] void fail(std::string_view field, std::string_view problem) const {
        throw input_error({path_.string(), 0, std::string(field)}, problem);
    }

private:
    std::filesystem::path path_;
    const nlohmann::json& doc_;
};

}  // namespace

measured_profile read_profile(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) {
        throw input_error({path.string(), 0, "--calibrate"}, "cannot open the file");
    }
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& e) {
        throw input_error({path.string(), 0, "--calibrate"},
                          fmt::format("not valid JSON: {}", e.what()));
    }
    const profile_reader r(path, doc);
    measured_profile m;
    m.path = path.string();
    m.network = doc.contains("network") && doc["network"].is_string()
                    ? doc["network"].get<std::string>()
                    : std::string("(unnamed)");
    m.neurons = r.number("neurons");
    m.synapses = r.number("synapses");
    if (m.neurons <= 0.0 || m.synapses <= 0.0) {
        r.fail(m.neurons <= 0.0 ? "neurons" : "synapses", "must be > 0 to calibrate");
    }
    const double synapse_bytes = r.number("bytes_resident.synapses");
    const double total_bytes = r.number("bytes_resident.total");
    m.bytes_per_synapse = synapse_bytes / m.synapses;
    m.bytes_per_neuron = std::max(0.0, total_bytes - synapse_bytes) / m.neurons;
    m.state_bytes_per_neuron = r.number("bytes_resident.state") / m.neurons;
    const double updates = r.number("neuron_updates");
    const double events = r.number("synaptic_events");
    if (updates <= 0.0) {
        r.fail("neuron_updates", "must be > 0 to calibrate time per update (run longer)");
    }
    m.s_per_neuron_update = r.thread_seconds("update") / updates;
    m.s_per_synaptic_event = events > 0.0 ? r.thread_seconds("delivery") / events : 0.0;
    const double dt_ms = r.number("dt_ms");
    if (dt_ms <= 0.0) {
        r.fail("dt_ms", "must be > 0");
    }
    m.steps_per_s = 1000.0 / dt_ms;
    m.threads = r.number("threads");
    m.mean_rate_hz = r.number("mean_rate_hz");
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
