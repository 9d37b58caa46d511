#pragma once

#include <CLI/CLI.hpp>

namespace brainemu {

// Adds `brainemu models [--json] [--measure]`: every neuron model with its parameters, weight
// unit, state bytes and FLOP per step; --measure times each one's step (ns per neuron step).
void add_models_command(CLI::App& app);

}  // namespace brainemu
