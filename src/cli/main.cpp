// brainemu: the command line. Each subcommand lives in its own file; this maps error families
// to exit codes: 2 usage, 3 bad input (file, line, field named), 4 resources (I/O, memory),
// 128 + N a run stopped by signal N (130 SIGINT, 143 SIGTERM) with its outputs complete.

#include <cstdio>
#include <new>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/import_command.hpp"
#include "cli/info_command.hpp"
#include "cli/models_command.hpp"
#include "cli/morphology_command.hpp"
#include "cli/partition_command.hpp"
#include "cli/plan_command.hpp"
#include "cli/profile_command.hpp"
#include "cli/report_command.hpp"
#include "cli/run_command.hpp"
#include "core/input_error.hpp"
#include "core/stop_signal.hpp"
#ifdef BRAINEMU_HAVE_MPI
#include "backends/mpi/mpi_communicator.hpp"
#endif

int main(int argc, char** argv) {
#ifdef BRAINEMU_HAVE_MPI
    // Under mpirun with several ranks: MPI for the whole process (finalized on return).
    const brainemu::mpi_session mpi;
#endif
    CLI::App app{"brainemu: emulate a brain from its wiring diagram, and measure the workload"};
    app.require_subcommand(1);
#ifdef BRAINEMU_HAVE_MPI
    app.set_version_flag("--version", "brainemu 0.1.0 (mpi: yes)");
#else
    app.set_version_flag("--version", "brainemu 0.1.0 (mpi: no)");
#endif
    brainemu::add_run_command(app);
    brainemu::add_plan_command(app);
    brainemu::add_profile_command(app);
    brainemu::add_import_command(app);
    brainemu::add_info_command(app);
    brainemu::add_morphology_command(app);
    brainemu::add_models_command(app);
    brainemu::add_report_command(app);
    brainemu::add_partition_command(app);
    brainemu::install_stop_handlers();
#ifdef BRAINEMU_HAVE_MPI
    const int rank = mpi.rank();
    const int ranks = mpi.size();
#else
    const int rank = 0;
    const int ranks = 1;
#endif
    int code = 0;
    std::string message;
    try {
        app.parse(argc, argv);
    } catch (const brainemu::stopped_by_signal& e) {
        // Every rank stopped at the same step (run_experiment agrees on it).
        if (rank == 0) {
            std::fprintf(stderr, "brainemu: %s\n", e.what());
        }
        return 128 + e.signal();
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    } catch (const brainemu::agreed_input_error& e) {
        if (rank == 0) {  // every rank has it: once is enough
            std::fprintf(stderr, "brainemu: error: %s\n", e.what());
        }
        return 3;
    } catch (const brainemu::input_error& e) {
        code = 3;
        message = e.what();
    } catch (const brainemu::resource_error& e) {
        code = 4;
        message = e.what();
    } catch (const std::bad_alloc&) {
        code = 4;
        message = "out of memory";
    } catch (const std::exception& e) {
        code = 1;
        message = e.what();
    }
    if (code == 0) {
        return 0;
    }
    if (ranks > 1) {
        std::fprintf(stderr, "brainemu: error: rank %d of %d: %s\n", rank, ranks, message.c_str());
#ifdef BRAINEMU_HAVE_MPI
        // This rank failed alone: the others may wait for it in a collective forever (rank 0's
        // full disk hung the job). End them all now.
        mpi.abort_all(code);
#endif
    }
    std::fprintf(stderr, "brainemu: error: %s\n", message.c_str());
    return code;
    return 0;
}
