#include "plan/plan_json.hpp"

#include <cmath>

#include "plan/calibration.hpp"
#include "plan/plan_text.hpp"

namespace brainemu::plan {
namespace {

// JSON has no infinity: "never" devices and "no demand" ratios become null.
nlohmann::json number(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

nlohmann::json inputs_json(const plan_inputs& in) {
    nlohmann::json j;
    for (const param_info& p : numeric_params()) {
        j[p.name] = number(param_value(in, p.name));
    }
    j["precision"] =
        in.precision_by_kernel ? std::string("kernel") : std::string(to_string(in.precision));
    j["neuron_precision"] = std::string(to_string(in.neuron_precision()));
    j["synapse_precision"] = std::string(to_string(in.synapse_precision()));
    j["neuron_update"] = in.event_driven_neurons ? "event" : "time";
    j["message_convention"] = in.locality.per_synapse_messages ? "per_synapse" : "per_partition";
    j["synapse_update"] = in.time_driven_synapses ? "time" : "event";
    return j;
}

}  // namespace

nlohmann::json plan_json(const plan_inputs& in, const plan_result& r) {
    nlohmann::json j;
    j["organism"] = {{"name", in.org.name}, {"source", in.org.source}};
    j["neuron_model"] = {{"name", in.neuron.name}, {"source", in.neuron.source}};
    j["synapse_model"] = {{"name", in.synapse.name}, {"source", in.synapse.source}};
    j["device"] = {{"name", in.dev.name},
                   {"source", in.dev.source},
                   {"as_of", in.dev.as_of},
                   {"power_w", number(in.dev.power_w > 0.0 ? in.dev.power_w : NAN)},
                   {"price_usd_per_hour",
                    number(in.dev.price_usd_per_hour > 0.0 ? in.dev.price_usd_per_hour : NAN)},
                   {"price_source", in.dev.price_source}};
    if (!in.cluster.empty()) {
        j["cluster"] = in.cluster;
    }
    if (!in.preset.empty()) {
        j["preset"] = in.preset;
    }
    j["inputs"] = inputs_json(in);

    const axis_result& up = r.axis(axis_kind::scale_up);
    const axis_result& out = r.axis(axis_kind::scale_out);
    j["compute_flop_per_s"] = r.neuron_flop_per_s + r.synapse_flop_per_s;
    // A calibrated plan on a CPU node counts its compute axis in measured core-seconds.
    j["compute_axis_unit"] = std::string(unit_of(r, axis_kind::compute));
    j["compute_flop_per_s_per_device"] = (r.neuron_flop_per_s + r.synapse_flop_per_s) / r.devices;
    j["compute_split_flop_per_s"] = {{"neurons", r.neuron_flop_per_s},
                                     {"synapses", r.synapse_flop_per_s}};
    j["memory_bytes_total"] = r.axis(axis_kind::memory).demand_total;
    j["memory_bytes_per_device"] = r.axis(axis_kind::memory).demand_per_device;
    j["memory_split_bytes"] = {{"neurons", r.neuron_bytes}, {"synapses", r.synapse_bytes}};
    j["memory_bandwidth_bytes_per_s_per_device"] =
        r.axis(axis_kind::memory_bandwidth).demand_per_device;
    // A device's whole injection: what the scale-up tier carries (an upper bound).
    j["interconnect_bytes_per_s_per_device"] = r.traffic.bytes_per_s / r.devices;
    j["interconnect_bytes_per_s_per_device_by_tier"] = {
        {"scale_up", up.present ? number(up.demand_per_device) : nlohmann::json(nullptr)},
        {"scale_out", number(out.demand_per_device)}};
    j["traffic"] = {{"cross_fraction", r.traffic.cross_fraction},
                    {"messages_per_spike", r.traffic.messages_per_spike},
                    {"bytes_per_s", r.traffic.bytes_per_s},
                    {"out_of_domain_share", r.traffic.out_of_domain_share}};
    j["devices"] = r.devices;
    j["devices_fixed"] = r.devices_fixed;
    nlohmann::json needed;
    nlohmann::json ratios;
    nlohmann::json supply;
    for (const axis_result& a : r.axes) {
        if (!a.present) {
            continue;
        }
        const std::string name(to_string(a.kind));
        needed[name] = number(a.devices_needed);
        ratios[name] = number(a.ratio);
        supply[name] = a.supply_per_device;
    }
    j["devices_needed"] = needed;
    j["supply_per_device"] = supply;
    if (r.devices_fixed) {
        j["supply_over_demand"] = ratios;
    }
    j["binding_axis"] = std::string(to_string(r.binding));
    nlohmann::json by_precision = nlohmann::json::array();
    for (const precision_row& p : binding_by_precision(in)) {
        by_precision.push_back({{"precision", std::string(to_string(p.precision))},
                                {"compute_supply_over_demand", number(p.compute_ratio)},
                                {"compute_devices_needed", number(p.devices_needed)},
                                {"binding_axis", std::string(to_string(p.binding))}});
    }
    j["binding_axis_by_precision"] = by_precision;
    j["locality_curve"] = in.locality.curve;
    // Energy and cost: null where the catalog has no sourced figure for the device.
    j["target_rtf"] = in.target_rtf;
    j["power_w"] = number(r.power_w);
    j["energy_j_per_simulated_s"] = number(r.energy_j_per_simulated_s);
    j["energy_j_per_synaptic_event"] = number(r.energy_j_per_synaptic_event);
    j["device_hours_per_simulated_s"] = r.device_hours_per_simulated_s;
    j["cost_usd_per_simulated_s"] = number(r.cost_usd_per_simulated_s);
    j["cost_usd_per_simulated_s_range"] = {{"low", number(r.cost_low_usd_per_simulated_s)},
                                           {"high", number(r.cost_high_usd_per_simulated_s)}};
    if (in.measured) {
        const measured_profile& m = *in.measured;
        j["calibration"] = {{"profile", m.path},
                            {"network", m.network},
                            {"bytes_per_synapse", m.bytes_per_synapse},
                            {"bytes_per_neuron", m.bytes_per_neuron},
                            {"state_bytes_per_neuron", m.state_bytes_per_neuron},
                            {"s_per_neuron_update", m.s_per_neuron_update},
                            {"s_per_synaptic_event", m.s_per_synaptic_event},
                            {"threads", m.threads},
                            {"measured_core_s_per_s", number(*r.measured_core_s_per_s)},
                            {"network_neurons", m.network_neurons},
                            {"ranks", m.ranks}};
        if (m.bytes_received_per_s) {
            j["calibration"]["bytes_received_per_s_per_rank"] = *m.bytes_received_per_s;
        }
        if (m.s_per_compartment_step) {
            j["calibration"]["bytes_per_compartment"] = m.bytes_per_compartment.value_or(0.0);
            j["calibration"]["s_per_compartment_step"] = *m.s_per_compartment_step;
            j["calibration"]["compartments_per_measured_neuron"] = m.compartments_per_neuron;
        }
        if (m.messages_per_spike) {
            j["calibration"]["messages_per_spike"] = *m.messages_per_spike;
        }
        if (m.bytes_per_message) {
            j["calibration"]["bytes_per_message"] = *m.bytes_per_message;
        }
        if (m.cut_fraction) {
            j["calibration"]["cut_fraction"] = *m.cut_fraction;
            j["calibration"]["cut_neurons_per_part"] = m.cut_neurons_per_part;
            j["calibration"]["cut_method"] = m.cut_method;
        }
        const extrapolation x = extrapolation_of(m, in.org.neurons, r.devices);
        j["calibration"]["extrapolation"] = {
            {"network_factor", x.network_factor},
            {"per_device_factor", x.per_device_factor},
            {"warning", x.network_factor > extrapolation_warning_factor}};
    }
    return j;
}

nlohmann::json sweep_json(const sweep_result& s) {
    nlohmann::json rows = nlohmann::json::array();
    for (const sweep_row& row : s.rows) {
        nlohmann::json ratios;
        for (const axis_result& a : row.result.axes) {
            if (a.present) {
                ratios[std::string(to_string(a.kind))] = number(a.ratio);
            }
        }
        rows.push_back({{"value", row.value},
                        {"devices", row.result.devices},
                        {"binding_axis", std::string(to_string(row.result.binding))},
                        {"supply_over_demand", ratios}});
    }
    nlohmann::json transitions = nlohmann::json::array();
    for (const sweep_transition& t : s.transitions) {
        transitions.push_back({{"value", t.value},
                               {"from", std::string(to_string(t.from))},
                               {"to", std::string(to_string(t.to))}});
    }
    return {{"name", s.spec.name},
            {"from", s.spec.from},
            {"to", s.spec.to},
            {"rows", rows},
            {"transitions", transitions}};
}

nlohmann::json sweep_grid_json(const sweep_grid& g) {
    nlohmann::json rows = nlohmann::json::array();
    for (const sweep_grid_row& row : g.rows) {
        rows.push_back({{"y", row.y}, {"along_x", sweep_json(row.along_x)}});
    }
    return {{"x", {{"name", g.x.name}, {"from", g.x.from}, {"to", g.x.to}}},
            {"y", {{"name", g.y.name}, {"from", g.y.from}, {"to", g.y.to}}},
            {"rows", rows}};
}

nlohmann::json timeline_json(const timeline_result& t) {
    nlohmann::json axes;
    for (const timeline_axis& a : t.axes) {
        nlohmann::json part = nullptr;
        if (a.first_part) {
            part = {{"name", a.first_part->name},
                    {"year", a.first_part->year},
                    {"announced", a.first_part->announced},
                    {"supply_per_device", a.first_part->supply_per_device},
                    {"source", a.first_part->source}};
        }
        const char* origin = a.origin == growth_origin_kind::fit   ? "fit"
                             : a.origin == growth_origin_kind::set ? "set"
                                                                   : "freeman";
        axes[std::string(to_string(a.kind))] = {{"supply_over_demand_now", number(a.ratio_now)},
                                                {"growth_per_2y", a.growth_per_2y},
                                                {"growth_per_2y_low", a.growth_low_per_2y},
                                                {"growth_per_2y_high", a.growth_high_per_2y},
                                                {"growth_origin", origin},
                                                {"trend_input", a.trend_input},
                                                {"fit",
                                                 {{"growth_per_2y", a.fit.growth_per_2y()},
                                                  {"slope_ln_per_year", a.fit.slope_per_year},
                                                  {"slope_se", a.fit.slope_se},
                                                  {"r_squared", a.fit.r_squared},
                                                  {"points", a.fit.points},
                                                  {"vendors", a.fit.groups}}},
                                                {"year_met", number(a.year_met)},
                                                {"year_met_low", number(a.year_met_low)},
                                                {"year_met_high", number(a.year_met_high)},
                                                {"first_part_meeting", part}};
    }
    return {{"base_year", t.base_year},
            {"devices", t.devices},
            {"precision", std::string(to_string(t.precision))},
            {"axes", axes},
            {"year_feasible", number(t.year_feasible)},
            {"year_feasible_low", number(t.year_feasible_low)},
            {"year_feasible_high", number(t.year_feasible_high)},
            {"last_axis", std::string(to_string(t.last_axis))}};
}

nlohmann::json locality_fit_json(const locality_fit& f) {
    return {{"long_range_share", f.long_range_share},
            {"axon_reach_mm", f.axon_reach_mm},
            {"rms_error", f.rms_error},
            {"points", f.points}};
}

nlohmann::json ranges_json(const ranges_result& r) {
    auto span = [](const span3& s) {
        return nlohmann::json{
            {"low", number(s.low)}, {"central", number(s.central)}, {"high", number(s.high)}};
    };
    nlohmann::json inputs = nlohmann::json::array();
    for (const input_sensitivity& s : r.inputs) {
        nlohmann::json flips = nlohmann::json::array();
        for (const sweep_transition& t : s.flips) {
            flips.push_back({{"value", t.value},
                             {"from", std::string(to_string(t.from))},
                             {"to", std::string(to_string(t.to))}});
        }
        const axis_kind b = r.central.binding;
        inputs.push_back({{"name", s.range.name},
                          {"low", s.range.low},
                          {"central", s.range.central},
                          {"high", s.range.high},
                          {"source", s.range.source},
                          {"widened", s.range.widened},
                          {"binding_at_low", std::string(to_string(s.at_low.binding))},
                          {"binding_at_high", std::string(to_string(s.at_high.binding))},
                          {"flip_at", s.flips.empty() ? nlohmann::json(nullptr)
                                                      : nlohmann::json(s.flips[0].value)},
                          {"flips", flips},
                          {"binding_supply_over_demand",
                           {{"low", number(s.at_low.result.axis(b).ratio)},
                            {"high", number(s.at_high.result.axis(b).ratio)}}}});
    }
    nlohmann::json axes;
    for (const axis_range& a : r.axes) {
        if (a.present) {
            axes[std::string(to_string(a.kind))] = {
                {"demand", span(a.demand)},
                {"supply_over_demand", span(a.supply_over_demand)},
                {"devices_needed", span(a.devices_needed)}};
        }
    }
    nlohmann::json possible = nlohmann::json::array();
    for (axis_kind a : r.binding_axes_possible) {
        possible.push_back(std::string(to_string(a)));
    }
    return {{"devices", r.devices},
            {"devices_fixed", r.devices_fixed},
            {"binding_axis", std::string(to_string(r.central.binding))},
            {"inputs", inputs},
            {"axes", axes},
            {"binding_axes_possible", possible}};
}

}  // namespace brainemu::plan
