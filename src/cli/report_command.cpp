#include "cli/report_command.hpp"

#include <cstdio>
#include <memory>

#include "report/report.hpp"

namespace brainemu {

void add_report_command(CLI::App& app) {
    struct options {
        std::string dir;
        std::string out;
    };
    auto opt = std::make_shared<options>();
    CLI::App* cmd = app.add_subcommand(
        "report", "Write a run's self-contained report.html (raster, rates, voltages, workload)");
    cmd->add_option("run_dir", opt->dir, "The output directory of brainemu run")
        ->required()
        ->check(CLI::ExistingDirectory);
    cmd->add_option("--out", opt->out, "Report file (default: RUN_DIR/report.html)");
    cmd->callback([opt] {
        const auto path = report::write_report(opt->dir, opt->out);
        std::printf("report written to %s\n", path.string().c_str());
    });
}

}  // namespace brainemu
