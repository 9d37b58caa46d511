#include "stimulus/selector.hpp"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

namespace brainemu {
namespace {

std::string known_names(const network& net) {
    std::string out;
    for (const auto& p : net.populations) {
        out += out.empty() ? p.name : ", " + p.name;
    }
    return out.empty() ? "(this network has none)" : out;
}

}  // namespace

std::vector<std::uint32_t> resolve(const target_selector& sel, const network& net,
                                   const input_location& where) {
    std::vector<std::uint32_t> out;
    if (sel.all) {
        out.resize(net.size);
        std::iota(out.begin(), out.end(), 0u);
        return out;
    }
    if (!sel.population.empty()) {
        const population* p = net.find_population(sel.population);
        if (p == nullptr) {
            input_location at = where;
            at.field += ".population";
            throw input_error(at, fmt::format("unknown population '{}'; known: {}", sel.population,
                                              known_names(net)));
        }
        for (std::uint32_t i = p->range.first; i < p->range.last; ++i) {
            out.push_back(i);
        }
    }
    if (!sel.label.empty()) {
        const auto it = net.labels.find(sel.label);
        if (it == net.labels.end()) {
            input_location at = where;
            at.field += ".label";
            throw input_error(at, fmt::format("unknown label '{}'", sel.label));
        }
        out.insert(out.end(), it->second.begin(), it->second.end());
    }
    for (std::int64_t id : sel.ids) {
        if (id < 0 || id >= static_cast<std::int64_t>(net.size)) {
            input_location at = where;
            at.field += ".ids";
            throw input_error(
                at, fmt::format("neuron {} does not exist (the network has {})", id, net.size));
        }
        out.push_back(static_cast<std::uint32_t>(id));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace brainemu
