#pragma once
// One register_<area> per file (arbor's python/ layout); module.cpp calls them in order.

#include <pybind11/pybind11.h>

namespace brainemu::python {

// InputError / ResourceError: the one place C++ error families become Python exceptions.
void register_errors(pybind11::module_& m);
void register_connectome(pybind11::module_& m);
void register_experiment(pybind11::module_& m);

}  // namespace brainemu::python
