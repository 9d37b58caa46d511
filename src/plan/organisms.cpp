#include "plan/organisms.hpp"

namespace brainemu::plan {

std::vector<organism> builtin_organisms() {
    // Every rate is SoBE's deliberately high 10 Hz (also Freeman's); realistic cortical means
    // are 0.1-1 Hz (Carlsmith 2020; Lennie 2003): planner-facts.md section 6.2.
    constexpr double rate_hz = 10.0;
    return {
        {"worm", 302, 7.5e3, rate_hz,
         "C. elegans hermaphrodite: 302 neurons (White et al. 1986); 7,500 chemical synapses "
         "(SoBE organisms.tsv); gap junctions not counted"},
        {"fly-larva", 3016, 5.48e5, rate_hz,
         "Drosophila L1 larva: 3,016 neurons, ~548,000 synapses (Winding et al. 2023)"},
        {"fly", 139255, 5.45e7, rate_hz,
         "Adult Drosophila (FlyWire): 139,255 neurons, 54.5e6 synapses (Dorkenwald et al. 2024)"},
        {"zebrafish-larva", 1e5, 1e7, rate_hz,
         "Larval zebrafish ~6 dpf: ~1e5 neurons, ~1e7 synapses (SoBE organisms.tsv, weakly "
         "sourced)"},
        {"mouse", 7.0e7, 1.35e11, rate_hz,
         "Mouse: 7.0e7 neurons (SoBE; Herculano-Houzel 2006 ~71e6), 1.35e11 synapses (SoBE "
         "compute table)"},
        {"mouse-cortex", 1.37e7, 1.2e11, rate_hz,
         "Mouse cortex: 1.37e7 neurons, 1.2e11 synapses (SoBE compute table)"},
        {"macaque", 6.4e9, 6.4e13, rate_hz,
         "Macaque: 6.4e9 neurons (Herculano-Houzel et al. 2007), ~1e4 synapses per neuron "
         "(SoBE organisms.tsv)"},
        {"human", 8.6e10, 8.6e10 * 7000.0, rate_hz,
         "Human brain: 8.6e10 neurons (Azevedo et al. 2009), 7,000 synapses per neuron "
         "(Freeman 2026; SoBE gives 1.5e14-1.7e14 synapses)"},
        {"human-cortex", 1.63e10, 1.5e14, rate_hz,
         "Human cerebral cortex: 1.63e10 neurons (Azevedo et al. 2009), 1.5e14 synapses (SoBE; "
         "Pakkenberg et al. 2003)"},
    };
}

}  // namespace brainemu::plan
