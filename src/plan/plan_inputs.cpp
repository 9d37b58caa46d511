#include "plan/plan_inputs.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "core/closest_name.hpp"

namespace brainemu::plan {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
using ref_fn = double& (*)(plan_inputs&);

struct entry {
    param_info info;
    ref_fn ref;  // nullptr: computed (synapses_per_neuron)
};

// Registry order is application order: counts before ratios of counts.
const std::vector<entry>& registry() {
    static const std::vector<entry> r = {
        {{"neurons", "neurons in the organism", 1.0},
         [](plan_inputs& p) -> double& { return p.org.neurons; }},
        {{"synapses", "synapses in the organism"},
         [](plan_inputs& p) -> double& { return p.org.synapses; }},
        {{"synapses_per_neuron", "sets synapses = neurons x this"}, nullptr},
        {{"mean_rate_hz", "mean firing rate"},
         [](plan_inputs& p) -> double& { return p.org.mean_rate_hz; }},
        {{"flop_per_compartment_step", "neuron FLOP per compartment per step"},
         [](plan_inputs& p) -> double& { return p.neuron.flop_per_compartment_step; }},
        {{"steps_per_s", "time steps per simulated second (1 / dt)", 0.0, inf, true},
         [](plan_inputs& p) -> double& { return p.neuron.steps_per_s; }},
        {{"compartments", "compartments per neuron", 1.0, inf, false, true},
         [](plan_inputs& p) -> double& { return p.neuron.compartments; }},
        {{"bytes_per_neuron", "resident bytes per neuron"},
         [](plan_inputs& p) -> double& { return p.neuron.bytes_per_neuron; }},
        {{"bytes_per_compartment", "resident bytes per compartment"},
         [](plan_inputs& p) -> double& { return p.neuron.bytes_per_compartment; }},
        {{"state_bytes_per_neuron", "bytes of neuron state read and written per step"},
         [](plan_inputs& p) -> double& { return p.state_bytes_per_neuron; }},
        {{"flop_per_spike", "neuron FLOP per spike, event-driven (neuron_update=event)"},
         [](plan_inputs& p) -> double& { return p.neuron.flop_per_spike; }},
        {{"flop_per_event", "FLOP per synaptic event"},
         [](plan_inputs& p) -> double& { return p.synapse.flop_per_event; }},
        {{"flop_per_synapse_step", "FLOP per synapse per step, time-driven"},
         [](plan_inputs& p) -> double& { return p.synapse.flop_per_synapse_step; }},
        {{"bytes_per_synapse", "resident bytes per synapse"},
         [](plan_inputs& p) -> double& { return p.synapse.bytes_per_synapse; }},
        {{"synapse_writes_per_event", "1 if an event writes the synapse back", 0.0, 1.0},
         [](plan_inputs& p) -> double& { return p.synapse.writes_per_event; }},
        {{"ring_buffer_bytes_per_event", "input-buffer bytes moved per event"},
         [](plan_inputs& p) -> double& { return p.ring_buffer_bytes_per_event; }},
        {{"overhead_factor", "memory bookkeeping multiplier", 1.0},
         [](plan_inputs& p) -> double& { return p.overhead_factor; }},
        {{"cross_fraction", "fixed fraction of synapses crossing devices", 0.0, 1.0},
         [](plan_inputs& p) -> double& { return p.locality.cross_fraction; }},
        {{"long_range_share", "synapses from outside the local area", 0.0, 1.0},
         [](plan_inputs& p) -> double& { return p.locality.long_range_share; }},
        {{"axon_reach_mm", "mean local axon displacement"},
         [](plan_inputs& p) -> double& { return p.locality.axon_reach_mm; }},
        {{"neurons_per_mm3", "neuron density", 0.0, inf, true},
         [](plan_inputs& p) -> double& { return p.locality.neurons_per_mm3; }},
        {{"long_range_partitions", "partitions long-range synapses spread over (0 = all)"},
         [](plan_inputs& p) -> double& { return p.locality.long_range_partitions; }},
        {{"bytes_per_spike_message", "bytes per spike message"},
         [](plan_inputs& p) -> double& { return p.locality.bytes_per_spike_message; }},
        {{"devices", "devices in the plan (0 = as many as needed)", 0.0, inf, false, true},
         [](plan_inputs& p) -> double& { return p.devices; }},
        {{"device_memory_bytes", "memory per device", 0.0, inf, true},
         [](plan_inputs& p) -> double& { return p.dev.memory_bytes; }},
        {{"device_memory_bandwidth_bytes_per_s", "memory bandwidth per device", 0.0, inf, true},
         [](plan_inputs& p) -> double& { return p.dev.memory_bandwidth_bytes_per_s; }},
        {{"device_flop_per_s", "peak FLOP/s per device at the plan's precision", 0.0, inf, true},
         [](plan_inputs& p) -> double& { return p.dev.flop_per_s(p.precision); }},
        {{"device_fp64_flop_per_s", "peak FP64 FLOP/s per device"},
         [](plan_inputs& p) -> double& { return p.dev.fp64_flop_per_s; }},
        {{"device_fp32_flop_per_s", "peak FP32 FLOP/s per device"},
         [](plan_inputs& p) -> double& { return p.dev.fp32_flop_per_s; }},
        {{"device_power_w", "board power per device (0 = unknown: no energy)"},
         [](plan_inputs& p) -> double& { return p.dev.power_w; }},
        {{"price_usd_per_device_hour", "rental price per device-hour (0 = unknown: no cost)"},
         [](plan_inputs& p) -> double& { return p.dev.price_usd_per_hour; }},
        {{"target_rtf", "wall seconds per simulated second (1 = real time)", 0.0, inf, true},
         [](plan_inputs& p) -> double& { return p.target_rtf; }},
        {{"scale_up_bytes_per_s", "scale-up link bandwidth per device"},
         [](plan_inputs& p) -> double& { return p.dev.scale_up_bytes_per_s; }},
        {{"scale_up_domain_devices", "devices per scale-up domain", 1.0, inf, false, true},
         [](plan_inputs& p) -> double& { return p.dev.scale_up_domain_devices; }},
        {{"scale_out_bytes_per_s", "scale-out (NIC) bandwidth per device"},
         [](plan_inputs& p) -> double& { return p.dev.scale_out_bytes_per_s; }},
        {{"trend_flop_per_2y", "peak FLOP/s growth per two years (0 = fitted)"},
         [](plan_inputs& p) -> double& { return p.trend.flop_per_2y; }},
        {{"trend_memory_bytes_per_2y", "memory per device growth per two years (0 = fitted)"},
         [](plan_inputs& p) -> double& { return p.trend.memory_bytes_per_2y; }},
        {{"trend_memory_bandwidth_per_2y", "memory bandwidth growth per two years (0 = fitted)"},
         [](plan_inputs& p) -> double& { return p.trend.memory_bandwidth_per_2y; }},
        {{"trend_interconnect_per_2y", "interconnect growth per two years (0 = fitted)"},
         [](plan_inputs& p) -> double& { return p.trend.interconnect_per_2y; }},
        {{"base_year", "timeline start (0 = the device's year)", 0.0, 3000.0},
         [](plan_inputs& p) -> double& { return p.trend.base_year; }},
    };
    return r;
}

const std::vector<std::string> text_params = {"precision", "message_convention", "synapse_update",
                                              "neuron_update"};

const entry& find_entry(std::string_view name, const input_location& where) {
    for (const entry& e : registry()) {
        if (e.info.name == name) {
            return e;
        }
    }
    throw input_error(where, unknown_name_message("input", name, param_names()));
}

void set_text(plan_inputs& in, std::string_view name, std::string_view value,
              const input_location& where) {
    if (name == "precision") {
        set_precision(in, value, where.field);
    } else if (name == "message_convention") {
        if (value != "per_partition" && value != "per_synapse") {
            throw input_error(where,
                              fmt::format("'{}' is not per_partition or per_synapse", value));
        }
        in.locality.per_synapse_messages = value == "per_synapse";
    } else {
        if (value != "event" && value != "time") {
            throw input_error(where, fmt::format("'{}' is not event or time", value));
        }
        if (name == "synapse_update") {
            in.time_driven_synapses = value == "time";
        } else {
            in.event_driven_neurons = value == "event";
        }
    }
}

}  // namespace

const std::vector<param_info>& numeric_params() {
    static const std::vector<param_info> out = [] {
        std::vector<param_info> v;
        for (const entry& e : registry()) {
            v.push_back(e.info);
        }
        return v;
    }();
    return out;
}

std::vector<std::string> param_names() {
    std::vector<std::string> out = text_params;
    for (const entry& e : registry()) {
        out.push_back(e.info.name);
    }
    return out;
}

void check_value(const param_info& info, double value, const input_location& where) {
    if (!std::isfinite(value)) {
        throw input_error(where, fmt::format("must be a finite number, got {}", value));
    }
    if (info.positive ? !(value > 0.0) : value < info.min) {
        throw input_error(where, fmt::format("must be {} {}, got {}", info.positive ? ">" : ">=",
                                             info.positive ? 0.0 : info.min, value));
    }
    if (value > info.max) {
        throw input_error(where, fmt::format("must be <= {}, got {}", info.max, value));
    }
    if (info.integer && value != std::floor(value)) {
        throw input_error(where, fmt::format("must be a whole number, got {}", value));
    }
}

double param_value(const plan_inputs& in, std::string_view name) {
    const entry& e = find_entry(name, {"", 0, std::string(name)});
    if (e.ref == nullptr) {
        return in.synapses_per_neuron();
    }
    return e.ref(const_cast<plan_inputs&>(in));  // read only
}

void set_param(plan_inputs& in, std::string_view name, double value, const input_location& where) {
    const entry& e = find_entry(name, where);
    check_value(e.info, value, where);
    if (e.ref == nullptr) {
        in.org.synapses = value * in.org.neurons;
    } else {
        e.ref(in) = value;
    }
}

namespace {

// The catalog entry an input belongs to (organism, neuron or synapse model, device), for its
// `source` to say what was changed; nullptr for inputs of the plan itself.
std::string* owner_source(plan_inputs& in, const entry& e) {
    if (e.ref == nullptr) {
        return &in.org.source;  // synapses_per_neuron
    }
    const auto* field = reinterpret_cast<const char*>(&e.ref(in));
    auto within = [&](const auto& object) {
        const auto* begin = reinterpret_cast<const char*>(&object);
        return field >= begin && field < begin + sizeof(object);
    };
    if (within(in.org)) {
        return &in.org.source;
    }
    if (within(in.neuron)) {
        return &in.neuron.source;
    }
    if (within(in.synapse)) {
        return &in.synapse.source;
    }
    if (within(in.dev)) {
        return &in.dev.source;
    }
    return nullptr;
}

}  // namespace

void apply_overrides(plan_inputs& in, const std::vector<std::string>& overrides,
                     std::string_view field) {
    struct parsed {
        std::string key, value;
        std::size_t order;
    };
    std::vector<parsed> all;
    for (const std::string& text : overrides) {
        const auto eq = text.find('=');
        if (eq == std::string::npos || eq == 0) {
            throw input_error({"", 0, std::string(field)},
                              fmt::format("'{}' is not KEY=VALUE (e.g. mean_rate_hz=1)", text));
        }
        parsed p{text.substr(0, eq), text.substr(eq + 1), 0};
        const input_location where{"", 0, fmt::format("{} {}", field, p.key)};
        const auto t = std::find(text_params.begin(), text_params.end(), p.key);
        p.order = t != text_params.end()
                      ? 0
                      : 1 + static_cast<std::size_t>(&find_entry(p.key, where) - &registry()[0]);
        all.push_back(std::move(p));
    }
    std::stable_sort(all.begin(), all.end(),
                     [](const parsed& a, const parsed& b) { return a.order < b.order; });
    for (const parsed& p : all) {
        const input_location where{"", 0, fmt::format("{} {}", field, p.key)};
        if (p.order == 0) {
            set_text(in, p.key, p.value, where);
            continue;
        }
        if (p.key == "cross_fraction" && p.value == "model") {
            in.locality.cross_fraction = std::nan("");  // back to the locality model
            continue;
        }
        char* end = nullptr;
        const double v = std::strtod(p.value.c_str(), &end);
        if (p.value.empty() || end != p.value.c_str() + p.value.size()) {
            throw input_error(where, fmt::format("'{}' is not a number", p.value));
        }
        set_param(in, p.key, v, where);
        // A source must not describe figures the plan no longer uses: it says what replaced
        // them ("...; --preset freeman-pessimistic: compartments=1000, ...").
        if (std::string* source = owner_source(in, find_entry(p.key, where))) {
            const std::string head = fmt::format("; {} ", field);
            const std::size_t at = source->rfind(head);
            *source += at != std::string::npos && at + head.size() <= source->size() &&
                               source->find(';', at + 1) == std::string::npos
                           ? fmt::format(", {}={}", p.key, p.value)
                           : fmt::format("{}{}={}", head, p.key, p.value);
        }
    }
}

void set_precision(plan_inputs& in, std::string_view text, std::string_view field) {
    in.precision_by_kernel = text == "kernel";
    if (!in.precision_by_kernel) {
        in.precision = parse_precision(text, field);
    }
}

void validate(const plan_inputs& in) {
    for (const entry& e : registry()) {
        const double v = param_value(in, e.info.name);
        if (std::isnan(v) &&
            (e.info.name == "cross_fraction" || e.info.name == "state_bytes_per_neuron")) {
            continue;  // not set: the model decides
        }
        check_value(e.info, v, {"", 0, e.info.name});
    }
    if (in.event_driven_neurons && !(in.neuron.flop_per_spike > 0.0)) {
        throw input_error({"", 0, "neuron_update"},
                          fmt::format("neuron_update=event needs the neuron model's event-driven "
                                      "cost: {} has none (set flop_per_spike=N)",
                                      in.neuron.name));
    }
    for (const precision_kind p : {in.neuron_precision(), in.synapse_precision()}) {
        if (!(in.dev.flop_per_s(p) > 0.0)) {
            throw input_error({"", 0, "precision"},
                              fmt::format("device {} has no {} peak; give --precision with one "
                                          "it has, or --set device_{}_flop_per_s=N",
                                          in.dev.name, to_string(p), to_string(p)));
        }
    }
}

}  // namespace brainemu::plan
