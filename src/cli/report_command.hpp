#pragma once
// `brainemu report RUN_DIR [--out FILE]`: the run's self-contained report.html.

#include <CLI/CLI.hpp>

namespace brainemu {

void add_report_command(CLI::App& app);

}  // namespace brainemu
