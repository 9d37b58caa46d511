#pragma once

#include <CLI/CLI.hpp>

namespace brainemu {

// Adds `brainemu import`: text connectome formats to .bcx (src/io/import, docs/importers.md).
void add_import_command(CLI::App& app);

}  // namespace brainemu
