#include "plan/presets.hpp"

#include "core/closest_name.hpp"
#include "core/input_error.hpp"

namespace brainemu::plan {

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
    return {
        {"freeman-pessimistic", "human", "mc-hh", "exp", pessimistic, 1e5,
         "Freeman 2026 pessimistic: multi-compartment HH, ~6e20 FLOP/s, ~70 PB, 24 GB/s per GPU "
         "at 1e5 GPUs (planner-facts 1.1-1.3)"},
        {"freeman-optimistic", "human", "lif", "exp", optimistic, 1e5,
         "Freeman 2026 optimistic: LIF at 40 FLOP per neuron-ms, 3.4e15 FLOP/s (planner-facts "
         "1.1)"},
    };
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
