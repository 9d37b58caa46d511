// `brainemu plan --list`: everything the planner can name, with its source.

#include <fmt/format.h>

#include "plan/plan_text.hpp"
#include "plan/presets.hpp"
#include "plan/roadmap.hpp"

namespace brainemu::plan {

std::string catalog_text(const catalog& cat) {
    std::string out = "organisms (neurons, synapses, mean rate):\n";
    for (const organism& o : cat.organisms) {
        out += fmt::format("  {:<16} {:>9} {:>9} {:>5.3g} Hz  {}\n", o.name, format_sci(o.neurons),
                           format_sci(o.synapses), o.mean_rate_hz, o.source);
    }
    out +=
        "\nneuron models (FLOP per compartment-step, steps/s, compartments, B/neuron, "
        "B/compartment):\n";
    for (const neuron_model& m : cat.neuron_models) {
        out += fmt::format("  {:<16} {:>6.4g} {:>6} {:>5.4g} {:>5.4g} {:>4.4g}  {}\n", m.name,
                           m.flop_per_compartment_step, format_sci(m.steps_per_s), m.compartments,
                           m.bytes_per_neuron, m.bytes_per_compartment, m.source);
    }
    out += "\nsynapse models (FLOP per event, FLOP per step if time-driven, B/synapse):\n";
    for (const synapse_model& m : cat.synapse_models) {
        out += fmt::format("  {:<16} {:>6.4g} {:>4.4g} {:>4.4g}  {}\n", m.name, m.flop_per_event,
                           m.flop_per_synapse_step, m.bytes_per_synapse, m.source);
    }
    out +=
        "\ndevices (memory, memory bandwidth, FP32 / FP16 dense / FP16 sparse FLOP/s, "
        "scale-up per device x domain, scale-out):\n";
    for (const device& d : cat.devices) {
        out += fmt::format(
            "  {:<9} {:.0f} {:>9} {:>11} {:>13} / {:>13} / {:>13} {:>11} x{:<3.0f} {:>11}\n    "
            "{}\n",
            d.name, d.year, format_quantity(d.memory_bytes, "B"),
            format_quantity(d.memory_bandwidth_bytes_per_s, "B/s"),
            format_quantity(d.fp32_flop_per_s, "FLOP/s"),
            format_quantity(d.fp16_dense_flop_per_s, "FLOP/s"),
            format_quantity(d.fp16_sparse_flop_per_s, "FLOP/s"),
            format_quantity(d.scale_up_bytes_per_s, "B/s"), d.scale_up_domain_devices,
            format_quantity(d.scale_out_bytes_per_s, "B/s"), d.source);
    }
    out +=
        "\nroadmap, announced and not in the catalog (memory, memory bandwidth, FP64 / FP32 "
        "FLOP/s, scale-up per device x domain, scale-out; '-' = not published); the timeline "
        "fits its trends over these and the catalog's accelerators:\n";
    auto known = [](double v, std::string_view unit) {
        return v > 0.0 ? format_quantity(v, unit) : std::string("-");
    };
    for (const roadmap_part& r : roadmap_parts()) {
        const device& d = r.dev;
        out += fmt::format(
            "  {:<11} {:.0f} {:>9} {:>11} {:>13} / {:>13} {:>11} x{:<3.0f} {:>11}\n    {}\n",
            d.name, d.year, known(d.memory_bytes, "B"),
            known(d.memory_bandwidth_bytes_per_s, "B/s"), known(d.fp64_flop_per_s, "FLOP/s"),
            known(d.fp32_flop_per_s, "FLOP/s"), known(d.scale_up_bytes_per_s, "B/s"),
            d.scale_up_domain_devices, known(d.scale_out_bytes_per_s, "B/s"), d.source);
        for (const roadmap_source& src : r.sources) {
            out += fmt::format("    source: {}, {} ({})\n", src.publisher, src.title, src.date);
        }
    }
    out += "\nclusters:\n";
    for (const cluster& c : cat.clusters) {
        out += fmt::format("  {:<12} {:>9.0f} x {:<7} at {:<11}  {}\n", c.name, c.devices, c.device,
                           to_string(c.precision), c.source);
    }
    out += "\npresets:\n";
    for (const plan_preset& p : builtin_presets()) {
        out += fmt::format("  {:<20} {}\n", p.name, p.source);
    }
    return out;
}

}  // namespace brainemu::plan
