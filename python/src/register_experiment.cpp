// Experiments are TOML text on the C++ side: python/brainemu/ appends tables and collects
// overrides, and every check and message comes from the same reader the CLI uses.

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "core/closest_name.hpp"
#include "experiment/experiment.hpp"
#include "experiment/network_spec.hpp"
#include "run/run_experiment.hpp"

namespace brainemu::python {
namespace py = pybind11;
namespace {

using override_list = std::vector<std::pair<std::string, std::string>>;

// `user_lines`: lines of the text the user wrote; tables the Python layer appended come after
// them. Their lines exist in no file the user can open, so they are left out of messages, as
// for values given with --set.
template <class F>
auto citing_user_lines(std::int64_t user_lines, F&& f) {
    try {
        return f();
    } catch (const input_error& e) {
        if (e.where().line <= user_lines) {
            throw;
        }
        input_location at = e.where();
        at.line = 0;
        throw input_error(at, e.problem());
    }
}

experiment parse(const std::string& text, const std::string& path, const override_list& overrides,
                 std::int64_t user_lines) {
    std::vector<override_spec> specs;
    specs.reserve(overrides.size());
    for (const auto& [key, value] : overrides) {
        specs.push_back({key, value});
    }
    return citing_user_lines(user_lines, [&] { return parse_experiment_text(text, path, specs); });
}

py::dict describe(const experiment& e) {
    py::dict d;
    d["network"] = e.network_name;
    d["neurons"] = e.neurons();
    d["dt_ms"] = e.dt_ms;
    d["duration_ms"] = e.duration_ms;
    d["warmup_ms"] = e.warmup_ms;
    d["steps"] = e.steps();
    d["seed"] = e.seed;
    d["threads"] = e.threads;
    d["trials"] = e.trials;
    d["resolved"] = resolved_config_toml(e);
    // A built-in or composed network knows its populations before it is built: (name, first,
    // last).
    py::list pops;
    for (const population& p : known_populations(e.network).value_or(std::vector<population>{})) {
        pops.append(py::make_tuple(p.name, p.range.first, p.range.last));
    }
    d["populations"] = pops;
    return d;
}

py::dict describe(const run_summary& s, const std::vector<std::string>& log) {
    py::dict d;
    d["out"] = s.out.string();
    d["threads"] = s.threads;
    d["neurons"] = s.neurons;
    d["synapses"] = s.synapses;
    d["build_s"] = s.build_s;
    d["trials"] = s.trials;
    d["trials_wall_s"] = s.trials_wall_s;
    d["files"] = s.files;
    d["log"] = log;
    return d;
}

py::dict check(const std::string& text, const std::string& path, const override_list& overrides,
               std::int64_t user_lines) {
    return describe(parse(text, path, overrides, user_lines));
}

// The run releases the GIL; the callbacks take it back. Ctrl-C is noticed at the next progress
// call (about twice a second): PyErr_CheckSignals raises KeyboardInterrupt there, and any
// exception from a callback stops the engine at the next interval and reaches the caller.
py::dict run(const std::string& text, const std::string& path, const override_list& overrides,
             std::int64_t user_lines, const std::string& out, unsigned threads,
             const py::object& progress, const py::object& log) {
    experiment e = parse(text, path, overrides, user_lines);
    std::vector<std::string> lines;
    runner_options ro;
    ro.out = out;
    ro.threads = threads;
    ro.progress = [&progress](const progress_info& p) {
        py::gil_scoped_acquire gil;
        if (PyErr_CheckSignals() != 0) {
            throw py::error_already_set();
        }
        if (!progress.is_none()) {
            progress(p);
        }
    };
    ro.log = [&lines, &log](const std::string& line) {
        lines.push_back(line);
        if (!log.is_none()) {
            py::gil_scoped_acquire gil;
            log(line);
        }
    };
    run_summary summary;
    {
        py::gil_scoped_release release;
        // Selectors and weight units are checked when the network is built, inside the run.
        summary = citing_user_lines(user_lines, [&] { return run_experiment(e, ro); });
    }
    return describe(summary, lines);
}

}  // namespace

void register_experiment(py::module_& m) {
    py::class_<progress_info>(m, "Progress", "Where a running trial is")
        .def_readonly("step", &progress_info::step, "Steps done (warm-up included)")
        .def_readonly("total_steps", &progress_info::total_steps)
        .def_readonly("spikes", &progress_info::spikes)
        .def_readonly("wall_s", &progress_info::wall_s)
        .def("__repr__", [](const progress_info& p) {
            return "Progress(step=" + std::to_string(p.step) +
                   ", total_steps=" + std::to_string(p.total_steps) +
                   ", spikes=" + std::to_string(p.spikes) + ")";
        });
    m.def("unknown_name_message", &unknown_name_message, py::arg("what"), py::arg("name"),
          py::arg("candidates"),
          "The CLI's message for an unknown name: \"unknown WHAT 'NAME'; did you mean ...\"");
    m.def("check", &check, py::arg("text"), py::arg("path"), py::arg("overrides"),
          py::arg("user_lines"),
          "Parses an experiment as `brainemu run` does; returns its summary (InputError if bad)");
    m.def("run", &run, py::arg("text"), py::arg("path"), py::arg("overrides"),
          py::arg("user_lines"), py::arg("out"), py::arg("threads"), py::arg("progress"),
          py::arg("log"),
          "Runs an experiment into OUT through the CLI's run loop; returns the run's summary");
}

}  // namespace brainemu::python
