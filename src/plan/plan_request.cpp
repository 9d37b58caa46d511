#include "plan/plan_request.hpp"

#include <cmath>

#include <fmt/format.h>

#include "core/input_error.hpp"
#include "plan/calibration.hpp"
#include "plan/presets.hpp"
#include "plan/user_catalog.hpp"

namespace brainemu::plan {
namespace {

bool is_toml_file(const std::string& s) {
    return s.size() > 5 && s.ends_with(".toml");
}

// A name, or a TOML file that must define exactly one entry of the kind asked for.
std::string name_or_file(const std::string& value, const char* option, const char* kind,
                         catalog& cat) {
    if (!is_toml_file(value)) {
        return value;
    }
    const user_catalog_names names = load_user_catalog(value, cat);
    const std::vector<std::string>& defined =
        std::string_view(kind) == "organisms" ? names.organisms : names.clusters;
    if (defined.size() != 1) {
        throw input_error({value, 0, option},
                          fmt::format("defines {} [{}.*] tables; name one with --catalog {} and "
                                      "{} NAME",
                                      defined.size(), kind, value, option));
    }
    return defined.front();
}

}  // namespace

resolved_plan resolve_plan(const plan_request& request) {
    resolved_plan out{{}, catalog::builtin(), std::nullopt};
    catalog& cat = out.cat;
    plan_inputs& in = out.inputs;
    for (const std::string& file : request.catalogs) {
        (void)load_user_catalog(file, cat);
    }
    std::optional<plan_preset> preset;
    if (!request.preset.empty()) {
        preset = find_preset(request.preset, "--preset");
        in.preset = preset->name;
    }
    auto pick = [&](const std::string& given, std::string from_preset, const char* fallback) {
        return !given.empty() ? given : preset ? std::move(from_preset) : std::string(fallback);
    };
    // Defaults without a preset: human, LIF with exponential current synapses.
    const std::string organism_name =
        name_or_file(pick(request.organism, preset ? preset->organism : "", "human"), "--organism",
                     "organisms", cat);
    in.org = cat.find_organism(organism_name, "--organism");
    in.neuron = cat.find_neuron_model(
        pick(request.neuron_model, preset ? preset->neuron_model : "", "lif"), "--neuron");
    in.synapse = cat.find_synapse_model(
        pick(request.synapse_model, preset ? preset->synapse_model : "", "exp"), "--synapse");

    if (!request.cluster.empty()) {
        const cluster& c = cat.find_cluster(
            name_or_file(request.cluster, "--cluster", "clusters", cat), "--cluster");
        in.dev = cat.find_device(c.device, "--cluster");
        in.devices = c.devices;
        in.precision = c.precision;
        in.precision_by_kernel = false;  // a cluster's published total counts one peak
        in.cluster = c.name;
    } else if (preset) {
        in.devices = preset->devices;  // the publication's count, on the chosen device
    }
    if (!request.device.empty() || request.cluster.empty()) {
        // The default device is the H100, SoBE's and Freeman's reference accelerator.
        in.dev = cat.find_device(request.device.empty() ? "h100" : request.device, "--device");
    }
    if (!request.precision.empty()) {
        set_precision(in, request.precision, "--precision");
    }
    if (preset) {
        apply_overrides(in, preset->sets, "--preset " + preset->name + ":");
    }
    if (!request.calibrate.empty()) {
        apply_calibration(read_profile(request.calibrate), in);
    }
    if (!request.locality_cuts.empty()) {
        const locality_fit fit =
            fit_locality(read_cut_points(request.locality_cuts), in.locality.neurons_per_mm3);
        in.locality.long_range_share = fit.long_range_share;
        in.locality.axon_reach_mm = fit.axon_reach_mm;
        in.locality.cross_fraction = std::nan("");  // the fitted model decides
        in.locality.curve =
            fmt::format("fitted to {} cuts measured in {}", fit.points, request.locality_cuts);
        out.fit = fit;
    }
    apply_overrides(in, request.sets, "--set");
    validate(in);
    return out;
}

}  // namespace brainemu::plan
