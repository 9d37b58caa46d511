#pragma once

#include <CLI/CLI.hpp>

namespace brainemu {

// Adds `brainemu info FILE.bcx [--json]`.
void add_info_command(CLI::App& app);

}  // namespace brainemu
