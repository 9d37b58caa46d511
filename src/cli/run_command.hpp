#pragma once

#include <CLI/CLI.hpp>

#include "core/input_error.hpp"

namespace brainemu {

// An input error that every rank of an MPI job raised together (after agreeing on it): rank 0
// reports it and every rank exits 3, with no need to abort the job.
class agreed_input_error : public input_error {
public:
    using input_error::input_error;
};

// Adds `brainemu run` to the app; the callback runs the experiment.
void add_run_command(CLI::App& app);

}  // namespace brainemu
