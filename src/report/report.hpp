#pragma once
// `brainemu report`: one self-contained report.html (inline SVG and CSS, no script, nothing
// fetched) from a run directory. Sections without data are left out. Its size is bounded by
// the pictures, not by the run: see docs/report.md for how each plot downsamples.

#include <filesystem>
#include <string>

#include "report/raster.hpp"
#include "report/run_dir.hpp"

namespace brainemu::report {

struct report_options {
    raster_options raster;
    std::size_t max_voltage_traces = 8;
    std::size_t max_trial_neurons = 40;    // the most active ones
    std::size_t max_small_multiples = 16;  // populations drawn one plot each, up to this many
};

[[nodiscard]] std::string render_report(const run_data& run, const report_options& opt = {});

// Reads `dir`, writes the report atomically to `out` (default dir/report.html), returns its path.
std::filesystem::path write_report(const std::filesystem::path& dir,
                                   const std::filesystem::path& out = {},
                                   const report_options& opt = {});

}  // namespace brainemu::report
