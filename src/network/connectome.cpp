#include "network/connectome.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "core/input_error.hpp"

namespace brainemu {

std::uint64_t connectome::synapse_count() const {
    return std::accumulate(count.begin(), count.end(), std::uint64_t{0});
}

std::uint64_t connectome::gap_junction_count() const {
    return std::accumulate(gap_count.begin(), gap_count.end(), std::uint64_t{0});
}

std::string_view connectome::transmitter_of_edge(std::uint64_t e, std::uint32_t pre) const {
    return transmitter_names[edge_transmitter.empty() ? transmitter[pre] : edge_transmitter[e]];
}

std::string_view connectome::metadata_value(std::string_view key) const {
    for (const auto& [k, v] : metadata) {
        if (k == key) {
            return v;
        }
    }
    return {};
}

std::optional<std::uint32_t> connectome::find_id(std::int64_t id) const {
    if (!id_index_) {
        auto index = std::make_shared<std::unordered_map<std::int64_t, std::uint32_t>>();
        index->reserve(ids.size());
        for (std::uint32_t i = 0; i < size(); ++i) {
            index->emplace(ids[i], i);
        }
        id_index_ = std::move(index);
    }
    const auto it = id_index_->find(id);
    return it == id_index_->end() ? std::nullopt : std::optional(it->second);
}

std::optional<std::uint32_t> connectome::find_name(std::string_view name) const {
    if (!name_index_) {
        auto index = std::make_shared<std::unordered_map<std::string, std::uint32_t>>();
        for (std::uint32_t i = 0; i < names.size(); ++i) {
            if (!names[i].empty()) {
                index->emplace(names[i], i);
            }
        }
        name_index_ = std::move(index);
    }
    const auto it = name_index_->find(std::string(name));
    return it == name_index_->end() ? std::nullopt : std::optional(it->second);
}

std::optional<std::uint32_t> connectome_builder::add_neuron(std::int64_t id,
                                                            std::string_view name) {
    if (ids_.size() >= UINT32_MAX) {
        // .bcx indexes a connectome's neurons with 32 bits; larger networks are procedural.
        throw resource_error(
            fmt::format("a connectome holds at most 2^32 - 1 = {} neurons (its "
                        "indices are 32-bit); neuron id {} is one too many",
                        UINT32_MAX, id));
    }
    const auto index = static_cast<std::uint32_t>(ids_.size());
    if (!id_index_.emplace(id, index).second) {
        return std::nullopt;
    }
    if (!name.empty() && !name_index_.emplace(std::string(name), index).second) {
        id_index_.erase(id);
        return std::nullopt;
    }
    ids_.push_back(id);
    names_.emplace_back(name);
    any_name_ = any_name_ || !name.empty();
    type_.push_back(0);
    transmitter_.push_back(0);
    return index;
}

std::optional<std::uint32_t> connectome_builder::find_id(std::int64_t id) const {
    const auto it = id_index_.find(id);
    return it == id_index_.end() ? std::nullopt : std::optional(it->second);
}

std::optional<std::uint32_t> connectome_builder::find_name(std::string_view name) const {
    const auto it = name_index_.find(std::string(name));
    return it == name_index_.end() ? std::nullopt : std::optional(it->second);
}

void connectome_builder::set_type(std::uint32_t neuron, std::string_view type) {
    if (type.empty()) {
        type_[neuron] = 0;
        return;
    }
    auto [it, added] =
        type_index_.emplace(std::string(type), static_cast<std::uint32_t>(type_names_.size()));
    if (added) {
        type_names_.emplace_back(type);
    }
    type_[neuron] = it->second;
}

std::uint16_t connectome_builder::transmitter_index(std::string_view name) {
    if (name.empty()) {
        return 0;
    }
    auto [it, added] = transmitter_index_.emplace(
        std::string(name), static_cast<std::uint16_t>(transmitter_names_.size()));
    if (added) {
        if (transmitter_names_.size() >= UINT16_MAX) {
            throw input_error({}, "more than 65,535 distinct transmitter names");
        }
        transmitter_names_.emplace_back(name);
    }
    return it->second;
}

void connectome_builder::set_transmitter(std::uint32_t neuron, std::string_view transmitter) {
    transmitter_[neuron] = transmitter_index(transmitter);
}

void connectome_builder::add_label(std::string_view label, std::uint32_t neuron) {
    labels_[std::string(label)].push_back(neuron);
}

void connectome_builder::add_synapses(std::uint32_t pre, std::uint32_t post, std::uint32_t count) {
    edges_.push_back({pre, post, count, 0, NAN, NAN});
}

void connectome_builder::add_synapses(std::uint32_t pre, std::uint32_t post, std::uint32_t count,
                                      std::string_view transmitter) {
    edge_transmitters_ = true;
    edges_.push_back({pre, post, count, transmitter_index(transmitter), NAN, NAN});
}

void connectome_builder::add_weighted_edge(std::uint32_t pre, std::uint32_t post, float weight,
                                           std::string_view unit, float delay_ms) {
    edge_weights_ = true;
    edge_delays_ = edge_delays_ || !std::isnan(delay_ms);
    weight_unit_ = unit;
    edges_.push_back({pre, post, 1, 0, weight, delay_ms});
}

void connectome_builder::add_gap_junction(std::uint32_t a, std::uint32_t b, std::uint32_t count) {
    gaps_.push_back({std::min(a, b), std::max(a, b), count, a < b});
}

void connectome_builder::add_metadata(std::string key, std::string value) {
    metadata_.emplace_back(std::move(key), std::move(value));
}

namespace {

// The arrays a finished connectome views, kept alive by its owner.
struct built_arrays {
    std::vector<std::int64_t> ids;
    std::vector<std::uint32_t> type;
    std::vector<std::uint16_t> transmitter;
    std::vector<std::uint64_t> row_offsets;
    std::vector<std::uint32_t> post, count;
    std::vector<std::uint16_t> edge_transmitter;
    std::vector<float> edge_weight, edge_delay_ms;
    std::vector<std::uint32_t> gap_a, gap_b, gap_count;
};

}  // namespace

connectome connectome_builder::finish(const std::string& source_for_errors) {
    auto arrays = std::make_shared<built_arrays>();
    const auto n = static_cast<std::uint32_t>(ids_.size());

    // Edges by (pre, post); equal pairs merge unless edges carry their own weight or delay.
    const bool merge = !edge_weights_ && !edge_delays_;
    std::stable_sort(edges_.begin(), edges_.end(), [](const edge& a, const edge& b) {
        return a.pre != b.pre ? a.pre < b.pre : a.post < b.post;
    });
    std::vector<edge> kept;
    kept.reserve(edges_.size());
    for (const edge& e : edges_) {
        if (merge && !kept.empty() && kept.back().pre == e.pre && kept.back().post == e.post) {
            edge& k = kept.back();
            if (k.transmitter != e.transmitter) {
                throw input_error(
                    {source_for_errors, 0, ""},
                    fmt::format("neurons {} -> {} are listed with two transmitters, {} and {}",
                                ids_[e.pre], ids_[e.post], transmitter_names_[k.transmitter],
                                transmitter_names_[e.transmitter]));
            }
            if (k.count > UINT32_MAX - e.count) {
                throw input_error({source_for_errors, 0, ""},
                                  fmt::format("neurons {} -> {}: synapse count overflows 32 bits",
                                              ids_[e.pre], ids_[e.post]));
            }
            k.count += e.count;
        } else {
            kept.push_back(e);
        }
    }
    edges_.clear();
    edges_.shrink_to_fit();
    arrays->row_offsets.assign(std::size_t{n} + 1, 0);
    for (const edge& e : kept) {
        ++arrays->row_offsets[e.pre + 1];
    }
    std::partial_sum(arrays->row_offsets.begin(), arrays->row_offsets.end(),
                     arrays->row_offsets.begin());
    arrays->post.reserve(kept.size());
    arrays->count.reserve(kept.size());
    for (const edge& e : kept) {
        arrays->post.push_back(e.post);
        arrays->count.push_back(e.count);
        if (edge_transmitters_) {
            arrays->edge_transmitter.push_back(e.transmitter);
        }
        if (edge_weights_) {
            arrays->edge_weight.push_back(e.weight);
        }
        if (edge_delays_) {
            arrays->edge_delay_ms.push_back(e.delay_ms);
        }
    }

    std::stable_sort(gaps_.begin(), gaps_.end(),
                     [](const gap& x, const gap& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
    for (std::size_t i = 0; i < gaps_.size();) {
        std::size_t j = i;
        std::uint32_t forward = 0, backward = 0;
        bool seen_forward = false, seen_backward = false;
        while (j < gaps_.size() && gaps_[j].a == gaps_[i].a && gaps_[j].b == gaps_[i].b) {
            (gaps_[j].forward ? forward : backward) += gaps_[j].count;
            (gaps_[j].forward ? seen_forward : seen_backward) = true;
            ++j;
        }
        std::uint32_t total = forward + backward;
        if (gap_both_ways_ && seen_forward && seen_backward) {
            if (forward != backward) {
                throw input_error(
                    {source_for_errors, 0, ""},
                    fmt::format("gap junctions {} - {}: the two directions disagree ({} and {}); "
                                "a symmetric file lists each pair twice with the same count",
                                names_[gaps_[i].a].empty() ? fmt::format("{}", ids_[gaps_[i].a])
                                                           : names_[gaps_[i].a],
                                names_[gaps_[i].b].empty() ? fmt::format("{}", ids_[gaps_[i].b])
                                                           : names_[gaps_[i].b],
                                forward, backward));
            }
            total = forward;
        }
        if (gaps_[i].a != gaps_[i].b && total > 0) {
            arrays->gap_a.push_back(gaps_[i].a);
            arrays->gap_b.push_back(gaps_[i].b);
            arrays->gap_count.push_back(total);
        }
        i = j;
    }
    gaps_.clear();

    connectome c;
    arrays->ids = std::move(ids_);
    arrays->type = std::move(type_);
    arrays->transmitter = std::move(transmitter_);
    c.ids = arrays->ids;
    c.type = arrays->type;
    c.transmitter = arrays->transmitter;
    c.row_offsets = arrays->row_offsets;
    c.post = arrays->post;
    c.count = arrays->count;
    c.edge_transmitter = arrays->edge_transmitter;
    c.edge_weight = arrays->edge_weight;
    c.edge_delay_ms = arrays->edge_delay_ms;
    c.gap_a = arrays->gap_a;
    c.gap_b = arrays->gap_b;
    c.gap_count = arrays->gap_count;
    if (any_name_) {
        c.names = std::move(names_);
    }
    c.type_names = std::move(type_names_);
    c.transmitter_names = std::move(transmitter_names_);
    for (auto& [name, members] : labels_) {
        std::sort(members.begin(), members.end());
        members.erase(std::unique(members.begin(), members.end()), members.end());
    }
    c.labels = std::move(labels_);
    c.edge_weight_unit = edge_weights_ ? weight_unit_ : std::string();
    c.metadata = std::move(metadata_);
    c.owner = std::move(arrays);
    *this = connectome_builder();
    return c;
}

}  // namespace brainemu
