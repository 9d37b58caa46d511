#include "plan/fidelity.hpp"

namespace brainemu::plan {

namespace {
// SoBE 2025 data repository, data/compute/*.tsv: time-driven costs quoted per simulated
// second at 1e4 steps/s (dt = 0.1 ms); planner-facts.md section 2.1.
constexpr double sobe_steps_per_s = 1e4;
}  // namespace

std::vector<neuron_model> builtin_neuron_models() {
    return {
        {"lif", 4.0, sobe_steps_per_s, 1.0, 16.0, 0.0,
         "LIF: 4 FLOP/step = 40 FLOP/ms (SoBE, Gerstner & Kistler 2002; Freeman's 40 FLOP per "
         "neuron-ms); 16 B: v, I_syn, refractory count (planner-facts 6.4: 4-16 B); event-driven "
         "15 FLOP per spike (SoBE)",
         15.0},
        {"izhikevich", 13.0, sobe_steps_per_s, 1.0, 16.0, 0.0,
         "Izhikevich 2003: 1.3e5 FLOP/s = 13 FLOP/step, 16 B (SoBE; Izhikevich 2004: 13 FLOP/ms "
         "at dt = 1 ms); event-driven 25 FLOP per spike (SoBE)",
         25.0},
        {"adex", 20.0, sobe_steps_per_s, 1.0, 24.0, 0.0,
         "AdEx (Brette & Gerstner 2005): 2e5 FLOP/s = 20 FLOP/step, 24 B; event-driven 30 FLOP "
         "per spike (SoBE)",
         30.0},
        {"hh", 120.0, sobe_steps_per_s, 1.0, 80.0, 0.0,
         "Hodgkin-Huxley, one compartment: 1,200 FLOP/ms = 120 FLOP per 0.1 ms step "
         "(Izhikevich 2004; SoBE's model gives 69), 80 B (SoBE)"},
        {"mc-hh", 69.0, sobe_steps_per_s, 1000.0, 64.0, 16.0,
         "Multi-compartment HH: 69 FLOP per compartment-step (SoBE 5-compartment HH, 3.45e6 "
         "FLOP/s), 1,000 compartments (Freeman), 64 B per neuron (Freeman) + 16 B per "
         "compartment (SoBE: 80 B / 5 compartments)"},
    };
}

std::vector<synapse_model> builtin_synapse_models() {
    return {
        {"exp", 20.0, 5.0, 8.0, 0.0,
         "Current-based exponential: 20 FLOP/event, 8 B (planner-facts 6.4; SB 2008 level 4: 8 B "
         "per connection); time-driven 5 FLOP/step as SoBE's alpha synapse"},
        {"alpha", 20.0, 5.0, 8.0, 0.0,
         "Alpha synapse (Rall 1967): 20 FLOP/event, 5 FLOP/step time-driven, 8 B (SoBE)"},
        {"exp2", 30.0, 6.0, 12.0, 0.0,
         "Double exponential (Exp2Syn, Destexhe 1994): 30 FLOP/event, 6 FLOP/step, 12 B (SoBE)"},
        {"tsodyks-markram", 51.0, 8.0, 16.0, 1.0,
         "Tsodyks-Markram 1997: 51 FLOP/event, 8 FLOP/step, 16 B (SoBE)"},
        {"stdp", 80.0, 12.0, 24.0, 1.0,
         "STDP (Bi & Poo 1998): 80 FLOP/event, 12 FLOP/step, 24 B (SoBE)"},
    };
}

}  // namespace brainemu::plan
