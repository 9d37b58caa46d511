#include "plan/plan_text.hpp"

#include <cmath>

#include <fmt/format.h>

#include "plan/calibration.hpp"

namespace brainemu::plan {

std::string format_sci(double v, int digits) {
    std::string t = fmt::format("{:.{}g}", v, digits);
    const auto e = t.find("e+");
    if (e != std::string::npos) {
        std::size_t first = e + 2;  // the exponent's first digit, leading zeros skipped
        while (first + 1 < t.size() && t[first] == '0') {
            ++first;
        }
        t = t.substr(0, e + 1) + t.substr(first);
    }
    return t;
}

namespace {

template <class... Args>
void add_line(std::string& out, fmt::format_string<Args...> f, Args&&... args) {
    out += fmt::format(f, std::forward<Args>(args)...);
    out += '\n';
}

bool is_tier(axis_kind a) {
    return a == axis_kind::scale_up || a == axis_kind::scale_out;
}

std::string devices_phrase(const plan_inputs& in, const plan_result& r) {
    if (!in.cluster.empty()) {
        return fmt::format("cluster {}: {} x {}", in.cluster, format_count(r.devices), in.dev.name);
    }
    if (r.devices_fixed) {
        return fmt::format("{} x {}", format_count(r.devices), in.dev.name);
    }
    return fmt::format("{} x {} (as many as the plan needs)", format_count(r.devices), in.dev.name);
}

}  // namespace

std::string format_count(double v) {
    if (!std::isfinite(v)) {
        return "never";
    }
    if (v >= 1e7) {
        return format_sci(v);
    }
    // Thousands separators for counts people read: 145,331.
    const std::string digits = fmt::format("{:.0f}", v);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += ',';
        }
        out += digits[i];
    }
    return out;
}

std::string format_quantity(double value, std::string_view unit) {
    if (!std::isfinite(value)) {
        return fmt::format("{} {}", value, unit);
    }
    static const char* prefixes[] = {"", "k", "M", "G", "T", "P", "E", "Z", "Y"};
    int p = 0;
    double v = value;
    while (std::abs(v) >= 999.5 && p < 8) {
        v /= 1000.0;
        ++p;
    }
    if (std::abs(v) >= 999.5) {
        return fmt::format("{:.3g} {}", value, unit);
    }
    return fmt::format("{:.3g} {}{}", v, prefixes[p], unit);
}

std::string format_ratio(double ratio) {
    if (!std::isfinite(ratio)) {
        return "no demand";
    }
    if (ratio < 1.0) {
        return fmt::format("{} ({}x short)", format_sci(ratio), format_sci(1.0 / ratio));
    }
    return fmt::format("{} (surplus)", format_sci(ratio));
}

std::string_view axis_title(axis_kind a) {
    switch (a) {
        case axis_kind::compute:
            return "compute";
        case axis_kind::memory:
            return "memory";
        case axis_kind::memory_bandwidth:
            return "memory bandwidth";
        case axis_kind::scale_up:
            return "scale-up link";
        case axis_kind::scale_out:
            return "scale-out link";
    }
    return "?";
}

std::string plan_text(const plan_inputs& in, const plan_result& r) {
    std::string out;
    add_line(out, "brainemu plan: {} at {} ({} compartment{}) with {} synapses{}", in.org.name,
             in.neuron.name, in.neuron.compartments, in.neuron.compartments == 1.0 ? "" : "s",
             in.synapse.name, in.preset.empty() ? "" : fmt::format(" [preset {}]", in.preset));
    add_line(out, "  organism  {} neurons, {} synapses ({:.4g} per neuron), {:.3g} Hz mean rate",
             format_sci(in.org.neurons), format_sci(in.org.synapses), in.synapses_per_neuron(),
             in.org.mean_rate_hz);
    add_line(out,
             "  neuron    {:.4g} FLOP per compartment-step x {} steps/s; {:.4g} B + {:.4g} B per "
             "compartment",
             in.neuron.flop_per_compartment_step, format_sci(in.neuron.steps_per_s),
             in.neuron.bytes_per_neuron, in.neuron.bytes_per_compartment);
    add_line(out, "  synapse   {} FLOP per event{}; {:.4g} B; memory overhead x{:.3g}",
             format_sci(in.synapse.flop_per_event),
             in.time_driven_synapses ? fmt::format(" + {:.4g} FLOP per step (time-driven)",
                                                   in.synapse.flop_per_synapse_step)
                                     : "",
             in.synapse.bytes_per_synapse, in.overhead_factor);
    add_line(out, "  hardware  {}; compute counted at {} peak", devices_phrase(in, r),
             to_string(in.precision));
    const spike_traffic& t = r.traffic;
    add_line(
        out,
        "  traffic   {:.3g}% of synapses cross devices ({}); {:.4g} messages of {:.3g} B per "
        "spike ({}); {:.4g}% leave the {:.0f}-device scale-up domain",
        100.0 * t.cross_fraction,
        std::isnan(in.locality.cross_fraction) ? "locality model" : "fixed", t.messages_per_spike,
        in.locality.bytes_per_spike_message,
        in.locality.per_synapse_messages ? "one per crossing synapse" : "one per remote partition",
        100.0 * t.out_of_domain_share,
        in.dev.has_scale_up() ? in.dev.scale_up_domain_devices : 1.0);
    if (in.measured) {
        const measured_profile& m = *in.measured;
        add_line(out,
                 "  calibrated from {} ({}, {:.0f} neurons, {} synapses): {:.3g} B per synapse, "
                 "{:.4g} B per neuron, {:.3g} ns per neuron update, {:.3g} ns per synaptic event "
                 "on the machine that ran it ({:.0f} threads)",
                 m.path, m.network, m.neurons, format_sci(m.synapses), m.bytes_per_synapse,
                 m.bytes_per_neuron, m.s_per_neuron_update * 1e9, m.s_per_synaptic_event * 1e9,
                 m.threads);
        if (m.s_per_compartment_step) {
            add_line(out,
                     "  biophysical cells: {:.4g} B per compartment, {:.3g} ns per "
                     "compartment-step ({:.4g} compartments per measured cell; the plan's {})",
                     m.bytes_per_compartment.value_or(0.0), *m.s_per_compartment_step * 1e9,
                     m.compartments_per_neuron, in.neuron.compartments);
        }
        if (m.ranks > 1.0) {
            add_line(out,
                     "  measured at scale: one rank of {} of a {}-neuron network; it received "
                     "{} per simulated second, {:.4g} messages per spike it fired",
                     format_count(m.ranks), format_sci(m.network_neurons),
                     format_quantity(m.bytes_received_per_s.value_or(0.0), "B"),
                     m.messages_per_spike.value_or(0.0));
        }
        const extrapolation x = extrapolation_of(m, in.org.neurons, r.devices);
        const std::string network =
            x.network_factor <= 1.0
                ? fmt::format("measured on a network of this size or larger ({} neurons)",
                              format_sci(std::max(m.network_neurons, m.neurons)))
                : fmt::format("extrapolates {}x past the largest network measured ({} neurons)",
                              format_sci(x.network_factor),
                              format_sci(std::max(m.network_neurons, m.neurons)));
        add_line(out, "  {}; {}x past its neurons per rank ({} per device here)", network,
                 format_sci(x.per_device_factor),
                 format_sci(r.devices > 0.0 ? in.org.neurons / r.devices : 0.0));
        if (x.network_factor > extrapolation_warning_factor) {
            add_line(out,
                     "  warning: this plan reaches {}x past the measured network; its measured "
                     "figures are an extrapolation (calibrate on a larger run or a dry-run rank "
                     "of this network, docs/scaling.md)",
                     format_sci(x.network_factor));
        }
    }
    out += '\n';
    add_line(out, "{:<18} {:>14} {:>14} {:>14}  {:<22} {:>15}", "axis", "demand (total)",
             "per device", "supply/device", "supply/demand", "devices needed");
    for (const axis_result& a : r.axes) {
        if (!a.present) {
            add_line(out, "{:<18} {:>14} {:>14} {:>14}  {:<22} {:>15}", axis_title(a.kind), "-",
                     "-", "none", "(no such tier)", "- ");
            continue;
        }
        add_line(out, "{:<18} {:>14} {:>14} {:>14}  {:<22} {:>15}", axis_title(a.kind),
                 format_quantity(a.demand_total, unit_of(a.kind)),
                 format_quantity(a.demand_per_device, unit_of(a.kind)),
                 format_quantity(a.supply_per_device, unit_of(a.kind)), format_ratio(a.ratio),
                 format_count(a.devices_needed) + (is_tier(a.kind) ? "*" : " "));
    }
    out += '\n';
    add_line(out,
             "* a tier's need: the fewest devices, at least the other axes' need, at which it "
             "carries its traffic (one device has none)");
    const axis_result& b = r.axis(r.binding);
    if (b.ratio < 1.0) {
        add_line(out, "binding axis: {}, {:.3g}x short (supply/demand {:.3g})",
                 axis_title(r.binding), 1.0 / b.ratio, b.ratio);
    } else {
        add_line(out, "binding axis: {}; nothing is short, it has the least surplus ({}x)",
                 axis_title(r.binding), format_sci(b.ratio));
    }
    add_line(out, "compute split: neurons {}, synapses {}; memory split: neurons {}, synapses {}",
             format_quantity(r.neuron_flop_per_s, "FLOP/s"),
             format_quantity(r.synapse_flop_per_s, "FLOP/s"), format_quantity(r.neuron_bytes, "B"),
             format_quantity(r.synapse_bytes, "B"));
    if ((in.precision == precision_kind::fp16_dense ||
         in.precision == precision_kind::fp16_sparse) &&
        in.dev.fp32_flop_per_s > 0.0) {
        const double fp32_ratio =
            in.dev.fp32_flop_per_s / r.axis(axis_kind::compute).demand_per_device;
        add_line(
            out,
            "note: compute counts the {} tensor peak; neuron and synapse kernels are scalar and "
            "memory-bound, and at the FP32 peak ({} per device) compute is {}",
            to_string(in.precision), format_quantity(in.dev.fp32_flop_per_s, "FLOP/s"),
            format_ratio(fp32_ratio));
    }
    if (r.measured_core_s_per_s) {
        add_line(out,
                 "measured: {} core-seconds per simulated second on the profiled machine, i.e. "
                 "{} of its cores for real time",
                 format_sci(*r.measured_core_s_per_s),
                 format_count(std::ceil(*r.measured_core_s_per_s)));
    }
    return out;
}

std::string sweep_text(const sweep_result& s) {
    std::string out =
        fmt::format("sweep {} from {:.4g} to {:.4g} ({} points, {} spacing)\n\n", s.spec.name,
                    s.spec.from, s.spec.to, s.spec.points, s.spec.logarithmic ? "log" : "linear");
    out += fmt::format("{:>12} {:>12}  {:<18}", s.spec.name, "devices", "binding axis");
    for (std::size_t a = 0; a < axis_count; ++a) {
        out += fmt::format(" {:>16}", axis_title(static_cast<axis_kind>(a)));
    }
    out += "\n";
    for (const sweep_row& row : s.rows) {
        out += fmt::format("{:>12} {:>12}  {:<18}", format_sci(row.value, 4),
                           format_count(row.result.devices), axis_title(row.result.binding));
        for (const axis_result& a : row.result.axes) {
            out += fmt::format(" {:>16}", a.present ? format_sci(a.ratio) : "-");
        }
        out += "\n";
    }
    out += "\n(columns per axis: supply/demand)\n";
    if (s.transitions.empty()) {
        out += "the binding axis does not change over this range\n";
    }
    for (const sweep_transition& t : s.transitions) {
        out += fmt::format("binding axis changes from {} to {} at {} = {}\n", axis_title(t.from),
                           axis_title(t.to), s.spec.name, format_sci(t.value, 4));
    }
    return out;
}

}  // namespace brainemu::plan
