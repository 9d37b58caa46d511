#pragma once
// What `brainemu info --json` prints about a connectome, as a Python dict.

#include <string>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "network/connectome.hpp"

namespace brainemu::python {

struct info_assumptions {
    double unit_weight = 1.0;
    double delay_ms = 1.8;
    double dt_ms = 0.1;
};

// Same keys and values as src/cli/info_command.cpp (load_s is the time Connectome.open took).
[[nodiscard]] pybind11::dict connectome_info(const std::shared_ptr<const connectome>& c,
                                             const std::string& file, double load_s,
                                             const info_assumptions& a);

}  // namespace brainemu::python
