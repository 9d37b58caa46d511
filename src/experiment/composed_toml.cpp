#include "experiment/composed_toml.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "core/closest_name.hpp"
#include "io/npy_table.hpp"

namespace brainemu {
namespace {

constexpr std::array<std::pair<std::string_view, connection_rule>, 8> rule_names{{
    {"all_to_all", connection_rule::all_to_all},
    {"one_to_one", connection_rule::one_to_one},
    {"fixed_indegree", connection_rule::fixed_indegree},
    {"fixed_outdegree", connection_rule::fixed_outdegree},
    {"fixed_probability", connection_rule::fixed_probability},
    {"fixed_total", connection_rule::fixed_total},
    {"distance", connection_rule::distance},
    {"arrays", connection_rule::arrays},
}};

std::string rule_list() {
    std::string out;
    for (const auto& [name, rule] : rule_names) {
        out += fmt::format("{}{}", out.empty() ? "" : ", ", name);
    }
    return out;
}

std::uint16_t read_delay(toml_reader& r, std::string_view key, double delay_ms, double dt_ms) {
    const double steps = std::round(delay_ms / dt_ms);
    if (!(steps >= 1.0 && steps <= 65535.0)) {
        r.fail(key, fmt::format("{} ms: must be 1 to 65535 steps of dt = {} ms", delay_ms, dt_ms));
    }
    return static_cast<std::uint16_t>(steps);
}

std::uint32_t read_population_name(toml_reader& r, std::string_view key,
                                   const std::map<std::string, std::uint32_t>& index) {
    const std::string name = r.get_string(key);
    const auto it = index.find(name);
    if (it == index.end()) {
        std::vector<std::string> known;
        for (const auto& [n, i] : index) {
            known.push_back(n);
        }
        r.fail(key, unknown_name_message("population", name, known));
    }
    return it->second;
}

composed_population read_population(toml_reader r) {
    composed_population p;
    p.name = r.get_string("name");
    if (p.name.empty()) {
        r.fail("name", "must not be empty");
    }
    const std::int64_t size = r.get_int("size");
    if (size < 1 || size >= (std::int64_t{1} << 32)) {
        r.fail("size", fmt::format("must be in [1, 2^32), got {}", size));
    }
    p.size = static_cast<neuron_id>(size);
    if (r.has("positions")) {
        const std::string kind = r.get_string("positions");
        if (kind == "grid") {
            p.positions.layout = population_positions::kind::grid;
            p.positions.spacing_um = r.get_double("spacing_um");
            if (!(p.positions.spacing_um > 0.0 && std::isfinite(p.positions.spacing_um))) {
                r.fail("spacing_um", "must be > 0");
            }
        } else if (kind == "random") {
            p.positions.layout = population_positions::kind::random;
            p.positions.extent_um = r.get_double("extent_um");
            if (!(p.positions.extent_um > 0.0 && std::isfinite(p.positions.extent_um))) {
                r.fail("extent_um", "must be > 0");
            }
        } else {
            r.fail("positions", fmt::format("'{}': give \"grid\" (with spacing_um) or \"random\" "
                                            "(with extent_um)",
                                            kind));
        }
    }
    r.finish();
    return p;
}

// A projection's synapses from its array file, checked against its populations and put into
// global ids.
std::shared_ptr<const edge_list> read_arrays(toml_reader& r, const std::filesystem::path& file,
                                             index_range src, index_range tgt, double dt_ms) {
    const npy_table t(file);
    auto out = std::make_shared<edge_list>();
    const std::vector<std::int64_t> s = t.integers("source");
    const std::vector<std::int64_t> d = t.integers("target");
    const std::vector<double> w = t.doubles("weight");
    const std::vector<double> delay = t.doubles("delay_ms");
    out->source.reserve(s.size());
    for (std::size_t k = 0; k < s.size(); ++k) {
        auto row_fail = [&](std::string_view what) {
            throw input_error({file.string(), 0, fmt::format("row {}", k)}, what);
        };
        if (s[k] < 0 || static_cast<neuron_id>(s[k]) >= src.size()) {
            row_fail(fmt::format("source {} is outside the source population (size {})", s[k],
                                 src.size()));
        }
        if (d[k] < 0 || static_cast<neuron_id>(d[k]) >= tgt.size()) {
            row_fail(fmt::format("target {} is outside the target population (size {})", d[k],
                                 tgt.size()));
        }
        if (!std::isfinite(w[k])) {
            row_fail("weight must be finite");
        }
        const double steps = std::round(delay[k] / dt_ms);
        if (!(steps >= 1.0 && steps <= 65535.0)) {
            row_fail(fmt::format("delay_ms {}: must be 1 to 65535 steps of dt = {} ms", delay[k],
                                 dt_ms));
        }
        out->source.push_back(static_cast<std::uint32_t>(src.first + s[k]));
        out->target.push_back(static_cast<std::uint32_t>(tgt.first + d[k]));
        out->weight.push_back(static_cast<float>(w[k]));
        out->delay_steps.push_back(static_cast<std::uint16_t>(steps));
    }
    r.accept("file");
    return out;
}

projection read_projection(toml_reader r, const composed_network& net,
                           const std::map<std::string, std::uint32_t>& index, double dt_ms,
                           const std::filesystem::path& base, toml::table& written) {
    projection p;
    p.source = read_population_name(r, "source", index);
    p.target = read_population_name(r, "target", index);
    const std::string rule = r.get_string("rule");
    const auto it = std::find_if(rule_names.begin(), rule_names.end(),
                                 [&](const auto& n) { return n.first == rule; });
    if (it == rule_names.end()) {
        r.fail("rule", fmt::format("unknown rule '{}'; known: {}", rule, rule_list()));
    }
    p.rule = it->second;
    const index_range src = net.range_of(p.source), tgt = net.range_of(p.target);
    const bool same = p.source == p.target;
    p.autapses = r.get_bool("autapses", true);
    p.multapses = r.get_bool("multapses", true);
    auto read_count = [&](std::string_view key, std::uint64_t most, std::string_view of) {
        const std::int64_t n = r.get_int(key);
        if (n < 0) {
            r.fail(key, fmt::format("must be >= 0, got {}", n));
        }
        if (!p.multapses && static_cast<std::uint64_t>(n) > most) {
            r.fail(key,
                   fmt::format("{} without multapses: at most {} ({}), got {}", key, most, of, n));
        }
        p.count = static_cast<std::uint64_t>(n);
    };
    const std::uint64_t self = same && !p.autapses ? 1 : 0;
    // Without autapses a population of one neuron has no partner for itself: a count there
    // could never be met (the draw would go on forever).
    if (self == 1 && src.size() == 1) {
        for (const char* key : {"indegree", "outdegree", "number"}) {
            if (r.has(key) && r.get_int(key) > 0) {
                r.fail(key, "a population of one neuron without autapses has no source to draw");
            }
        }
    }
    switch (p.rule) {
        case connection_rule::fixed_indegree:
            read_count("indegree", src.size() - self, "the source population's size");
            break;
        case connection_rule::fixed_outdegree:
            read_count("outdegree", tgt.size() - self, "the target population's size");
            break;
        case connection_rule::fixed_total:
            read_count("number", src.size() * tgt.size() - self * tgt.size(), "every pair once");
            break;
        case connection_rule::one_to_one:
            if (src.size() != tgt.size()) {
                r.fail("rule", fmt::format("one_to_one needs populations of one size ({} and {})",
                                           src.size(), tgt.size()));
            }
            break;
        case connection_rule::fixed_probability:
        case connection_rule::distance:
            p.probability = r.get_double("probability");
            if (!(p.probability >= 0.0 && p.probability <= 1.0)) {
                r.fail("probability", fmt::format("must be in [0, 1], got {}", p.probability));
            }
            break;
        default:
            break;
    }
    if (p.rule == connection_rule::distance) {
        for (std::uint32_t q : {p.source, p.target}) {
            if (net.populations[q].positions.layout == population_positions::kind::none) {
                r.fail("rule", fmt::format("distance needs positions for population {} (give it "
                                           "positions = \"grid\" or \"random\")",
                                           net.populations[q].name));
            }
        }
        if (int(r.has("sigma_um")) + int(r.has("lambda_um")) != 1) {
            r.fail("rule",
                   "distance needs exactly one of sigma_um (Gaussian fall-off) and "
                   "lambda_um (exponential)");
        }
        const std::string_view key = r.has("sigma_um") ? "sigma_um" : "lambda_um";
        const double length = r.get_double(key);
        if (!(length > 0.0 && std::isfinite(length))) {
            r.fail(key, "must be > 0");
        }
        (key == "sigma_um" ? p.sigma_um : p.lambda_um) = length;
        p.max_distance_um = r.get_double("max_distance_um", 0.0);
        if (!(p.max_distance_um >= 0.0)) {
            r.fail("max_distance_um", "must be >= 0 (0: no limit)");
        }
        p.periodic = r.get_bool("periodic", false);
        if (p.periodic) {
            // Distances wrap around one square: both populations must fill the same one.
            const auto square = [&](std::uint32_t q) {
                const population_positions& pos = net.populations[q].positions;
                const auto n = net.populations[q].size;
                const auto side = static_cast<neuron_id>(std::llround(std::sqrt(n)));
                if (pos.layout == population_positions::kind::grid) {
                    if (side * side != n) {
                        r.fail("periodic", fmt::format("population {} has {} neurons: a periodic "
                                                       "grid needs a square number",
                                                       net.populations[q].name, n));
                    }
                    return static_cast<double>(side) * pos.spacing_um;
                }
                return pos.extent_um;
            };
            if (std::abs(square(p.source) - square(p.target)) > 1e-9 * square(p.target)) {
                r.fail("periodic",
                       fmt::format("populations {} and {} fill squares of {} and {} "
                                   "um: periodic distances need one square",
                                   net.populations[p.source].name, net.populations[p.target].name,
                                   square(p.source), square(p.target)));
            }
        }
    }
    if (p.rule == connection_rule::arrays) {
        const std::filesystem::path file = r.get_path("file", base);
        p.arrays = read_arrays(r, file, src, tgt, dt_ms);
        written.insert_or_assign("file", file.string());
    } else {
        const double w = r.get_double("weight");
        if (!std::isfinite(w)) {
            r.fail("weight", "must be finite");
        }
        p.weight = static_cast<float>(w);
        p.delay_steps = read_delay(r, "delay_ms", r.get_double("delay_ms"), dt_ms);
    }
    r.finish();
    return p;
}

}  // namespace

composed_spec read_composed(toml_reader& r, double dt_ms, const std::filesystem::path& base) {
    composed_spec c;
    c.weight_unit = r.get_string("weight_unit");
    if (c.weight_unit != "pA" && c.weight_unit != "mV" && c.weight_unit != "nS" &&
        c.weight_unit != "model") {
        r.fail("weight_unit", fmt::format("'{}': give \"pA\", \"mV\" or \"nS\" (the unit of every "
                                          "projection's weight), or \"model\" (each in its "
                                          "target's own unit)",
                                          c.weight_unit));
    }
    if (r.has("psc_tau_ms")) {
        c.psc_tau_ms = r.get_double("psc_tau_ms");
        if (!(c.psc_tau_ms > 0.0)) {
            r.fail("psc_tau_ms", "must be > 0");
        }
    }
    std::map<std::string, std::uint32_t> index;
    neuron_id total = 0;
    for (toml_reader& p : r.tables("population")) {
        const input_location at = p.where("name");
        c.net.populations.push_back(read_population(std::move(p)));
        const composed_population& added = c.net.populations.back();
        if (!index.emplace(added.name, c.net.populations.size() - 1).second) {
            throw input_error(at, fmt::format("population '{}' is named twice", added.name));
        }
        total += added.size;
        if (total >= (neuron_id{1} << 32)) {
            throw input_error(at, "the populations hold 2^32 neurons or more");
        }
    }
    if (c.net.populations.empty()) {
        r.fail("population", "give at least one [[network.population]]");
    }
    if (c.net.populations.size() > (std::size_t{1} << 13)) {  // random streams key 13 bits
        r.fail("population",
               fmt::format("{} populations: at most 8,192", c.net.populations.size()));
    }
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t> repeats;
    std::size_t k = 0;
    for (toml_reader& p : r.tables("projection")) {
        toml::table written = *r.raw("projection")->as_array()->get(k++)->as_table();
        projection proj = read_projection(std::move(p), c.net, index, dt_ms, base, written);
        proj.repeat = repeats[{proj.source, proj.target}]++;
        if (proj.repeat > 0xffff) {
            throw input_error(r.where("projection"),
                              "more than 65,536 projections between one pair of populations");
        }
        c.net.projections.push_back(std::move(proj));
        c.projections_written.push_back(std::move(written));
    }
    if (const toml::node* n = r.raw("population")) {
        c.populations_written = *n->as_array();
    }
    return c;
}

void write_composed(const composed_spec& c, toml::table& network) {
    network.insert_or_assign("weight_unit", c.weight_unit);
    if (!std::isnan(c.psc_tau_ms)) {
        network.insert_or_assign("psc_tau_ms", c.psc_tau_ms);
    }
    network.insert_or_assign("population", c.populations_written);
    if (!c.projections_written.empty()) {
        network.insert_or_assign("projection", c.projections_written);
    }
}

}  // namespace brainemu
