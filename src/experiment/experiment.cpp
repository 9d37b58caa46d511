#include "experiment/experiment.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <fstream>
#include <set>
#include <span>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "experiment/composed_toml.hpp"
#include "experiment/overrides.hpp"
#include "experiment/toml_reader.hpp"
#include "io/bcx.hpp"
#include "io/edge_list_csv.hpp"
#include "models/model_list.hpp"
#include "models/weight_mapping.hpp"

namespace brainemu {

std::uint64_t experiment::steps() const {
    return static_cast<std::uint64_t>(std::llround(duration_ms / dt_ms));
}

std::uint64_t experiment::warmup_steps() const {
    return static_cast<std::uint64_t>(std::llround(warmup_ms / dt_ms));
}

neuron_id experiment::neurons() const {
    return network_size(network);
}

std::uint64_t trial_seed(std::uint64_t seed, std::uint32_t trial) {
    if (trial == 0) {
        return seed;
    }
    // SplitMix64 of (seed, trial): well-mixed, and distinct trials never share a stream.
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (std::uint64_t{trial} + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return (z ^ (z >> 31)) & 0x7FFFFFFFFFFFFFFFULL;  // stays a valid (non-negative) TOML seed
}

namespace {

void read_simulation(toml_reader r, experiment& e) {
    e.dt_ms = r.get_double("dt_ms", 0.1);
    if (!(e.dt_ms > 0.0) || !std::isfinite(e.dt_ms)) {
        r.fail("dt_ms", fmt::format("must be > 0, got {}", e.dt_ms));
    }
    e.duration_ms = r.get_double("duration_ms", 1000.0);
    if (!(e.duration_ms >= 0.0) || !std::isfinite(e.duration_ms)) {
        r.fail("duration_ms", fmt::format("must be >= 0, got {}", e.duration_ms));
    }
    e.warmup_ms = r.get_double("warmup_ms", 0.0);
    if (!(e.warmup_ms >= 0.0)) {
        r.fail("warmup_ms", fmt::format("must be >= 0, got {}", e.warmup_ms));
    }
    if ((e.duration_ms + e.warmup_ms) / e.dt_ms >= 4.0e9) {
        r.fail("duration_ms", "more than 4e9 steps with the warm-up: split the run");
    }
    const std::int64_t seed = r.get_int("seed", 1);
    if (seed < 0) {
        r.fail("seed", fmt::format("must be >= 0, got {}", seed));
    }
    e.seed = static_cast<std::uint64_t>(seed);
    const std::int64_t threads = r.get_int("threads", 0);
    if (threads < 0 || threads > 4096) {
        r.fail("threads", fmt::format("must be in [0, 4096] (0 = every core), got {}", threads));
    }
    e.threads = static_cast<unsigned>(threads);
    const std::int64_t trials = r.get_int("trials", 1);
    if (trials < 1 || trials > 100000) {
        r.fail("trials", fmt::format("must be in [1, 100000], got {}", trials));
    }
    e.trials = static_cast<std::uint32_t>(trials);
    r.finish();
}

// Parameters with their values checked, also those that depend on the step (an HH sub-step
// too long for stability); `whose` says which neurons the model is for.
template <class M>
typename M::params read_params(toml_reader& model, typename M::params p, double dt_ms,
                               std::string_view whose) {
    toml_reader r = model.table_or_empty("params");
    for (const auto& f : M::fields) {
        p.*(f.member) = r.get_double(f.name, p.*(f.member));
    }
    r.finish();
    try {
        p.validate(r.where());
        (void)M::derived::from(p, dt_ms);
    } catch (const input_error& err) {
        input_location at = err.where();
        if (at.path.empty()) {  // a check of derived::from, which knows no file
            at = r.where();
            at.field += "." + err.where().field;
        }
        throw input_error(at, fmt::format("{} ({})", err.problem(), whose));
    }
    return p;
}

// The parameters every model that has them takes from a built-in network's reference neuron:
// they set the synapses' time course and the charge scale its PSC amplitudes were made for.
// The rest (rest, threshold, the model's own dynamics) keep the model's defaults.
constexpr std::array<std::string_view, 4> reference_fields = {"c_m_pF", "tau_syn_ex_ms",
                                                              "tau_syn_in_ms", "t_ref_ms"};

// A model's defaults where the experiment chooses it: the built-in network's own parameters for
// its own model, the model's defaults with the reference fields adopted for another.
model_params default_params(std::string_view name, const std::optional<model_spec>& builtin) {
    model_params out;
    with_model_named(name, [&](auto model) {
        using M = decltype(model);
        typename M::params p{};
        if (builtin && builtin->name == name) {
            p = std::get<typename M::params>(builtin->params);
        } else if (builtin) {
            std::visit(
                [&](const auto& ref) {
                    using R = typename model_of<std::decay_t<decltype(ref)>>::type;
                    for (const auto& f : M::fields) {
                        for (const auto& g : R::fields) {
                            if (f.name == g.name &&
                                std::find(reference_fields.begin(), reference_fields.end(),
                                          f.name) != reference_fields.end()) {
                                p.*(f.member) = ref.*(g.member);
                            }
                        }
                    }
                },
                builtin->params);
        }
        out = p;
    });
    return out;
}

// A model's name, parameters and initial voltage from `r` ([model] or one [[model.override]]).
// `base` is what the table starts from: its name when none is given, and its parameters and
// initial voltage when the table names the same model.
model_spec read_model_fields(toml_reader& r, const std::optional<model_spec>& base,
                             const std::optional<model_spec>& builtin, double dt_ms,
                             std::string_view whose) {
    model_spec m;
    m.where = r.where();
    const std::string name = base ? r.get_string("name", base->name) : r.get_string("name");
    if (!with_model_named(name, [](auto) {})) {
        r.fail("name", fmt::format("unknown model '{}'; known: {}", name, model_names()));
    }
    m.name = name;
    const bool same = base && base->name == name;
    const model_params defaults = same ? base->params : default_params(name, builtin);
    with_model_named(name, [&](auto model) {
        using M = decltype(model);
        m.params = read_params<M>(r, std::get<typename M::params>(defaults), dt_ms, whose);
    });
    if (same) {
        m.v_init = base->v_init;
    } else if (builtin) {
        m.v_init = builtin->v_init;
    }
    if (r.has("v_init_mV") && r.has("v_init_low_mV")) {
        r.fail("v_init_low_mV",
               "give either v_init_mV (with v_init_sd_mV) or v_init_low_mV and "
               "v_init_high_mV, not both");
    }
    if (r.has("v_init_mV")) {
        m.v_init = voltage_init{};
        m.v_init.mean_mV = r.get_double("v_init_mV");
        m.v_init.sd_mV = r.get_double("v_init_sd_mV", 0.0);
        if (m.v_init.sd_mV < 0.0) {
            r.fail("v_init_sd_mV", "must be >= 0");
        }
    } else if (r.has("v_init_low_mV") || r.has("v_init_high_mV")) {
        // Uniform in [low, high), as Brunel's network starts.
        m.v_init = voltage_init{};
        m.v_init.low_mV = r.get_double("v_init_low_mV");
        m.v_init.high_mV = r.get_double("v_init_high_mV");
        if (!(m.v_init.low_mV <= m.v_init.high_mV) ||
            !std::isfinite(m.v_init.high_mV - m.v_init.low_mV)) {
            r.fail("v_init_high_mV",
                   fmt::format("must be finite and >= v_init_low_mV ({})", m.v_init.low_mV));
        }
    }
    return m;
}

// In words, for messages: "population L23E", "type KC", "every neuron".
std::string describe(const target_selector& sel) {
    if (!sel.population.empty()) {
        return fmt::format("population {}", sel.population);
    }
    if (!sel.type.empty()) {
        return fmt::format("cell type {}", sel.type);
    }
    if (!sel.transmitter.empty()) {
        return fmt::format("transmitter {}", sel.transmitter);
    }
    if (!sel.label.empty()) {
        return fmt::format("label {}", sel.label);
    }
    if (!sel.names.empty()) {
        return fmt::format("neurons named {}", fmt::join(sel.names, ", "));
    }
    if (!sel.ids.empty()) {
        return fmt::format("{} neuron id(s) from {}", sel.ids.size(), sel.ids.front());
    }
    return "every neuron";
}

target_selector read_selector(toml_reader& r);

// [model]: the model of every neuron no [[model.override]] chooses. `builtin` supplies the
// defaults of a built-in network.
model_spec read_model(toml_reader r, const std::optional<model_spec>& builtin, double dt_ms) {
    const bool overrides = r.has("override");
    model_spec m = read_model_fields(
        r, builtin, builtin, dt_ms,
        overrides ? "the model of every neuron no model.override chooses" : "every neuron");
    r.accept("override");  // read by read_override
    r.finish();
    return m;
}

// [[model.override]]: a selector and a model for the neurons it chooses.
model_override read_override(toml_reader r, const model_spec& base,
                             const std::optional<model_spec>& builtin, double dt_ms) {
    model_override o;
    o.selector = read_selector(r);
    o.model = read_model_fields(r, base, builtin, dt_ms,
                                fmt::format("the model of {}", describe(o.selector)));
    r.finish();
    return o;
}

receptor_kind read_receptor(toml_reader& r) {
    const std::string s = r.get_string("receptor", "synapse");
    if (s == "synapse") {
        return receptor_kind::synapse;
    }
    if (s == "voltage") {
        return receptor_kind::voltage;
    }
    r.fail("receptor", fmt::format("'{}' is not one of: synapse, voltage", s));
}

// The one key of `keys` that `r` has; fails naming them all where none or several are given.
std::string_view one_of(const toml_reader& r, std::span<const std::string_view> keys,
                        std::string_view what) {
    std::string_view found;
    int given = 0;
    for (std::string_view k : keys) {
        if (r.has(k)) {
            found = k;
            ++given;
        }
    }
    if (given != 1) {
        r.fail("", fmt::format("give exactly one of {}{}", fmt::join(keys, ", "), what));
    }
    return found;
}

// A weight names its unit: weight_pA (current-based synapses), weight_mV (voltage jumps,
// conductance-like g in mV) or weight_nS (conductances); which one a model takes is checked
// when the experiment is built.
double read_weight(toml_reader& r, std::string& unit) {
    static constexpr std::array<std::string_view, 3> keys = {"weight_pA", "weight_mV", "weight_nS"};
    if (r.has("weight") && !r.has("weight_pA") && !r.has("weight_mV") && !r.has("weight_nS")) {
        r.fail("", "'weight' needs its unit: weight_pA, weight_mV or weight_nS");
    }
    unit = std::string(one_of(r, keys, "").substr(7));
    const std::string key = "weight_" + unit;
    const double w = r.get_double(key);
    if (!std::isfinite(w)) {
        r.fail(key, "must be finite");
    }
    return w;
}

target_selector read_selector(toml_reader& r) {
    target_selector sel;
    int given = 0;
    if (r.has("ids")) {
        sel.ids = r.get_ints("ids");
        ++given;
    }
    if (r.has("names")) {
        sel.names = r.get_strings("names");
        ++given;
    }
    if (r.has("type")) {
        sel.type = r.get_string("type");
        ++given;
    }
    if (r.has("transmitter")) {
        sel.transmitter = r.get_string("transmitter");
        ++given;
    }
    if (r.has("population")) {
        sel.population = r.get_string("population");
        ++given;
    }
    if (r.has("label")) {
        sel.label = r.get_string("label");
        ++given;
    }
    if (r.has("all")) {
        sel.all = r.get_bool("all");
        given += sel.all ? 1 : 0;
    }
    if (given != 1) {
        r.fail("", fmt::format("choose the neurons with exactly one of: {}", selector_fields));
    }
    return sel;
}

stimulus_spec read_stimulus(toml_reader r, std::size_t index, const experiment& e,
                            neuron_id neurons) {
    stimulus_spec s;
    s.where = r.where();
    s.definition.name = fmt::format("stimulus[{}]", index);
    s.own_targets = r.has("file") && !r.has("ids") && !r.has("names") && !r.has("type") &&
                    !r.has("transmitter") && !r.has("population") && !r.has("label") &&
                    !r.has("all");
    if (s.own_targets) {
        s.selector.all = true;  // a spike-time file names its own neurons
    } else {
        s.selector = read_selector(r);
    }
    s.definition.start_ms = r.get_double("start_ms", 0.0);
    // Times count from the start of the simulation, warm-up included; by default a stimulus
    // lasts to the end.
    s.to_the_end = !r.has("stop_ms");
    s.definition.stop_ms = r.get_double("stop_ms", e.warmup_ms + e.duration_ms);
    if (s.definition.start_ms < 0.0 || s.definition.stop_ms < s.definition.start_ms) {
        r.fail("stop_ms", "need 0 <= start_ms <= stop_ms");
    }
    const std::string kind = r.get_string("kind");
    if (kind == "poisson") {
        poisson_stimulus p;
        p.rate_hz = r.get_double("rate_hz");
        if (!(p.rate_hz >= 0.0) || !std::isfinite(p.rate_hz)) {
            r.fail("rate_hz", fmt::format("must be >= 0, got {}", p.rate_hz));
        }
        if (p.rate_hz * e.dt_ms * 1e-3 > 1.0e6) {
            r.fail("rate_hz", "more than 1e6 events per step");
        }
        p.weight = read_weight(r, s.weight_unit);
        p.receptor = read_receptor(r);
        s.definition.what = p;
    } else if (kind == "dc") {
        const double amp = r.get_double("amplitude_pA");
        s.definition.what = current_stimulus{{s.definition.start_ms}, {amp}};
    } else if (kind == "step") {
        current_stimulus c;
        c.times_ms = r.get_doubles("times_ms");
        c.amplitudes_pA = r.get_doubles("amplitudes_pA");
        if (c.times_ms.size() != c.amplitudes_pA.size()) {
            r.fail("amplitudes_pA", fmt::format("has {} values but times_ms has {}",
                                                c.amplitudes_pA.size(), c.times_ms.size()));
        }
        for (std::size_t i = 1; i < c.times_ms.size(); ++i) {
            if (c.times_ms[i] < c.times_ms[i - 1]) {
                r.fail("times_ms", "must be in increasing order");
            }
        }
        s.definition.what = c;
    } else if (kind == "spike_times") {
        spike_times_stimulus st;
        st.weight = read_weight(r, s.weight_unit);
        st.receptor = read_receptor(r);
        if (r.has("file")) {
            s.file = r.get_path("file", e.path);
            st.events = read_spike_times_csv(s.file, neurons);
        } else {
            // Times for every target, paired up in build_experiment.
            for (double t : r.get_doubles("times_ms")) {
                if (t < 0.0) {
                    r.fail("times_ms", "times must be >= 0");
                }
                st.events.emplace_back(every_target, t);
            }
        }
        s.definition.what = st;
    } else {
        r.fail("kind", fmt::format("'{}' is not one of: poisson, dc, step, spike_times", kind));
    }
    if (r.has("refractory_ms")) {
        const double ref = r.get_double("refractory_ms");
        if (ref < 0.0) {
            r.fail("refractory_ms", "must be >= 0");
        }
        s.definition.refractory_ms = ref;
    }
    r.finish();
    return s;
}

void read_record(toml_reader r, experiment& e) {
    e.record.spikes = r.get_bool("spikes", true);
    e.record.csv = r.get_bool("csv", false);
    e.record.sonata = r.get_bool("sonata", false);
    if (r.has_table("voltages") && r.has_table("state")) {
        r.fail("state",
               "give [record.voltages] or [record.state] (which records v_mV too "
               "when its variables name it), not both");
    }
    if (r.has_table("voltages") || r.has_table("state")) {
        const bool state = r.has_table("state");
        toml_reader v = r.table(state ? "state" : "voltages");
        e.record.voltages = true;
        e.record.voltage_where = v.where();
        e.record.voltage_targets = read_selector(v);
        if (state) {
            e.record.variables = v.get_strings("variables");
            std::set<std::string> seen;
            for (const std::string& name : e.record.variables) {
                if (!seen.insert(name).second) {
                    v.fail("variables", fmt::format("'{}' is named twice", name));
                }
            }
            if (e.record.variables.empty()) {
                v.fail("variables",
                       "name at least one state variable (brainemu models lists "
                       "each model's)");
            }
        }
        e.record.voltage_interval_ms = v.get_double("interval_ms", 1.0);
        if (!(e.record.voltage_interval_ms >= e.dt_ms * 0.999) ||
            e.record.voltage_interval_ms / e.dt_ms > 4.0e9) {
            v.fail("interval_ms",
                   fmt::format("must be at least dt ({} ms) and below 4e9 steps", e.dt_ms));
        }
        v.finish();
    }
    if (r.has_table("summary")) {
        toml_reader v = r.table("summary");
        e.record.summary_where = v.where();
        e.record.summary_targets = read_selector(v);
        v.finish();
    }
    r.finish();
}

// A [record.state] variable that none of the experiment's models has is refused here, where it
// is read; which neurons run which model is known once the network is built (experiment_build
// checks each recorded neuron's model there).
void check_variables_exist(const experiment& e) {
    std::vector<const model_spec*> models{&*e.model};
    for (const model_override& o : e.model_overrides) {
        models.push_back(&o.model);
    }
    for (const std::string& v : e.record.variables) {
        std::set<std::string> known;
        for (const model_spec* m : models) {
            for (std::string& name : model_state_variables(m->params)) {
                known.insert(std::move(name));
            }
        }
        if (e.models_by_range.empty() && known.count(v) == 0) {
            input_location at = e.record.voltage_where;
            at.field += ".variables";
            throw input_error(at, fmt::format("no model of this experiment has a state variable "
                                              "'{}'; they have: {}",
                                              v, fmt::join(known, ", ")));
        }
    }
}

// [network] connectome = FILE.bcx with how counts become weights.
connectome_spec read_connectome(toml_reader& r, experiment& e) {
    connectome_spec c;
    c.file = r.get_path("connectome", e.path);
    c.data = std::make_shared<const connectome>(read_bcx(c.file));
    const connectome& data = *c.data;
    connectome_weights& w = c.weights;
    static constexpr std::array<std::string_view, 3> unit_keys = {
        "unit_weight_pA", "unit_weight_mV", "unit_weight_nS"};
    if (!data.edge_weight.empty() &&
        std::none_of(unit_keys.begin(), unit_keys.end(), [&](auto k) { return r.has(k); })) {
        w.edge_weights = true;  // the dataset's own weights (SONATA)
        e.weight_unit = data.edge_weight_unit;
    } else {
        const std::string key(one_of(r, unit_keys,
                                     ": the weight of one synapse (a pair's weight is sign x "
                                     "synapse count x unit weight)"));
        e.weight_unit = key.substr(12);
        w.unit_weight = r.get_double(key);
        if (!std::isfinite(w.unit_weight)) {
            r.fail(key, "must be finite");
        }
    }
    if (data.edge_delay_ms.empty() || r.has("delay_ms")) {
        w.delay_ms = r.get_double("delay_ms");
        if (!(w.delay_ms >= e.dt_ms * (1.0 - 1e-9)) || w.delay_ms / e.dt_ms > 65535.0) {
            r.fail("delay_ms", fmt::format("{} ms: must be 1 to 65535 steps of dt = {} ms",
                                           w.delay_ms, e.dt_ms));
        }
    }
    w.signs = default_transmitter_signs();
    toml_reader signs = r.table_or_empty("signs");
    w.default_sign = signs.get_double("default", 1.0);
    for (const std::string& key : signs.keys()) {
        if (key == "default") {
            continue;
        }
        std::string lower = key;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
        w.signs[lower] = signs.get_double(key);
    }
    signs.finish();
    if (data.gap_a.empty()) {
        w.gap_nS_per_junction = r.get_double("gap_junction_nS", 0.0);
    } else {
        if (!r.has("gap_junction_nS")) {
            r.fail("gap_junction_nS",
                   fmt::format("this connectome has {} electrical synapses: give the "
                               "conductance of one gap junction (nS), or 0 to leave them out",
                               data.gap_junction_count()));
        }
        w.gap_nS_per_junction = r.get_double("gap_junction_nS");
    }
    if (!(w.gap_nS_per_junction >= 0.0) || !std::isfinite(w.gap_nS_per_junction)) {
        r.fail("gap_junction_nS", "must be >= 0");
    }
    e.network_name = c.file.stem().string();
    return c;
}

// "\"microcircuit\" | \"brunel\"", for messages.
std::string builtin_names_quoted() {
    std::string out;
    builtin_networks::for_each([&](auto n) {
        out += fmt::format("{}\"{}\"", out.empty() ? "" : " | ", decltype(n)::name);
    });
    return out;
}

void read_network(toml_reader r, experiment& e) {
    if (int(r.has("builtin")) + int(r.has("edge_list")) + int(r.has("connectome")) +
            int(r.has("population")) !=
        1) {
        r.fail("", fmt::format("give exactly one of: builtin = {}, edge_list = FILE.csv, "
                               "connectome = FILE.bcx, [[network.population]] tables",
                               builtin_names_quoted()));
    }
    if (r.has("population")) {
        composed_spec c = read_composed(r, e.dt_ms, e.path);
        e.weight_unit = c.weight_unit;
        e.psc_tau_ms = c.psc_tau_ms;
        e.network_name = "composed";
        e.network = std::move(c);
    } else if (r.has("connectome")) {
        e.network = read_connectome(r, e);
    } else if (r.has("builtin")) {
        const std::string name = r.get_string("builtin");
        e.network_name = name;
        const bool known = builtin_networks::with_named(
            name, [&](auto n) { e.network = decltype(n)::read(r, e.dt_ms); });
        if (!known) {
            r.fail("builtin", fmt::format("unknown built-in network '{}'; known: {}", name,
                                          builtin_networks::names()));
        }
    } else {
        edge_list_spec s;
        s.file = r.get_path("edge_list", e.path);
        const std::int64_t n = r.get_int("neurons");
        if (n <= 0 || n >= (std::int64_t{1} << 32)) {
            r.fail("neurons", fmt::format("must be in [1, 2^32), got {}", n));
        }
        s.neurons = static_cast<std::uint32_t>(n);
        s.edges = read_edge_list_csv(s.file, s.neurons, e.dt_ms);
        e.network_name = s.file.filename().string();
        e.network = std::move(s);
    }
    if (r.has_table("labels")) {
        toml_reader labels = r.table("labels");
        for (const std::string& name : labels.keys()) {
            e.labels[name] = labels.get_ints(name);
        }
    }
    r.finish();
}

// Each model's map from the network's weight unit to its own, and the inputs each model needs:
// current for gap junctions and for the microcircuit's DC drive. Errors name the field that gave
// the weights and, for an override, the neurons it chose.
void map_network_weights(experiment& e, toml_reader& top) {
    std::vector<std::pair<model_spec*, std::string>> specs{{&*e.model, ""}};
    for (model_override& o : e.model_overrides) {
        specs.emplace_back(&o.model, fmt::format(" (chosen by {} for {})", o.model.where.field,
                                                 describe(o.selector)));
    }
    for (auto& [m, chosen] : specs) {
        auto fail_at_model = [&](std::string_view problem) {
            input_location at = m->where;
            at.field += at.field.empty() ? "name" : ".name";
            throw input_error(at, problem);
        };
        with_builtin(e.network, [&](const auto& n) {
            if (const std::string problem = n.model_problem(*m, chosen); !problem.empty()) {
                fail_at_model(problem);
            }
        });
        const std::string unit = model_weight_unit(m->name);
        if (const auto scale = weight_scale_for(e.weight_unit, m->params, e.psc_tau_ms)) {
            m->from_network = *scale;
            continue;
        }
        std::string hint;
        if (e.weight_unit == "pA" && !from_pA_rule(m->name).empty()) {
            hint = fmt::format(
                "; pA maps to {} only where the currents' time constant is known "
                "({})",
                unit, from_pA_rule(m->name));
        }
        if (std::holds_alternative<composed_spec>(e.network)) {
            top.table("network").fail(
                "weight_unit", fmt::format("model {}{} takes synaptic weights in {}{}", m->name,
                                           chosen, unit, hint));
        }
        if (const auto* s = std::get_if<edge_list_spec>(&e.network)) {
            throw input_error({s->file.string(), 1, "column 'weight_" + e.weight_unit + "'"},
                              fmt::format("model {}{} takes synaptic weights in {} (weight_{}){}",
                                          m->name, chosen, unit, unit, hint));
        }
        const auto& c = std::get<connectome_spec>(e.network);
        toml_reader network = top.table("network");
        network.accept("connectome");
        if (c.weights.edge_weights) {
            network.fail("connectome",
                         fmt::format("the connectome's edge weights are in '{}' but model {}{} "
                                     "takes {}; give unit_weight_{} to weight by synapse count "
                                     "instead",
                                     e.weight_unit, m->name, chosen, unit, unit));
        }
        network.fail("unit_weight_" + e.weight_unit,
                     fmt::format("model {}{} takes synaptic weights in {} (unit_weight_{}){}",
                                 m->name, chosen, unit, unit, hint));
    }
    if (const auto* c = std::get_if<connectome_spec>(&e.network)) {
        for (auto& [m, chosen] : specs) {
            if (c->weights.gap_nS_per_junction > 0.0 && !model_accepts_current(m->name)) {
                top.table("network").fail(
                    "gap_junction_nS",
                    fmt::format("model {}{} takes no current, so it cannot be coupled by gap "
                                "junctions; use a model that takes current (as lif_psc_exp, "
                                "lif_cond_exp, hh) or gap_junction_nS = 0",
                                m->name, chosen));
            }
        }
    }
}

}  // namespace

experiment parse_experiment_text(std::string_view text, const std::filesystem::path& path,
                                 const std::vector<override_spec>& overrides) {
    toml::table root;
    try {
        root = toml::parse(text, path.string());
    } catch (const toml::parse_error& err) {
        throw input_error({path.string(), err.source().begin.line, ""}, err.description());
    }
    apply_overrides(root, overrides, path.string());

    // Optional sections are read as empty tables: their fields take their defaults.
    for (const char* section : {"simulation", "record"}) {
        if (!root.contains(section)) {
            root.insert(section, toml::table{});
        }
    }
    experiment e;
    e.path = path;
    toml_reader top(path.string(), "", root);
    read_simulation(top.table("simulation"), e);
    read_network(top.table("network"), e);
    std::optional<model_spec> builtin;
    with_builtin(e.network, [&](const auto& n) {
        builtin = n.reference_model();
        e.weight_unit = n.weight_unit;
        e.psc_tau_ms = n.psc_tau_ms;
    });
    if (builtin && !root.contains("model")) {
        root.insert("model", toml::table{});
    }
    if (top.has_table("model")) {
        e.model = read_model(top.table("model"), builtin, e.dt_ms);
    } else {
        top.fail("model",
                 "required table is missing (a network from an edge list, a connectome or "
                 "[[network.population]] tables needs a [model] with a name)");
    }
    if (const toml::node* node = root["model"]["override"].node()) {
        const toml::array* arr = node->as_array();
        if (arr == nullptr || !arr->is_array_of_tables()) {
            top.fail("model.override", "must be an array of tables ([[model.override]])");
        }
        for (std::size_t i = 0; i < arr->size(); ++i) {
            toml_reader r(path.string(), fmt::format("model.override[{}]", i),
                          *arr->get(i)->as_table());
            e.model_overrides.push_back(read_override(std::move(r), *e.model, builtin, e.dt_ms));
        }
    }
    if (const auto* s = std::get_if<edge_list_spec>(&e.network)) {
        e.weight_unit = s->edges.weight_unit;
    }
    map_network_weights(e, top);
    const neuron_id neurons = e.neurons();
    if (top.has("stimulus")) {
        const toml::node* node = root.get("stimulus");
        const toml::array* arr = node->as_array();
        if (arr == nullptr || !arr->is_array_of_tables()) {
            top.fail("stimulus", "must be an array of tables ([[stimulus]])");
        }
        top.accept("stimulus");  // each element is read by its own reader below
        for (std::size_t i = 0; i < arr->size(); ++i) {
            toml_reader r(path.string(), fmt::format("stimulus[{}]", i), *arr->get(i)->as_table());
            e.stimuli.push_back(read_stimulus(std::move(r), i, e, neurons));
        }
    }
    if (top.has("silence")) {
        const toml::array* arr = root.get("silence")->as_array();
        if (arr == nullptr || !arr->is_array_of_tables()) {
            top.fail("silence", "must be an array of tables ([[silence]])");
        }
        if (is_builtin(e.network)) {
            top.fail("silence", "silencing needs a network from a connectome or an edge list");
        }
        top.accept("silence");
        for (std::size_t i = 0; i < arr->size(); ++i) {
            toml_reader r(path.string(), fmt::format("silence[{}]", i), *arr->get(i)->as_table());
            e.silence.push_back({read_selector(r), r.where()});
            r.finish();
        }
    }
    read_record(top.table("record"), e);
    check_variables_exist(e);
    top.finish();
    return e;
}

experiment parse_experiment(const std::filesystem::path& path,
                            const std::vector<override_spec>& overrides) {
    std::ifstream in(path);
    if (!in) {
        throw input_error({path.string(), 0, ""}, "cannot open experiment file");
    }
    std::stringstream text;
    text << in.rdbuf();
    return parse_experiment_text(text.str(), path, overrides);
}

}  // namespace brainemu
