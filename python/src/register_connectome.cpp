// Connectome: a .bcx file mapped read-only; its big arrays reach numpy as views of the mapping.

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "experiment/connectome_info.hpp"
#include "io/bcx.hpp"

namespace brainemu::python {
namespace py = pybind11;
namespace {

struct mapped_connectome {
    std::shared_ptr<const connectome> data;
    std::string path;
    double load_s = 0.0;
};

mapped_connectome open_connectome(const std::string& path) {
    mapped_connectome m;
    m.path = path;
    const auto t0 = std::chrono::steady_clock::now();
    {
        // Checking every section's checksum of a large file takes a while; let other Python
        // threads run meanwhile.
        py::gil_scoped_release release;
        m.data = std::make_shared<const connectome>(read_bcx(path));
    }
    m.load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return m;
}

// A read-only numpy array over `s` (no copy) that keeps `owner`, and through it the file
// mapping, alive. Read-only because the mapping is: a write would be a segmentation fault.
template <class T>
py::array view(std::span<const T> s, py::handle owner) {
    py::array_t<T> a({s.size()}, {sizeof(T)}, s.data(), owner);
    a.attr("setflags")(py::arg("write") = false);
    return a;
}

template <class T>
void def_view(py::class_<mapped_connectome>& cls, const char* name,
              std::span<const T> connectome::*member, const char* doc) {
    cls.def_property_readonly(
        name,
        [member](py::object self) {
            const auto& m = self.cast<const mapped_connectome&>();
            return view((*m.data).*member, self);
        },
        doc);
}

py::dict labels_of(const connectome& c) {
    py::dict out;
    for (const auto& [name, neurons] : c.labels) {
        out[py::str(name)] = py::array_t<std::uint32_t>(neurons.size(), neurons.data());
    }
    return out;
}

}  // namespace

void register_connectome(py::module_& m) {
    py::class_<mapped_connectome> cls(m, "Connectome",
                                      "A connectome file (.bcx) mapped read-only; array "
                                      "properties are numpy views of the mapping");
    cls.def_static("open", &open_connectome, py::arg("path"),
                   "Maps PATH and checks every section's checksum (InputError if damaged)");
    cls.def_property_readonly("path", [](const mapped_connectome& c) { return c.path; });
    cls.def_property_readonly("neurons", [](const mapped_connectome& c) { return c.data->size(); });
    cls.def_property_readonly("load_s", [](const mapped_connectome& c) { return c.load_s; });
    cls.def("__len__", [](const mapped_connectome& c) { return c.data->size(); });
    def_view(cls, "ids", &connectome::ids, "Dataset id of each neuron (int64, exact)");
    def_view(cls, "type_index", &connectome::type,
             "Cell type of each neuron, as an index into type_names");
    def_view(cls, "transmitter_index", &connectome::transmitter,
             "Transmitter of each neuron, as an index into transmitter_names");
    def_view(cls, "row_offsets", &connectome::row_offsets,
             "CSR rows by presynaptic neuron: pairs row_offsets[i] .. row_offsets[i + 1]");
    def_view(cls, "post", &connectome::post, "Postsynaptic neuron of each pair");
    def_view(cls, "count", &connectome::count, "Synapses in each pair");
    def_view(cls, "gap_a", &connectome::gap_a, "Electrical synapses: first neuron (a < b)");
    def_view(cls, "gap_b", &connectome::gap_b, "Electrical synapses: second neuron");
    def_view(cls, "gap_count", &connectome::gap_count, "Junctions between gap_a and gap_b");
    cls.def_property_readonly("names", [](const mapped_connectome& c) { return c.data->names; });
    cls.def_property_readonly("type_names",
                              [](const mapped_connectome& c) { return c.data->type_names; });
    cls.def_property_readonly("transmitter_names",
                              [](const mapped_connectome& c) { return c.data->transmitter_names; });
    cls.def_property_readonly("labels",
                              [](const mapped_connectome& c) { return labels_of(*c.data); });
    cls.def_property_readonly("metadata",
                              [](const mapped_connectome& c) { return c.data->metadata; });
    cls.def(
        "find_id", [](const mapped_connectome& c, std::int64_t id) { return c.data->find_id(id); },
        py::arg("id"), "Index of the neuron with this dataset id, or None");
    cls.def(
        "find_name",
        [](const mapped_connectome& c, const std::string& name) { return c.data->find_name(name); },
        py::arg("name"), "Index of the neuron with this name, or None");
    cls.def(
        "info",
        [](const mapped_connectome& c, double unit_weight, double delay_ms, double dt_ms) {
            // The CLI's own JSON, as a dict: one implementation for both.
            const auto j =
                connectome_info(c.data, c.path, c.load_s, {unit_weight, delay_ms, dt_ms});
            return py::module_::import("json").attr("loads")(j.dump());
        },
        py::arg("unit_weight") = 1.0, py::arg("delay_ms") = 1.8, py::arg("dt_ms") = 0.1,
        "What `brainemu info --json` prints, as a dict");
}

}  // namespace brainemu::python
