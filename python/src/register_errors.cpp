#include "bindings.hpp"
#include "core/input_error.hpp"

namespace brainemu::python {

// Messages are the exception's what(), which is exactly what the CLI prints after
// "brainemu: error: ", so Python users and shell users read the same sentence.
void register_errors(pybind11::module_& m) {
    pybind11::register_exception<input_error>(m, "InputError", PyExc_ValueError);
    pybind11::register_exception<resource_error>(m, "ResourceError", PyExc_OSError);
}

}  // namespace brainemu::python
