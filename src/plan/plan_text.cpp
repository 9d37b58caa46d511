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

namespace {

void add_energy_and_cost(std::string& out, const plan_inputs& in, const plan_result& r) {
    if (std::isnan(r.power_w)) {
        add_line(out, "energy: no sourced board power for {} (--set device_power_w=W)",
                 in.dev.name);
    } else {
        add_line(out,
                 "energy: {} x {:.4g} W = {} of boards (hosts, network, cooling not counted); "
                 "{} J per simulated second, {} J per synaptic event",
                 format_count(r.devices), in.dev.power_w, format_quantity(r.power_w, "W"),
                 format_sci(r.energy_j_per_simulated_s), format_sci(r.energy_j_per_synaptic_event));
    }
    if (std::isnan(r.cost_usd_per_simulated_s)) {
        add_line(out,
                 "cost: {} device-hours per simulated second; no sourced price for {} (--set "
                 "price_usd_per_device_hour=USD)",
                 format_sci(r.device_hours_per_simulated_s), in.dev.name);
        return;
    }
    add_line(out,
             "cost: {} device-hours per simulated second x ${:.3g} per device-hour = ${} per "
             "simulated second (${} to ${}), ${} per simulated day",
             format_sci(r.device_hours_per_simulated_s), in.dev.price_usd_per_hour,
             format_sci(r.cost_usd_per_simulated_s), format_sci(r.cost_low_usd_per_simulated_s),
             format_sci(r.cost_high_usd_per_simulated_s),
             format_sci(r.cost_usd_per_simulated_s * 86400.0));
    if (!in.dev.price_source.empty()) {
        add_line(out, "  price: {}", in.dev.price_source);
    }
}

}  // namespace

std::string plan_text(const plan_inputs& in, const plan_result& r) {
    std::string out;
    add_line(out, "brainemu plan: {} at {} ({} compartment{}) with {} synapses{}", in.org.name,
             in.neuron.name, in.neuron.compartments, in.neuron.compartments == 1.0 ? "" : "s",
             in.synapse.name, in.preset.empty() ? "" : fmt::format(" [preset {}]", in.preset));
    add_line(out, "  organism  {} neurons, {} synapses ({:.4g} per neuron), {:.3g} Hz mean rate",
             format_sci(in.org.neurons), format_sci(in.org.synapses), in.synapses_per_neuron(),
             in.org.mean_rate_hz);
    add_line(
        out, "  neuron    {}; {:.4g} B + {:.4g} B per compartment",
        in.event_driven_neurons
            ? fmt::format("{:.4g} FLOP per spike (event-driven)", in.neuron.flop_per_spike)
            : fmt::format("{:.4g} FLOP per compartment-step x {} steps/s",
                          in.neuron.flop_per_compartment_step, format_sci(in.neuron.steps_per_s)),
        in.neuron.bytes_per_neuron, in.neuron.bytes_per_compartment);
    add_line(out, "  synapse   {} FLOP per event{}; {:.4g} B; memory overhead x{:.3g}",
             format_sci(in.synapse.flop_per_event),
             in.time_driven_synapses ? fmt::format(" + {:.4g} FLOP per step (time-driven)",
                                                   in.synapse.flop_per_synapse_step)
                                     : "",
             in.synapse.bytes_per_synapse, in.overhead_factor);
    add_line(out, "  hardware  {}; compute counted at {}", devices_phrase(in, r),
             in.precision_by_kernel
                 ? fmt::format("each kernel's precision: neurons {}, synapses {}",
                               to_string(in.neuron_precision()), to_string(in.synapse_precision()))
                 : fmt::format("{} peak", to_string(in.precision)));
    if (in.target_rtf != 1.0) {
        add_line(out,
                 "  pace      {:.4g} wall seconds per simulated second: rates of work are 1/{:.4g} "
                 "of real time's",
                 in.target_rtf, in.target_rtf);
    }
    const spike_traffic& t = r.traffic;
    add_line(
        out,
        "  traffic   {:.3g}% of synapses cross devices ({}); {:.4g} messages of {:.3g} B per "
        "spike ({}); {:.4g}% leave the {:.0f}-device scale-up domain (split by the locality "
        "curve: {})",
        100.0 * t.cross_fraction,
        std::isnan(in.locality.cross_fraction) ? "locality model" : "fixed", t.messages_per_spike,
        in.locality.bytes_per_spike_message,
        in.locality.per_synapse_messages ? "one per crossing synapse" : "one per remote partition",
        100.0 * t.out_of_domain_share, in.dev.has_scale_up() ? in.dev.scale_up_domain_devices : 1.0,
        in.locality.curve);
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
        if (m.bytes_per_message) {
            add_line(out, "  measured traffic: {:.3g} B per message, {:.4g} messages per spike",
                     *m.bytes_per_message, m.messages_per_spike.value_or(0.0));
        }
        if (m.cut_fraction) {
            const double plan_per_device = r.devices > 0.0 ? in.org.neurons / r.devices : 0.0;
            add_line(
                out,
                "  measured cut: {:.3g}% of synapses cross at {:.4g} neurons per part ({}); "
                "the plan's devices hold {}x as many, and a cut measured on small parts "
                "overstates a large part's (give --locality-cuts for a curve)",
                100.0 * *m.cut_fraction, m.cut_neurons_per_part, m.cut_method,
                format_sci(m.cut_neurons_per_part > 0.0 ? plan_per_device / m.cut_neurons_per_part
                                                        : 0.0));
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
                 format_quantity(a.demand_total, unit_of(r, a.kind)),
                 format_quantity(a.demand_per_device, unit_of(r, a.kind)),
                 format_quantity(a.supply_per_device, unit_of(r, a.kind)), format_ratio(a.ratio),
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
    const std::vector<precision_row> rows = binding_by_precision(in);
    if (!rows.empty()) {
        add_line(out, "binding axis with every kernel at one peak:");
    }
    for (const precision_row& p : rows) {
        add_line(out, "  {:<12} {:<18} (compute supply/demand {})", to_string(p.precision),
                 axis_title(p.binding), format_ratio(p.compute_ratio));
    }
    if (!in.precision_by_kernel && (in.precision == precision_kind::fp16_dense ||
                                    in.precision == precision_kind::fp16_sparse)) {
        add_line(out,
                 "note: compute counts the {} tensor peak; neuron and synapse kernels are scalar "
                 "(brainemu's neurons run in FP64), so a tensor peak flatters the compute axis",
                 to_string(in.precision));
    }
    add_energy_and_cost(out, in, r);
    if (r.compute_in_measured_time) {
        add_line(out,
                 "compute counts measured time: {} core-seconds per simulated second on the "
                 "profiled machine, a {} core taken to do what one of its cores did",
                 format_sci(*r.measured_core_s_per_s), in.dev.name);
    } else if (r.measured_core_s_per_s) {
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

namespace {

// A grid cell: the binding axis in a few letters.
std::string_view axis_letters(axis_kind a) {
    switch (a) {
        case axis_kind::compute:
            return "C";
        case axis_kind::memory:
            return "M";
        case axis_kind::memory_bandwidth:
            return "BW";
        case axis_kind::scale_up:
            return "UP";
        case axis_kind::scale_out:
            return "OUT";
    }
    return "?";
}

}  // namespace

std::string sweep_grid_text(const sweep_grid& g) {
    std::string out = fmt::format(
        "sweep of two inputs: {} from {:.4g} to {:.4g} (columns) by {} from {:.4g} to {:.4g} "
        "(rows); cells name the binding axis (C compute, M memory, BW memory bandwidth, UP "
        "scale-up, OUT scale-out)\n\n",
        g.x.name, g.x.from, g.x.to, g.y.name, g.y.from, g.y.to);
    out += fmt::format("{:>12} |", "");
    for (const sweep_row& c : g.rows.front().along_x.rows) {
        out += fmt::format(" {:>9}", format_sci(c.value, 3));
    }
    out += "\n";
    for (const sweep_grid_row& row : g.rows) {
        out += fmt::format("{:>12} |", format_sci(row.y, 4));
        for (const sweep_row& c : row.along_x.rows) {
            out += fmt::format(" {:>9}", axis_letters(c.result.binding));
        }
        out += "\n";
    }
    out += "\nwhere the binding axis changes along " + g.x.name + ":\n";
    for (const sweep_grid_row& row : g.rows) {
        std::string changes;
        for (const sweep_transition& t : row.along_x.transitions) {
            changes += fmt::format("{}{} to {} at {}", changes.empty() ? "" : "; ",
                                   axis_title(t.from), axis_title(t.to), format_sci(t.value, 4));
        }
        out += fmt::format("  {} = {}: {}\n", g.y.name, format_sci(row.y, 4),
                           changes.empty() ? "no change" : changes);
    }
    return out;
}

}  // namespace brainemu::plan
