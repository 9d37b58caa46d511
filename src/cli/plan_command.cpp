#include "cli/plan_command.hpp"

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/atomic_file.hpp"
#include "core/input_error.hpp"
#include "plan/input_ranges.hpp"
#include "plan/plan.hpp"
#include "plan/plan_json.hpp"
#include "plan/plan_request.hpp"
#include "plan/plan_text.hpp"
#include "plan/ranges.hpp"
#include "plan/svg_chart.hpp"
#include "plan/sweep.hpp"
#include "plan/sweep_grid.hpp"
#include "plan/timeline.hpp"
#include "plan/tornado_svg.hpp"

namespace brainemu {
namespace {

struct plan_options {
    plan::plan_request request;
    bool json = false;
    bool list = false;
    bool timeline = false;
    std::string svg;
    std::vector<std::string> sweeps;  // one input, or two for a grid
    int sweep_points = 9;
    bool ranges = false;
    std::vector<std::string> range_overrides;  // --range NAME=LOW..HIGH
    std::string tornado_svg;
};

void run_plan(const plan_options& opt) {
    const plan::resolved_plan resolved = plan::resolve_plan(opt.request);
    if (opt.list) {
        std::fputs(plan::catalog_text(resolved.cat).c_str(), stdout);
        return;
    }
    const plan::plan_inputs& in = resolved.inputs;
    const plan::plan_result result = plan::compute_plan(in);
    // Everything the user asked for is checked before anything is printed or written.
    std::optional<plan::sweep_result> sweep;
    std::optional<plan::sweep_grid> grid;
    if (opt.sweeps.size() > 2) {
        throw input_error(
            {"", 0, "--sweep"},
            fmt::format("{} sweeps given: one input, or two for a grid", opt.sweeps.size()));
    }
    if (opt.sweeps.size() == 1) {
        sweep = plan::run_sweep(in, plan::parse_sweep(opt.sweeps[0], opt.sweep_points));
    } else if (opt.sweeps.size() == 2) {
        grid = plan::run_sweep_grid(in, plan::parse_sweep(opt.sweeps[0], opt.sweep_points),
                                    plan::parse_sweep(opt.sweeps[1], opt.sweep_points));
    }
    std::optional<plan::timeline_result> timeline;
    if (opt.timeline) {
        timeline = plan::project_timeline(in, result);
    }
    std::optional<plan::ranges_result> ranges;
    if (opt.ranges || !opt.range_overrides.empty() || !opt.tornado_svg.empty()) {
        ranges = plan::propagate_ranges(in, plan::input_ranges(in, opt.range_overrides));
    }
    if (!opt.svg.empty()) {
        write_file_atomic(opt.svg, plan::plan_chart_svg(in, result));
    }
    if (!opt.tornado_svg.empty()) {
        write_file_atomic(opt.tornado_svg, plan::tornado_svg(in, *ranges));
    }
    if (opt.json) {
        nlohmann::json j = plan::plan_json(in, result);
        if (resolved.fit) {
            j["locality_fit"] = plan::locality_fit_json(*resolved.fit);
        }
        if (sweep) {
            j["sweep"] = plan::sweep_json(*sweep);
        }
        if (grid) {
            j["sweep_grid"] = plan::sweep_grid_json(*grid);
        }
        if (timeline) {
            j["timeline"] = plan::timeline_json(*timeline);
        }
        if (ranges) {
            j["ranges"] = plan::ranges_json(*ranges);
        }
        std::fputs((j.dump(2) + "\n").c_str(), stdout);
        return;
    }
    std::string text = plan::plan_text(in, result);
    if (resolved.fit) {
        text += fmt::format(
            "locality fitted on {} measured cuts: long-range share {:.3g}, axon "
            "reach {:.3g} mm (rms error {:.3g})\n",
            resolved.fit->points, resolved.fit->long_range_share, resolved.fit->axon_reach_mm,
            resolved.fit->rms_error);
    }
    if (sweep) {
        text += "\n" + plan::sweep_text(*sweep);
    }
    if (grid) {
        text += "\n" + plan::sweep_grid_text(*grid);
    }
    if (timeline) {
        text += "\n" + plan::timeline_text(*timeline);
    }
    if (ranges) {
        text += "\n" + plan::ranges_text(*ranges);
    }
    if (!opt.svg.empty()) {
        text += "\nchart written to " + opt.svg + "\n";
    }
    if (!opt.tornado_svg.empty()) {
        text += "\ntornado chart written to " + opt.tornado_svg + "\n";
    }
    std::fputs(text.c_str(), stdout);
}

}  // namespace

void add_plan_command(CLI::App& app) {
    auto opt = std::make_shared<plan_options>();
    plan::plan_request& r = opt->request;
    CLI::App* cmd = app.add_subcommand(
        "plan",
        "What it takes to emulate an organism at a fidelity on some hardware, and which "
        "axis binds (docs/planner.md)");
    cmd->add_option("--preset", r.preset,
                    "Published estimate: freeman-pessimistic, freeman-optimistic, or "
                    "sobe-<human|mouse|fly>-<time|event>-<low|high> (--list shows each)");
    cmd->add_option("--organism", r.organism,
                    "worm, fly-larva, fly, zebrafish-larva, mouse, mouse-cortex, macaque, human "
                    "(default), human-cortex, or a TOML file defining one");
    cmd->add_option("--neuron", r.neuron_model,
                    "Neuron model: lif (default), izhikevich, adex, hh, mc-hh");
    cmd->add_option("--synapse", r.synapse_model,
                    "Synapse model: exp (default), alpha, exp2, tsodyks-markram, stdp");
    cmd->add_option("--device", r.device,
                    "h100 (default), h200, b200, gb200, gb300, mi300x, mi325x, mi355x, a64fx, "
                    "cpu-node");
    cmd->add_option("--cluster", r.cluster,
                    "h100-100k, mid-2020s (= b200-100k), fugaku, or a TOML file defining one");
    cmd->add_option("--precision", r.precision,
                    "Peak the compute axis counts: kernel (each kernel at its model's precision: "
                    "the default without a cluster), or one for all: fp64, fp32, fp16_dense, "
                    "fp16_sparse");
    cmd->add_option("--catalog", r.catalogs,
                    "TOML file adding organisms, models, devices, clusters (repeatable)");
    cmd->add_option("--calibrate", r.calibrate,
                    "A run's profile.json: use brainemu's measured bytes and times");
    cmd->add_option("--locality-cuts", r.locality_cuts,
                    "Measured cuts (CSV or JSON: neurons_per_partition, cut_fraction; or "
                    "bench/results/locality.json) to fit the locality model");
    cmd->add_option("--set", r.sets,
                    "Override any input: KEY=VALUE, e.g. mean_rate_hz=1 (see docs/planner.md)");
    cmd->add_option("--sweep", opt->sweeps,
                    "Vary one input: NAME=A..B, e.g. bytes_per_synapse=8..64; twice for a grid "
                    "of two inputs");
    cmd->add_option("--sweep-points", opt->sweep_points, "Points in a sweep (default 9)");
    cmd->add_flag("--timeline", opt->timeline,
                  "Project supply forward per axis and report the year the plan is feasible");
    cmd->add_option("--svg", opt->svg, "Write the chart (supply vs demand per axis) to FILE");
    cmd->add_flag("--ranges", opt->ranges,
                  "Vary each uncertain input over its cited range: a tornado table, each axis's "
                  "range, the binding axes possible");
    cmd->add_option("--range", opt->range_overrides,
                    "Replace or add an input's range: NAME=LOW..HIGH (repeatable; implies "
                    "--ranges)");
    cmd->add_option("--tornado-svg", opt->tornado_svg,
                    "Write the tornado chart (the binding axis's supply/demand per input) to FILE "
                    "(implies --ranges)");
    cmd->add_flag("--json", opt->json, "Print JSON instead of the table");
    cmd->add_flag("--list", opt->list, "List organisms, models, devices, clusters and presets");
    cmd->callback([opt] { run_plan(*opt); });
}

}  // namespace brainemu
