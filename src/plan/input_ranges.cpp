#include "plan/input_ranges.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/input_error.hpp"
#include "plan/plan_text.hpp"
#include "plan/sweep.hpp"

namespace brainemu::plan {
namespace {

enum class scope_kind { any, organism, neuron_model };

// One cited range. A `factor` row is central / low .. central * high: used only where
// planner-facts gives no range for the case at hand, and its source says so.
struct range_row {
    const char* name;
    scope_kind scope;
    const char* scope_name;  // organism or neuron model; nullptr for scope_kind::any
    double low;
    double high;
    bool factor;
    const char* source;
};

// Specific rows come before the general row of the same input: the first that applies wins.
const std::vector<range_row>& rows() {
    using enum scope_kind;
    static const std::vector<range_row> r = {
        {"neurons", organism, "human", 7.8e10, 9.42e10, false,
         "planner-facts 3: Azevedo 2009, 86.1e9 - 8.1e9 .. 86.1e9 + 8.1e9"},
        {"synapses", organism, "human", 1.5e14, 6.02e14, false,
         "planner-facts 3: SoBE organisms.tsv 1.5e14 .. Freeman 7,000 per neuron 6.02e14"},
        {"synapses", organism, "human-cortex", 1e14, 1e15, false,
         "planner-facts 3: seed post 1e14 .. 1e15 (SoBE 1.5e14)"},
        {"synapses", organism, "mouse", 1e11, 7e11, false,
         "planner-facts 3: ~1e11 .. SoBE organisms.tsv 7e11"},
        {"synapses", organism, "fly", 5.4e7, 5.45e7, false,
         "planner-facts 3: SoBE 5.4e7 .. FlyWire 5.45e7"},
        {"synapses", organism, "worm", 5e3, 2.06e4, false,
         "planner-facts 3: White/Cook ~5e3 chemical .. SoBE compute table 2.06e4"},
        {"synapses", any, nullptr, 2.0, 2.0, true,
         "factor 2 either way: no cited range for this organism; the human one (planner-facts "
         "3: 1.5e14 .. 6.02e14) spans 4x"},
        {"mean_rate_hz", any, nullptr, 0.1, 10.0, false,
         "planner-facts 6.2: Carlsmith 0.1 Hz .. SoBE/Freeman 10 Hz"},
        {"steps_per_s", neuron_model, "hh", 1e4, 4e4, false,
         "planner-facts 6.4: HH at dt 0.1 ms .. 0.025 ms for precision"},
        {"steps_per_s", neuron_model, "mc-hh", 1e4, 4e4, false,
         "planner-facts 6.4: HH at dt 0.1 ms .. 0.025 ms for precision"},
        {"steps_per_s", any, nullptr, 1e3, 1e4, false,
         "planner-facts 6.4: point neurons at dt 1 ms (Izhikevich 2004) .. 0.1 ms (SoBE)"},
        {"flop_per_compartment_step", neuron_model, "lif", 4.0, 5.0, false,
         "planner-facts 6.4: SoBE 4 per step .. Izhikevich 2004 I&F 5 per step"},
        {"flop_per_compartment_step", neuron_model, "hh", 69.0, 120.0, false,
         "planner-facts 6.4: SoBE 69 .. Izhikevich 2004 120 per 0.1 ms step"},
        {"flop_per_compartment_step", neuron_model, "mc-hh", 69.0, 690.0, false,
         "planner-facts 1.2: SoBE 69 per compartment-step (reading A) .. Freeman 690 (reading "
         "B)"},
        {"compartments", neuron_model, "mc-hh", 5.0, 1000.0, false,
         "planner-facts 2.1: SoBE 5-compartment HH .. 1.1: Freeman 1,000"},
        {"bytes_per_neuron", neuron_model, "lif", 4.0, 16.0, false,
         "planner-facts 6.4: LIF 4 .. 16 B"},
        {"bytes_per_neuron", any, nullptr, 4.0, 80.0, false,
         "planner-facts 2.1: SoBE LIF 4 B .. 5-compartment HH 80 B"},
        {"flop_per_event", any, nullptr, 1.0, 1e4, false,
         "planner-facts 6.4: Carlsmith 1 FLOP per spike through a synapse .. Freeman 1e4"},
        {"flop_per_synapse_step", any, nullptr, 5.0, 12.0, false,
         "planner-facts 6.4: SoBE time-driven 5 .. 12 FLOP per synapse per step"},
        {"bytes_per_synapse", any, nullptr, 8.0, 64.0, false,
         "planner-facts 6.3: SB 2008 8 B .. Freeman 64 B (NEST on K 24 B)"},
        {"overhead_factor", any, nullptr, 1.0, 2.0, false,
         "planner-facts 1.1: none (x1) .. Freeman's HPC bookkeeping x2"},
        {"cross_fraction", any, nullptr, 0.03, 0.3, false,
         "planner-facts 6.1: distant areas only ~0.03 .. locality model at ~10 mm3 partitions "
         "~0.3 (Freeman 0.1)"},
        {"long_range_share", any, nullptr, 0.03, 0.2, false,
         "planner-facts 6.1: distant areas ~0.03 .. Markov 2011 ~0.2"},
        {"axon_reach_mm", any, nullptr, 0.2, 0.5, false,
         "planner-facts 6.1: local axonal length scale 0.2 .. 0.5 mm"},
        {"bytes_per_spike_message", any, nullptr, 4.0, 16.0, false,
         "planner-facts 6.3: NEST GPU 4 B .. NEST off-grid 16 B"},
    };
    return r;
}

bool applies(const range_row& row, const plan_inputs& in) {
    switch (row.scope) {
        case scope_kind::any:
            return true;
        case scope_kind::organism:
            return in.org.name == row.scope_name;
        case scope_kind::neuron_model:
            return in.neuron.name == row.scope_name;
    }
    return false;
}

// An input the formulas of this plan never read has no swing; leaving it out keeps the tornado
// to what matters.
bool used(std::string_view name, const plan_inputs& in) {
    const bool fixed_cross = !std::isnan(in.locality.cross_fraction);
    if (name == "compartments") {
        return in.neuron.compartments > 1.0;
    }
    if (name == "flop_per_synapse_step") {
        return in.time_driven_synapses;
    }
    if (name == "cross_fraction") {
        return fixed_cross;
    }
    if (name == "long_range_share" || name == "axon_reach_mm") {
        return !fixed_cross;
    }
    return true;
}

// A cited range that misses the plan's own value is widened to hold it, and says so.
input_range around_central(std::string name, double low, double high, double central,
                           std::string source) {
    input_range r{std::move(name), low, central, high, std::move(source), false};
    if (central < low || central > high) {
        r.widened = true;
        r.low = std::min(low, central);
        r.high = std::max(high, central);
        r.source += fmt::format("; widened to hold the plan's {}", format_sci(central, 4));
    }
    return r;
}

input_range parse_override(const plan_inputs& in, const std::string& text) {
    const named_range n = parse_named_range(text, "--range");
    const input_location where{"", 0, "--range " + n.name};
    if (n.from > n.to) {
        throw input_error(where, fmt::format("'{}': LOW {} is above HIGH {}", text,
                                             format_sci(n.from, 4), format_sci(n.to, 4)));
    }
    const double central = param_value(in, n.name);
    if (std::isnan(central)) {
        throw input_error(where, "is not set in this plan (its model decides); --set it first");
    }
    return around_central(n.name, n.from, n.to, central, "--range");
}

}  // namespace

std::vector<input_range> input_ranges(const plan_inputs& in,
                                      const std::vector<std::string>& overrides) {
    std::vector<input_range> out;
    for (const range_row& row : rows()) {
        const bool seen = std::any_of(out.begin(), out.end(),
                                      [&](const input_range& r) { return r.name == row.name; });
        if (seen || !applies(row, in) || !used(row.name, in)) {
            continue;
        }
        const double central = param_value(in, row.name);
        if (row.factor) {
            out.push_back(
                {row.name, central / row.low, central, central * row.high, row.source, false});
        } else {
            out.push_back(around_central(row.name, row.low, row.high, central, row.source));
        }
    }
    for (const std::string& text : overrides) {
        input_range r = parse_override(in, text);
        const auto same = std::find_if(out.begin(), out.end(),
                                       [&](const input_range& o) { return o.name == r.name; });
        if (same != out.end()) {
            *same = std::move(r);
        } else {
            out.push_back(std::move(r));
        }
    }
    return out;
}

}  // namespace brainemu::plan
