#pragma once
// Two --sweep options: the binding axis over a grid of two inputs, and for each value of the
// second, where the first input's sweep changes the binding axis. The boundary between the
// regions is the question ("at which rate and bytes per synapse does memory stop binding?").

#include <vector>

#include "plan/sweep.hpp"

namespace brainemu::plan {

struct sweep_grid_row {
    double y = 0.0;
    sweep_result along_x;  // the first input swept with the second held at y
};

struct sweep_grid {
    sweep_spec x, y;
    std::vector<sweep_grid_row> rows;
};

// Throws input_error (field "--sweep") when both name the same input.
[[nodiscard]] sweep_grid run_sweep_grid(const plan_inputs& base, const sweep_spec& x,
                                        const sweep_spec& y);

}  // namespace brainemu::plan
