#pragma once

#include <CLI/CLI.hpp>

namespace brainemu {

// Adds `brainemu run` to the app; the callback runs the experiment.
void add_run_command(CLI::App& app);

}  // namespace brainemu
