#pragma once

#include <CLI/CLI.hpp>

#include "core/input_error.hpp"

namespace brainemu {

// Adds `brainemu run` to the app; the callback runs the experiment.
void add_run_command(CLI::App& app);

}  // namespace brainemu
