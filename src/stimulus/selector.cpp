#include "stimulus/selector.hpp"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "core/closest_name.hpp"

namespace brainemu {
namespace {

[[noreturn]] void fail(const input_location& where, std::string_view field,
                       std::string_view problem) {
    input_location at = where;
    at.field += field;
    throw input_error(at, problem);
}

const connectome& needs_connectome(const network& net, const input_location& where,
                                   std::string_view field) {
    if (!net.source) {
        fail(where, field,
             fmt::format("selecting by {} needs a network imported from a connectome "
                         "(network.connectome); this network has only indices",
                         field.substr(1)));
    }
    return *net.source;
}

// Every neuron whose entry in `per_neuron` is the index of `name` in `names`.
template <class Index>
void by_table(std::span<const Index> per_neuron, const std::vector<std::string>& names,
              const std::string& name, const input_location& where, std::string_view field,
              std::string_view what, std::vector<neuron_id>& out) {
    const auto it = std::find(names.begin() + 1, names.end(), name);
    if (name.empty() || it == names.end()) {
        fail(where, field,
             unknown_name_message(what, name,
                                  std::vector<std::string>(names.begin() + 1, names.end())));
    }
    const auto index = static_cast<Index>(it - names.begin());
    for (std::uint32_t i = 0; i < per_neuron.size(); ++i) {
        if (per_neuron[i] == index) {
            out.push_back(i);
        }
    }
}

}  // namespace

std::vector<neuron_id> resolve(const target_selector& sel, const network& net,
                               const input_location& where) {
    std::vector<neuron_id> out;
    if (sel.all) {
        out.resize(net.size);
        std::iota(out.begin(), out.end(), 0u);
        return out;
    }
    if (!sel.population.empty()) {
        const population* p = net.find_population(sel.population);
        if (p == nullptr) {
            std::vector<std::string> known;
            for (const auto& q : net.populations) {
                known.push_back(q.name);
            }
            fail(where, ".population", unknown_name_message("population", sel.population, known));
        }
        for (neuron_id i = p->range.first; i < p->range.last; ++i) {
            out.push_back(i);
        }
    }
    if (!sel.label.empty()) {
        const auto it = net.labels.find(sel.label);
        if (it == net.labels.end()) {
            std::vector<std::string> known;
            for (const auto& [name, members] : net.labels) {
                known.push_back(name);
            }
            fail(where, ".label", unknown_name_message("label", sel.label, known));
        }
        out.insert(out.end(), it->second.begin(), it->second.end());
    }
    if (!sel.type.empty()) {
        const connectome& c = needs_connectome(net, where, ".type");
        by_table(c.type, c.type_names, sel.type, where, ".type", "cell type", out);
    }
    if (!sel.transmitter.empty()) {
        const connectome& c = needs_connectome(net, where, ".transmitter");
        by_table(c.transmitter, c.transmitter_names, sel.transmitter, where, ".transmitter",
                 "transmitter", out);
    }
    for (const std::string& name : sel.names) {
        const connectome& c = needs_connectome(net, where, ".names");
        const auto i = c.find_name(name);
        if (!i) {
            fail(where, ".names",
                 c.names.empty() ? fmt::format("neuron '{}': this connectome names no neurons; "
                                               "select by ids",
                                               name)
                                 : unknown_name_message("neuron", name, c.names));
        }
        out.push_back(*i);
    }
    for (std::int64_t id : sel.ids) {
        if (net.source) {
            const auto i = net.source->find_id(id);
            if (!i) {
                fail(where, ".ids",
                     fmt::format("neuron id {} is not in the connectome ({} neurons; ids are the "
                                 "dataset's, e.g. {})",
                                 id, net.size, net.source->ids.empty() ? 0 : net.source->ids[0]));
            }
            out.push_back(*i);
        } else {
            if (id < 0 || id >= static_cast<std::int64_t>(net.size)) {
                fail(where, ".ids",
                     fmt::format("neuron {} does not exist (the network has {})", id, net.size));
            }
            out.push_back(static_cast<neuron_id>(id));
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace brainemu
