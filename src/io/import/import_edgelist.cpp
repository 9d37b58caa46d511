// A generic edge list: CSV/TSV/space-separated (optionally .gz/.zst), columns named by options,
// with an optional neuron table (second input or option `neurons`).

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include <fmt/format.h>

#include "io/import/import_common.hpp"
#include "io/import/importers.hpp"

namespace brainemu {
namespace {

delimiter_kind delimiter_option(const import_options& o) {
    const auto d = o.get_or("delimiter", "auto");
    if (d == "auto") {
        return delimiter_kind::detect;
    }
    if (d == "comma" || d == ",") {
        return delimiter_kind::comma;
    }
    if (d == "tab" || d == "\\t") {
        return delimiter_kind::tab;
    }
    if (d == "space" || d == "spaces") {
        return delimiter_kind::spaces;
    }
    throw input_error({"", 0, "--option delimiter"},
                      fmt::format("'{}' is not auto, comma, tab or space", d));
}

// A column by name, or by 1-based number ("2") in a file without a header.
std::optional<std::size_t> resolve(const table_reader& r, const std::optional<std::string>& spec,
                                   bool header) {
    if (!spec) {
        return std::nullopt;
    }
    if (!header || !r.find_column(*spec)) {
        std::size_t i = 0;
        const auto [end, ec] = std::from_chars(spec->data(), spec->data() + spec->size(), i);
        if (ec == std::errc{} && end == spec->data() + spec->size() && i >= 1 &&
            i <= r.columns().size()) {
            return i - 1;
        }
    }
    return r.column(*spec);
}

std::string sign_name(const table_reader& r, std::size_t c) {
    const auto s = r.text(c);
    if (s == "1" || s == "+1" || s == "E" || s == "e" || s == "excitatory") {
        return "excitatory";
    }
    if (s == "-1" || s == "I" || s == "i" || s == "inhibitory") {
        return "inhibitory";
    }
    r.fail(c, fmt::format("sign '{}' is not 1, -1, E, I, excitatory or inhibitory", s));
}

// Ids are integers, or names with ids=name (numbered 0..N-1 in sorted name order).
struct id_space {
    bool names = false;
    std::unordered_map<std::string, std::int64_t> keys;
    std::vector<std::string> by_key;
    std::int64_t key(const table_reader& r, std::size_t c) {
        if (!names) {
            return r.integer(c);
        }
        if (r.text(c).empty()) {
            r.fail(c, "empty neuron name");
        }
        auto [it, added] =
            keys.emplace(std::string(r.text(c)), static_cast<std::int64_t>(by_key.size()));
        if (added) {
            by_key.emplace_back(r.text(c));
        }
        return it->second;
    }
};

}  // namespace

connectome import_edgelist(const import_inputs& inputs, const import_options& options) {
    connectome_builder b;
    record_provenance(b, "edgelist", inputs, options);
    const bool header = options.flag("header", true);
    const table_options topt{
        .delimiter = delimiter_option(options), .header = header, .column_names = {}};
    id_space ids;
    const auto id_kind = options.get_or("ids", "integer");
    if (id_kind != "integer" && id_kind != "name") {
        throw input_error({"", 0, "--option ids"},
                          fmt::format("'{}' is neither integer nor name", id_kind));
    }
    ids.names = id_kind == "name";
    std::optional<std::filesystem::path> neuron_file;
    if (inputs.size() > 1) {
        neuron_file = inputs[1];
    }
    if (const auto n = options.get("neurons")) {
        neuron_file = *n;
    }
    const auto pre_spec = options.get_or("pre", header ? "pre" : "1");
    const auto post_spec = options.get_or("post", header ? "post" : "2");
    const auto count_spec = options.get("count");
    const auto transmitter_spec = options.get("transmitter");
    const auto sign_spec = options.get("sign");
    const auto nid_spec = options.get_or("neuron_id", "id");
    const auto ntype_spec = options.get("neuron_type");
    const auto nname_spec = options.get("neuron_name");
    const auto ntransmitter_spec = options.get("neuron_transmitter");

    // With a neuron table its rows define the neurons, in order; ids=name numbers them by row.
    std::string table;
    if (neuron_file) {
        table_reader nr(*neuron_file,
                        {.delimiter = topt.delimiter, .header = true, .column_names = {}});
        const auto id = *resolve(nr, nid_spec, true);
        const auto type = resolve(nr, ntype_spec, true);
        const auto name = resolve(nr, nname_spec, true);
        const auto tr = resolve(nr, ntransmitter_spec, true);
        while (nr.next()) {
            const auto key = ids.key(nr, id);
            const auto n = add_neuron_at(b, nr, id, key,
                                         ids.names ? nr.text(id)
                                         : name    ? nr.text(*name)
                                                   : "");
            if (type && !nr.text(*type).empty()) {
                b.set_type(n, nr.text(*type));
            }
            if (tr && !nr.text(*tr).empty()) {
                b.set_transmitter(n, nr.text(*tr));
            }
        }
        table = neuron_file->filename().string();
    }

    table_reader r(inputs.front(), topt);
    const auto pre = *resolve(r, pre_spec, header);
    const auto post = *resolve(r, post_spec, header);
    std::optional<std::size_t> count = resolve(r, count_spec, header);
    if (!count_spec && !header && r.columns().size() >= 3) {
        count = 2;  // source, target, weight
    }
    if (!count_spec && header) {
        for (const char* guess : {"count", "weight", "syn_count", "synapses"}) {
            if ((count = r.find_column(guess))) {
                break;
            }
        }
    }
    const auto transmitter = resolve(r, transmitter_spec, header);
    const auto sign = resolve(r, sign_spec, header);
    struct edge {
        std::int64_t pre, post;
        std::uint32_t count;
        std::string transmitter;
    };
    std::vector<edge> edges;
    while (r.next()) {
        edge e{ids.key(r, pre), ids.key(r, post), count ? r.count(*count) : 1U, {}};
        if (neuron_file) {
            for (const auto& [c, k] : {std::pair{pre, e.pre}, std::pair{post, e.post}}) {
                if (!b.find_id(k)) {
                    r.fail(c, fmt::format("unknown neuron {}: absent from the neuron table {}",
                                          r.text(c), table));
                }
            }
        }
        if (transmitter) {
            e.transmitter = r.text(*transmitter);
        } else if (sign) {
            e.transmitter = sign_name(r, *sign);
        }
        edges.push_back(std::move(e));
    }
    if (!neuron_file) {
        // Neurons in ascending id order (names: sorted), so row order does not matter.
        std::vector<std::int64_t> keys;
        for (const auto& e : edges) {
            keys.push_back(e.pre);
            keys.push_back(e.post);
        }
        std::sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
        if (ids.names) {
            std::sort(keys.begin(), keys.end(), [&](auto x, auto y) {
                return ids.by_key[static_cast<std::size_t>(x)] <
                       ids.by_key[static_cast<std::size_t>(y)];
            });
            std::unordered_map<std::int64_t, std::int64_t> renumber;
            for (std::size_t i = 0; i < keys.size(); ++i) {
                renumber[keys[i]] = static_cast<std::int64_t>(i);
                (void)b.add_neuron(static_cast<std::int64_t>(i),
                                   ids.by_key[static_cast<std::size_t>(keys[i])]);
            }
            for (auto& e : edges) {
                e.pre = renumber[e.pre];
                e.post = renumber[e.post];
            }
        } else {
            for (const auto k : keys) {
                (void)b.add_neuron(k);
            }
        }
    }
    for (const auto& e : edges) {
        if (e.count == 0) {
            continue;
        }
        const auto p = *b.find_id(e.pre);
        const auto q = *b.find_id(e.post);
        if (transmitter || sign) {
            b.add_synapses(p, q, e.count, e.transmitter);
        } else {
            b.add_synapses(p, q, e.count);
        }
    }
    return finish_import(b, inputs.front().string());
}

}  // namespace brainemu
