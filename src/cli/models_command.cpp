#include "cli/models_command.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/cable/cable_group.hpp"
#include "models/cable/reference_cell.hpp"
#include "models/model_list.hpp"
#include "models/weight_mapping.hpp"

namespace brainemu {
namespace {

struct models_options {
    bool json = false;
    bool measure = false;
    std::uint32_t neurons = 100'000;
    std::uint32_t steps = 1'000;
    int repetitions = 5;
};

// The unit a parameter's name ends with (units are in field names: tau_m_ms, a_per_ms).
std::string unit_of(std::string_view name) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 11> suffixes = {{
        {"_mS_per_cm2", "mS/cm2"},
        {"_uF_per_cm2", "uF/cm2"},
        {"_mV_per_ms", "mV/ms"},
        {"_per_ms", "1/ms"},
        {"_um2", "um2"},
        {"_pF", "pF"},
        {"_pA", "pA"},
        {"_nS", "nS"},
        {"_mV", "mV"},
        {"_ms", "ms"},
        {"_Hz", "Hz"},
    }};
    for (const auto& [suffix, unit] : suffixes) {
        if (name.ends_with(suffix)) {
            return std::string(unit);
        }
    }
    return "1";
}

// Median ns per neuron step over `repetitions` runs of one group of `neurons` neurons. Only
// the model's step calls are timed, not the refilling of the input slot.
template <class M>
nlohmann::json measure(const models_options& opt) {
    const typename M::params p{};
    const double dt_ms = 0.1;
    const typename M::derived d = M::derived::from(p, dt_ms);
    const model_drive dr = M::measure_drive;
    const double fx_per_unit = 1 << 20;
    const std::uint32_t n = opt.neurons;
    const int channels = M::channels(p);
    // 64 steps of input patterns, reused cyclically: a cheap, deterministic pseudo-random mix.
    constexpr std::uint32_t patterns = 64;
    std::vector<std::int64_t> pattern(static_cast<std::size_t>(patterns) * n);
    std::uint64_t x = 0x9E3779B97F4A7C15ull;
    for (auto& v : pattern) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        const double u = static_cast<double>(x >> 11) * 0x1.0p-53;
        v = static_cast<std::int64_t>((3.0 * u - 1.0) * dr.weight * fx_per_unit);
    }
    std::vector<std::int64_t> ch0(n), ch1(n);
    std::vector<double> current(n, dr.current_pA);
    std::vector<std::uint32_t> fired;
    std::vector<double> ns_per_step;
    std::uint32_t steps = opt.steps;
    std::uint64_t spikes = 0;
    for (int rep = 0; rep < opt.repetitions; ++rep) {
        typename M::state s;
        s.resize(n, p, d);
        double seconds = 0.0;
        spikes = 0;
        for (std::uint32_t k = 0; k < steps; ++k) {
            const std::int64_t* src = pattern.data() + static_cast<std::size_t>(k % patterns) * n;
            for (std::uint32_t i = 0; i < n; ++i) {
                const bool neg = channels == 2 && src[i] < 0;
                ch0[i] = neg ? 0 : src[i];
                ch1[i] = neg ? src[i] : 0;
            }
            step_input in;
            in.syn_ch0 = ch0.data();
            in.syn_ch1 = channels == 2 ? ch1.data() : nullptr;
            in.unit_per_fx = 1.0 / fx_per_unit;
            in.current_pA = M::accepts_current ? current.data() : nullptr;
            const auto t0 = std::chrono::steady_clock::now();
            M::step(p, d, s, {0, n}, in, fired);
            seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            spikes += fired.size();
            fired.clear();
            // Expensive models: keep one repetition near 2 s by shortening the run.
            if (rep == 0 && k == 9 && seconds > 0.02) {
                steps = std::max<std::uint32_t>(20, static_cast<std::uint32_t>(2.0 / seconds * 10));
                steps = std::min(steps, opt.steps);
            }
        }
        ns_per_step.push_back(seconds * 1e9 / (static_cast<double>(n) * steps));
    }
    std::sort(ns_per_step.begin(), ns_per_step.end());
    const double rate_hz =
        static_cast<double>(spikes) / (static_cast<double>(n) * steps * dt_ms) * 1e3;
    return {{"ns_per_step", ns_per_step[ns_per_step.size() / 2]},
            {"measure",
             {{"neurons", n},
              {"steps", steps},
              {"repetitions", opt.repetitions},
              {"dt_ms", dt_ms},
              {"ns_per_step_all", ns_per_step},
              {"current_pA", M::accepts_current ? dr.current_pA : 0.0},
              {"weight_range", {-dr.weight, 2.0 * dr.weight}},
              {"mean_rate_Hz", rate_hz},
              {"threads", 1}}}};
}

template <class M>
nlohmann::json describe(const models_options& opt) {
    const typename M::params defaults{};
    nlohmann::json params = nlohmann::json::array();
    for (const auto& f : M::fields) {
        params.push_back({{"name", f.name},
                          {"unit", unit_of(f.name)},
                          {"default", defaults.*f.member},
                          {"description", f.description}});
    }
    const model_cost c = M::cost();
    nlohmann::json j = {{"name", M::name},
                        {"summary", M::summary},
                        {"weight_unit", M::weight_unit},
                        {"accepts_current", M::accepts_current},
                        // How weights given in pA reach it (docs/experiments.md, "Models and
                        // weights"); empty where it takes pA or has no rule.
                        {"weight_from_pA", std::string(from_pA_rule(M::name))},
                        {"parameters", params},
                        // What [record.state] can record and a checkpoint keeps.
                        {"state_variables", model_state_variables(defaults)},
                        {"state_bytes_per_neuron", c.state_bytes},
                        {"flop_per_step", c.flop_per_step}};
    if (opt.measure) {
        j.update(measure<M>(opt));
    }
    return j;
}

// The top rung: cells of many compartments, described and timed on brainemu's reference cell
// (models/cable/reference_cell.hpp). They run from SONATA biophysical circuits
// (docs/biophysical.md), not as a model of a network here, so the entry is per compartment.
nlohmann::json describe_cable(const models_options& opt) {
    const morphology shape = reference_morphology();
    const cell_biophysics biophysics = reference_biophysics();
    cable_group group(34.0);
    group.add_cell(shape, biophysics, -15.0);
    group.add_clamp({group.soma_node(0), 0.0, 1e9, 0.2});  // fires at ~20 Hz
    group.initialize(-80.0);
    const double compartments = group.compartments();
    std::string channels;
    for (std::size_t k = 0; k < channel_kinds; ++k) {
        channels += (k == 0 ? "" : ", ") + std::string(info(static_cast<channel_kind>(k)).name);
    }
    nlohmann::json j = {
        {"name", "cable"},
        {"rung", "multi-compartment"},
        {"summary", "cells on SWC morphologies with the Allen perisomatic channels (" + channels +
                        "), calcium dynamics, Exp2Syn synapses; run from SONATA biophysical "
                        "circuits (docs/biophysical.md)"},
        {"weight_unit", "uS"},
        {"accepts_current", true},
        {"weight_from_pA", ""},
        {"parameters", nlohmann::json::array()},
        {"reference_cell", biophysics.source},
        {"compartments", compartments},
        {"state_bytes_per_neuron", group.bytes()},
        {"state_bytes_per_compartment", static_cast<double>(group.bytes()) / compartments},
        {"flop_per_step", group.flop_per_step()},
        {"flop_per_compartment_step", group.flop_per_step() / compartments}};
    if (opt.measure) {
        // Median over the repetitions of ~2 s of stepping each (0.1 ms steps).
        std::vector<double> ns;
        std::vector<cable_spike> spikes;
        double t = 0.0;
        const int steps = 20000;
        for (int rep = 0; rep < opt.repetitions; ++rep) {
            const auto t0 = std::chrono::steady_clock::now();
            for (int k = 0; k < steps; ++k, t += 0.1) {
                group.step(t, 0.1, spikes);
            }
            const double s =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            ns.push_back(s * 1e9 / (compartments * steps));
        }
        std::sort(ns.begin(), ns.end());
        j["ns_per_compartment_step"] = ns[ns.size() / 2];
        j["ns_per_step"] = ns[ns.size() / 2] * compartments;
        j["measure"] = {{"steps", steps},    {"repetitions", opt.repetitions},
                        {"dt_ms", 0.1},      {"ns_per_compartment_step_all", ns},
                        {"current_nA", 0.2}, {"spikes", spikes.size()},
                        {"threads", 1}};
    }
    return j;
}

void print_text(const nlohmann::json& models, bool measured) {
    for (const auto& m : models) {
        if (m.contains("rung")) {
            std::string line = fmt::format(
                "{}: {}\n  on brainemu's reference cell ({}, {:.0f} compartments): {:.0f} bytes "
                "per "
                "compartment, {:.1f} FLOP per compartment-step (counted from the code)",
                m["name"].get<std::string>(), m["summary"].get<std::string>(),
                m["reference_cell"].get<std::string>(), m["compartments"].get<double>(),
                m["state_bytes_per_compartment"].get<double>(),
                m["flop_per_compartment_step"].get<double>());
            if (measured) {
                line += fmt::format(", {:.2f} ns per compartment-step (measured, 1 thread)",
                                    m["ns_per_compartment_step"].get<double>());
            }
            std::printf("%s\n", line.c_str());
            continue;
        }
        std::string line = fmt::format(
            "{}: {}\n  weight unit {}, {}, {} bytes of state per neuron, "
            "{} FLOP per step (counted from the code)",
            m["name"].get<std::string>(), m["summary"].get<std::string>(),
            m["weight_unit"].get<std::string>(),
            m["accepts_current"].get<bool>() ? "takes currents" : "no current input",
            m["state_bytes_per_neuron"].get<std::size_t>(), m["flop_per_step"].get<double>());
        if (measured) {
            line += fmt::format(", {:.2f} ns per neuron step (measured, 1 thread)",
                                m["ns_per_step"].get<double>());
        }
        if (const auto rule = m["weight_from_pA"].get<std::string>(); !rule.empty()) {
            line += fmt::format("\n  weights given in pA: {}", rule);
        }
        if (m.contains("state_variables")) {
            line +=
                fmt::format("\n  state variables ([record.state]): {}",
                            fmt::join(m["state_variables"].get<std::vector<std::string>>(), ", "));
        }
        std::printf("%s\n", line.c_str());
        for (const auto& p : m["parameters"]) {
            std::printf("    %-18s %-7s %12g  %s\n", p["name"].get<std::string>().c_str(),
                        p["unit"].get<std::string>().c_str(), p["default"].get<double>(),
                        p["description"].get<std::string>().c_str());
        }
    }
    std::printf(
        "\nFLOP are counted by hand from each model's step code (an exp or expm1 counts "
        "as 20); see the header of each model in src/models/.\n");
}

void list_models(const models_options& opt) {
    nlohmann::json models = nlohmann::json::array();
    for_each_model([&](auto m) { models.push_back(describe<decltype(m)>(opt)); });
    models.push_back(describe_cable(opt));
    if (opt.json) {
        std::printf("%s\n", models.dump(2).c_str());
    } else {
        print_text(models, opt.measure);
    }
}

}  // namespace

void add_models_command(CLI::App& app) {
    auto opt = std::make_shared<models_options>();
    CLI::App* cmd = app.add_subcommand(
        "models", "List the neuron models: parameters, weight unit, state bytes, FLOP per step");
    cmd->add_flag("--json", opt->json, "print a JSON list instead of text");
    cmd->add_flag("--measure", opt->measure,
                  "time each model's step (median of the repetitions, one thread)");
    cmd->add_option("--neurons", opt->neurons, "neurons per measurement")
        ->check(CLI::Range(1u, 100'000'000u));
    cmd->add_option("--steps", opt->steps, "steps per repetition (fewer for slow models)")
        ->check(CLI::Range(20u, 1'000'000u));
    cmd->add_option("--repetitions", opt->repetitions, "repetitions; the median is reported")
        ->check(CLI::Range(1, 101));
    cmd->callback([opt] { list_models(*opt); });
}

}  // namespace brainemu
