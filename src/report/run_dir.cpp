#include "report/run_dir.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/input_error.hpp"

namespace brainemu::report {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw input_error({path.string(), 0, ""}, "cannot open the file");
    }
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// trial-000, trial-001, ... in order.
std::vector<fs::path> trial_dirs(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        if (e.is_directory() && name.starts_with("trial-")) {
            out.push_back(e.path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string plan_svg_markup(const fs::path& path) {
    std::string text = read_text(path);
    // Inlined into HTML: drop an XML prolog, keep the <svg> element only.
    const auto start = text.find("<svg");
    const auto end = text.rfind("</svg>");
    if (start == std::string::npos || end == std::string::npos || end < start) {
        throw input_error({path.string(), 0, ""}, "damaged file: no <svg> element");
    }
    return text.substr(start, end + 6 - start);
}

plan_summary read_plan_json(const fs::path& path) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(read_text(path));
    } catch (const nlohmann::json::exception& e) {
        throw input_error({path.string(), 0, ""},
                          fmt::format("damaged file: not valid JSON ({})", e.what()));
    }
    plan_summary p;
    auto name = [&](const char* key) {
        const auto it = j.find(key);
        if (it == j.end()) {
            return std::string();
        }
        if (it->is_object() && it->contains("name") && (*it)["name"].is_string()) {
            return (*it)["name"].get<std::string>();
        }
        return it->is_string() ? it->get<std::string>() : std::string();
    };
    p.organism = name("organism");
    p.neuron_model = name("neuron_model");
    p.device = name("device");
    p.cluster = name("cluster");
    p.binding_axis = name("binding_axis");
    if (j.contains("devices") && j["devices"].is_number()) {
        p.devices = j["devices"].get<double>();
    }
    for (const auto& [key, out] : {std::pair{"devices_needed", &p.devices_needed},
                                   std::pair{"supply_over_demand", &p.supply_over_demand}}) {
        if (j.contains(key) && j[key].is_object()) {
            for (const auto& [axis, v] : j[key].items()) {
                if (v.is_number()) {
                    out->emplace_back(axis, v.get<double>());
                }
            }
        }
    }
    return p;
}

}  // namespace

std::uint64_t run_data::neurons() const {
    if (profile && profile->neurons > 0.0) {
        return static_cast<std::uint64_t>(profile->neurons);
    }
    std::uint64_t sum = 0;
    for (const population_row& p : populations) {
        sum += p.neurons;
    }
    if (sum > 0) {
        return sum;
    }
    std::uint64_t top = 0;
    if (spikes) {
        for (const spike& s : spikes->spikes) {
            top = std::max(top, s.neuron + 1);
        }
    }
    return top;
}

std::uint64_t run_data::steps() const {
    if (profile && profile->steps > 0.0) {
        return static_cast<std::uint64_t>(profile->steps);
    }
    return spikes && !spikes->spikes.empty() ? std::uint64_t{spikes->spikes.back().step} + 1 : 0;
}

double run_data::dt_ms() const {
    if (spikes) {
        return spikes->dt_ms;
    }
    if (profile && profile->dt_ms > 0.0) {
        return profile->dt_ms;
    }
    return voltages ? voltages->dt_ms : 0.1;
}

run_data load_run(const fs::path& dir) {
    if (!fs::is_directory(dir)) {
        throw input_error({dir.string(), 0, ""},
                          "not a directory (expected the --out of brainemu run)");
    }
    run_data r;
    r.dir = dir;
    r.data_dir = dir;
    const std::vector<fs::path> trials = trial_dirs(dir);
    if (!fs::exists(dir / "spikes.bin") && !fs::exists(dir / "rates.csv") && !trials.empty()) {
        r.data_dir = trials.front();
    }
    if (fs::exists(dir / "profile.json")) {
        r.profile = read_run_profile(dir / "profile.json");
    }
    if (fs::exists(dir / "config.toml")) {
        r.config_toml = read_text(dir / "config.toml");
    }
    if (fs::exists(r.data_dir / "spikes.bin")) {
        r.spikes = read_spike_file(r.data_dir / "spikes.bin");
    }
    if (fs::exists(r.data_dir / "voltages.bin")) {
        r.voltages = read_voltage_file(r.data_dir / "voltages.bin");
    }
    if (fs::exists(r.data_dir / "rates.csv")) {
        r.populations = read_rates_csv(r.data_dir / "rates.csv");
    }
    if (fs::exists(dir / "trials.csv")) {
        r.trials = read_trials_csv(dir / "trials.csv");
    }
    for (const fs::path& t : trials) {
        if (fs::exists(t / "rates.csv")) {
            r.trial_rates.push_back(read_rates_csv(t / "rates.csv"));
        }
    }
    if (fs::exists(dir / "plan.svg")) {
        r.plan_svg = plan_svg_markup(dir / "plan.svg");
    }
    if (fs::exists(dir / "plan.json")) {
        r.plan = read_plan_json(dir / "plan.json");
    }
    if (!r.profile && !r.spikes && r.populations.empty() && !r.voltages) {
        throw input_error({dir.string(), 0, ""},
                          "no run outputs here (profile.json, spikes.bin, rates.csv, "
                          "voltages.bin or trial-NNN/)");
    }
    return r;
}

}  // namespace brainemu::report
