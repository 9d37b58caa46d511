#pragma once

#include <CLI/CLI.hpp>

namespace brainemu {

// Adds `brainemu plan` to the app: the substrate planner (src/plan, docs/planner.md).
void add_plan_command(CLI::App& app);

}  // namespace brainemu
