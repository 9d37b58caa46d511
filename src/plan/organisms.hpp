#pragma once
// Organisms the planner knows: neuron and synapse counts and a mean firing rate, each with the
// source it comes from (docs/planner.md, planner-facts.md section 3).

#include <string>
#include <vector>

namespace brainemu::plan {

struct organism {
    std::string name;
    double neurons = 0.0;
    double synapses = 0.0;
    double mean_rate_hz = 0.0;
    std::string source;
};

// worm, fly-larva, fly, zebrafish-larva, mouse, mouse-cortex, macaque, human, human-cortex.
[[nodiscard]] std::vector<organism> builtin_organisms();

}  // namespace brainemu::plan
