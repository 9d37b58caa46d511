#include "plan/sweep_grid.hpp"

#include <fmt/format.h>

#include "core/input_error.hpp"

namespace brainemu::plan {

sweep_grid run_sweep_grid(const plan_inputs& base, const sweep_spec& x, const sweep_spec& y) {
    if (x.name == y.name) {
        throw input_error({"", 0, "--sweep"},
                          fmt::format("both sweeps vary {}: a grid needs two inputs", x.name));
    }
    sweep_grid out{x, y, {}};
    // The second input's values are its own one-input sweep's: the same spacing and snapping.
    for (const sweep_row& at : run_sweep(base, y).rows) {
        plan_inputs held = base;
        set_param(held, y.name, at.value, {"", 0, "--sweep " + y.name});
        out.rows.push_back({at.value, run_sweep(held, x)});
    }
    return out;
}

}  // namespace brainemu::plan
