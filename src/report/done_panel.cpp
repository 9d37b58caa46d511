// "What was done": the experiment's design in one table, read from config.toml (the resolved
// experiment), so that a reader sees what was driven, silenced and recorded without unfolding
// the file: the network and its models, each stimulus (kind, targets, strength, when), each
// silencing, the recorded voltages, trials and seed.

#include <sstream>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "report/format.hpp"
#include "report/sections.hpp"
#include "report/svg.hpp"

namespace brainemu::report {
namespace {

// A value as a reader wants it: numbers in their shortest form (0.1, not TOML's
// 0.10000000000000001), strings unquoted, arrays of more than six items cut to their first five.
std::string shown(const toml::node& n) {
    if (const toml::array* a = n.as_array()) {
        std::string out = "[";
        const std::size_t k = a->size() > 6 ? 5 : a->size();
        for (std::size_t i = 0; i < k; ++i) {
            out += (i > 0 ? ", " : "") + shown((*a)[i]);
        }
        return out + (a->size() > k ? fmt::format(", ... ({} in all)]", a->size()) : "]");
    }
    if (const auto d = n.value_exact<double>()) {
        return fmt::format("{}", *d);
    }
    if (const auto i = n.value_exact<std::int64_t>()) {
        return fmt::format("{}", *i);
    }
    if (const auto b = n.value_exact<bool>()) {
        return *b ? "true" : "false";
    }
    if (const auto str = n.value_exact<std::string>()) {
        return *str;
    }
    std::ostringstream out;
    n.visit([&](const auto& v) { out << v; });
    return out.str();
}

// The fields of `t` named in `keys`, as "key = value" joined by "; ".
std::string fields(const toml::table& t, const std::vector<std::string_view>& keys) {
    std::string out;
    for (std::string_view k : keys) {
        if (const toml::node* n = t.get(k)) {
            out += fmt::format("{}{} = {}", out.empty() ? "" : "; ", k, shown(*n));
        }
    }
    return out;
}

const std::vector<std::string_view>& selector_keys() {
    static const std::vector<std::string_view> keys = {
        "all", "ids", "names", "type", "transmitter", "population", "label", "file"};
    return keys;
}

std::string row(std::string_view what, const std::string& targets, const std::string& detail) {
    return fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", escape_xml(what),
                       escape_xml(targets), escape_xml(detail));
}

}  // namespace

std::string done_section(const run_data& run) {
    if (!run.config_toml) {
        return {};
    }
    toml::table config;
    try {
        config = toml::parse(*run.config_toml);
    } catch (const toml::parse_error&) {
        return {};  // the folded file below still shows it as written
    }
    std::string rows;
    if (const toml::table* sim = config["simulation"].as_table()) {
        rows += row("simulation", "",
                    fields(*sim, {"duration_ms", "warmup_ms", "dt_ms", "seed", "trials"}));
    }
    if (const toml::table* net = config["network"].as_table()) {
        std::string detail;
        for (const auto& [k, v] : *net) {
            if (!v.is_table()) {
                detail += fmt::format("{}{} = {}", detail.empty() ? "" : "; ", k.str(), shown(v));
            }
        }
        rows += row("network", "", detail);
    }
    if (const toml::table* model = config["model"].as_table()) {
        rows += row("model", "all neurons", fields(*model, {"name"}));
        if (const toml::array* overrides = (*model)["override"].as_array()) {
            for (const toml::node& o : *overrides) {
                if (const toml::table* t = o.as_table()) {
                    rows +=
                        row("model override", fields(*t, selector_keys()), fields(*t, {"name"}));
                }
            }
        }
    }
    if (run.profile && run.profile->models.size() > 1) {
        std::string detail;
        for (const auto& [name, n] : run.profile->models) {
            detail += fmt::format("{}{} {}", detail.empty() ? "" : ", ", name, format_count(n));
        }
        rows += row("neurons per model", "", detail);
    }
    if (const toml::array* stimuli = config["stimulus"].as_array()) {
        for (const toml::node& s : *stimuli) {
            if (const toml::table* t = s.as_table()) {
                rows +=
                    row(fmt::format("stimulus: {}", t->get("kind") != nullptr
                                                        ? t->get("kind")->value_or<std::string>("")
                                                        : std::string()),
                        fields(*t, selector_keys()),
                        fields(*t, {"rate_hz", "amplitude_pA", "amplitudes_pA", "times_ms",
                                    "weight_pA", "weight_nS", "weight_mV", "receptor",
                                    "refractory_ms", "start_ms", "stop_ms"}));
            }
        }
    }
    if (const toml::array* silenced = config["silence"].as_array()) {
        for (const toml::node& s : *silenced) {
            if (const toml::table* t = s.as_table()) {
                rows += row("silenced", fields(*t, selector_keys()), "outgoing synapses removed");
            }
        }
    }
    if (const toml::table* v = config["record"]["voltages"].as_table()) {
        rows += row("voltages recorded", fields(*v, selector_keys()), fields(*v, {"interval_ms"}));
    }
    return section(
        "done", "What was done",
        "<table class=\"done\">\n<tr><th>what</th><th>targets</th><th>details</th></tr>\n" + rows +
            "</table>\n");
}

}  // namespace brainemu::report
