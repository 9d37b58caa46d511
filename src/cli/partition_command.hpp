#pragma once

#include <CLI/CLI.hpp>

namespace brainemu {

// Adds `brainemu partition FILE.bcx --parts K --method metis|round-robin|contiguous
// [--out P.part] [--json] [--seed S]` (docs/partitioning.md).
void add_partition_command(CLI::App& app);

}  // namespace brainemu
