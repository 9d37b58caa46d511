#include "plan/presets.hpp"

#include <fmt/format.h>

#include "core/closest_name.hpp"
#include "core/input_error.hpp"

namespace brainemu::plan {

namespace {

// The State of Brain Emulation Report 2025's compute and storage table (SoBE data repository,
// data/compute/computational-demands-organisms.tsv; planner-facts section 2): real time at
// 1e4 steps/s and 10 Hz, no bookkeeping overhead. Its bounds, per organism:
//   time-based  low:  LIF 4 FLOP/step + alpha synapse 5 FLOP/step, each every step
//               high: 5-compartment HH 69 FLOP per compartment-step + Tsodyks-Markram 8/step
//   event-driven low:  LIF 15 FLOP per spike + alpha 20 FLOP per synaptic event
//                high: 5-compartment HH every step + Tsodyks-Markram 51 FLOP per event
//   storage low: 4 B per LIF neuron + 8 B per alpha synapse; high: 80 B + 16 B.
// Time-based costs there count the per-step update only, so those presets set flop_per_event=0.
void add_sobe_presets(std::vector<plan_preset>& out) {
    struct organism_counts {
        const char* name;     // the preset's organism part
        const char* catalog;  // the catalog organism it starts from
        std::vector<std::string> counts;
        const char* column;
    };
    const organism_counts organisms[] = {
        {"human", "human", {"synapses=1.7e14"}, "human (brain): 8.6e10 neurons, 1.7e14 synapses"},
        {"mouse", "mouse", {}, "mouse (brain): 7e7 neurons, 1.35e11 synapses"},
        {"fly",
         "fly",
         {"neurons=1.4e5", "synapses=5.4e7"},
         "fly (brain): 1.4e5 neurons, 5.4e7 synapses"},
    };
    const std::vector<std::string> shared = {"mean_rate_hz=10", "steps_per_s=1e4",
                                             "overhead_factor=1"};
    const std::vector<std::string> low_neuron = {"bytes_per_neuron=4"};  // LIF, 4 B
    const std::vector<std::string> high_neuron = {"compartments=5", "bytes_per_neuron=0",
                                                  "bytes_per_compartment=16"};  // 80 B
    struct bound {
        const char* suffix;
        const char* neuron;
        const char* synapse;
        std::vector<std::string> sets;
        const char* what;
    };
    auto with = [](std::vector<std::string> a, const std::vector<std::string>& b) {
        a.insert(a.end(), b.begin(), b.end());
        return a;
    };
    const bound bounds[] = {
        {"time-low", "lif", "alpha", with(low_neuron, {"synapse_update=time", "flop_per_event=0"}),
         "time-based lower bound: LIF + alpha synapses, every element every step"},
        {"time-high", "mc-hh", "tsodyks-markram",
         with(high_neuron, {"synapse_update=time", "flop_per_event=0"}),
         "time-based upper bound: 5-compartment HH + Tsodyks-Markram, every element every step"},
        {"event-low", "lif", "alpha",
         with(low_neuron, {"neuron_update=event", "synapse_update=event"}),
         "event-driven lower bound: LIF at 15 FLOP per spike + alpha at 20 FLOP per event"},
        {"event-high", "mc-hh", "tsodyks-markram", with(high_neuron, {"synapse_update=event"}),
         "event-driven upper bound: 5-compartment HH every step + Tsodyks-Markram at 51 FLOP "
         "per event"},
    };
    for (const organism_counts& o : organisms) {
        for (const bound& b : bounds) {
            out.push_back({fmt::format("sobe-{}-{}", o.name, b.suffix), o.catalog, b.neuron,
                           b.synapse, with(with(shared, o.counts), b.sets), 0.0,
                           fmt::format("SoBE 2025 {}, {} (computational-demands-organisms.tsv; "
                                       "planner-facts 2)",
                                       b.what, o.column)});
        }
    }
}

}  // namespace

std::vector<plan_preset> builtin_presets() {
    // Freeman (2026), "From Worm to Human", through planner-facts.md sections 1.1-1.3: 8.6e10
    // neurons x 7,000 synapses at 10 Hz; 1,000 HH compartments at 690 FLOP per
    // compartment-step and 1e4 steps/s (reading B, the one that gives the published 6e20);
    // 1e4 FLOP per synaptic event; 64 B per synapse and per neuron, x2 overhead; 1e5 GPUs;
    // 10% of synapses crossing devices, one 4 B message per crossing synapse per spike.
    const std::vector<std::string> shared = {
        "synapses_per_neuron=7000",  "mean_rate_hz=10",
        "steps_per_s=1e4",           "bytes_per_synapse=64",
        "bytes_per_neuron=64",       "bytes_per_compartment=0",
        "overhead_factor=2",         "cross_fraction=0.1",
        "bytes_per_spike_message=4", "message_convention=per_synapse",
        "synapse_update=event",
    };
    std::vector<std::string> pessimistic = shared;
    pessimistic.insert(pessimistic.end(), {"compartments=1000", "flop_per_compartment_step=690",
                                           "flop_per_event=1e4"});
    // The optimistic bound counts LIF neuron updates only: 40 FLOP per neuron-ms (Izhikevich
    // 2004; Brette et al. 2007), no synaptic FLOP; memory and traffic as the pessimistic case
    // (the thesis gives one estimate of each).
    std::vector<std::string> optimistic = shared;
    optimistic.insert(optimistic.end(),
                      {"compartments=1", "flop_per_compartment_step=4", "flop_per_event=0"});
    std::vector<plan_preset> out = {
        {"freeman-pessimistic", "human", "mc-hh", "exp", pessimistic, 1e5,
         "Freeman 2026 pessimistic: multi-compartment HH, ~6e20 FLOP/s, ~70 PB, 24 GB/s per GPU "
         "at 1e5 GPUs (planner-facts 1.1-1.3)"},
        {"freeman-optimistic", "human", "lif", "exp", optimistic, 1e5,
         "Freeman 2026 optimistic: LIF at 40 FLOP per neuron-ms, 3.4e15 FLOP/s (planner-facts "
         "1.1)"},
    };
    add_sobe_presets(out);
    return out;
}

plan_preset find_preset(std::string_view name, std::string_view field) {
    std::vector<std::string> names;
    for (plan_preset& p : builtin_presets()) {
        if (p.name == name) {
            return p;
        }
        names.push_back(p.name);
    }
    throw input_error({"", 0, std::string(field)}, unknown_name_message("preset", name, names));
}

}  // namespace brainemu::plan
