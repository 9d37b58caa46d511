// The compiled half of the `brainemu` package; python/brainemu/ wraps it in a friendlier API.

#include <pybind11/pybind11.h>

#include "bindings.hpp"

PYBIND11_MODULE(_brainemu, m) {
    m.doc() = "brainemu's C++ core: experiments, runs and mapped connectomes";
    brainemu::python::register_errors(m);
    brainemu::python::register_connectome(m);
    brainemu::python::register_experiment(m);
}
