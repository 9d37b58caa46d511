#pragma once

#include <CLI/CLI.hpp>

namespace brainemu {

// Adds `brainemu profile RUN_DIR [--json]`: the workload summary of a run.
void add_profile_command(CLI::App& app);

}  // namespace brainemu
