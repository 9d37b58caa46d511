#pragma once
// Per target neuron, how a network's weights (in the unit the network was given in) become the
// unit of the model that neuron runs. Applied by build_synapse_store to every synapse, so
// every builder gets it alike.

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/index_range.hpp"
#include "core/weight_scale.hpp"

namespace brainemu {

// Each neuron's group (by global id) as runs of one group: as large as the number of runs, not
// of neurons (models chosen per population make a few runs, even for a rank of a 10^9-neuron
// network). Neurons before the first run are in group 0.
class neuron_groups {
public:
    // Neurons from `first` on are in `group`, until the next call; calls come in increasing
    // `first`.
    void append(neuron_id first, std::uint32_t group) {
        if (!groups_.empty() && groups_.back() == group) {
            return;
        }
        if (!starts_.empty() && starts_.back() == first) {
            groups_.back() = group;
            return;
        }
        starts_.push_back(first);
        groups_.push_back(group);
    }
    [[nodiscard]] std::uint32_t operator[](neuron_id id) const {
        const auto it = std::upper_bound(starts_.begin(), starts_.end(), id);
        return it == starts_.begin() ? 0
                                     : groups_[static_cast<std::size_t>(it - starts_.begin()) - 1];
    }
    [[nodiscard]] bool empty() const { return groups_.empty(); }
    [[nodiscard]] std::size_t runs() const { return groups_.size(); }

private:
    std::vector<neuron_id> starts_;
    std::vector<std::uint32_t> groups_;
};

struct weight_map {
    neuron_groups group_of;            // empty: every neuron in group 0
    std::vector<weight_scale> scales;  // per group; empty: weights kept as they are

    [[nodiscard]] bool identity() const {
        for (const weight_scale& s : scales) {
            if (!s.identity()) {
                return false;
            }
        }
        return true;
    }
    [[nodiscard]] const weight_scale& of(neuron_id target) const {
        return scales[group_of.empty() ? 0 : group_of[target]];
    }
    [[nodiscard]] float apply(neuron_id target, float w) const {
        return static_cast<float>(of(target).apply(static_cast<double>(w)));
    }
};

}  // namespace brainemu
