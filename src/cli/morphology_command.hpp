#pragma once

#include <CLI/CLI.hpp>

namespace brainemu {

// Adds `brainemu morphology FILE.swc [--dl UM] [--ra OHM_CM] [--keep-axon] [--json]`.
void add_morphology_command(CLI::App& app);

}  // namespace brainemu
