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
    j["precision"] = std::string(to_string(in.precision));
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
    j["device"] = {{"name", in.dev.name}, {"source", in.dev.source}};
    if (!in.cluster.empty()) {
        j["cluster"] = in.cluster;
    }
    if (!in.preset.empty()) {
        j["preset"] = in.preset;
    }
    j["inputs"] = inputs_json(in);

    const axis_result& up = r.axis(axis_kind::scale_up);
    const axis_result& out = r.axis(axis_kind::scale_out);
    j["compute_flop_per_s"] = r.axis(axis_kind::compute).demand_total;
    j["compute_flop_per_s_per_device"] = r.axis(axis_kind::compute).demand_per_device;
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

}  // namespace brainemu::plan
