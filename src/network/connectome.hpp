#pragma once
// A connectome as imported: named neurons and their chemical and electrical synapses, before an
// experiment turns synapse counts into weights. Importers fill a connectome_builder; the
// binary format (io/bcx) stores a connectome and maps it back without copying the big arrays.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace brainemu {

// Read-only views of the arrays; `owner` keeps them alive (a file mapping or the builder's
// vectors). Copying a connectome shares the arrays.
struct connectome {
    // Per neuron i in [0, size()): its id in the source dataset (FlyWire root id, skeleton id,
    // SONATA node id; for name-keyed datasets such as C. elegans, its row in the import),
    // its name ("" where the dataset has none), cell type and transmitter (indices into the
    // name tables; 0 is "", unknown).
    std::span<const std::int64_t> ids;
    std::vector<std::string> names;  // empty: the dataset names no neuron
    std::span<const std::uint32_t> type;
    std::vector<std::string> type_names;  // [0] == ""
    std::span<const std::uint16_t> transmitter;
    std::vector<std::string> transmitter_names;                // [0] == ""
    std::map<std::string, std::vector<std::uint32_t>> labels;  // sorted, unique indices

    // Chemical synapses, one entry per connected (pre, post) pair (or per edge where the source
    // gives each edge its own weight or delay), as CSR rows by presynaptic neuron, each row
    // sorted by post.
    std::span<const std::uint64_t> row_offsets;  // size() + 1 entries
    std::span<const std::uint32_t> post;
    std::span<const std::uint32_t> count;  // synapses in the pair (>= 1)
    // Optional per entry (empty when absent): transmitter (else the presynaptic neuron's),
    // weight in edge_weight_unit (else sign x count x the experiment's unit weight), delay.
    std::span<const std::uint16_t> edge_transmitter;
    std::span<const float> edge_weight;
    std::string edge_weight_unit;
    std::span<const float> edge_delay_ms;

    // Electrical synapses: undirected pairs a < b, sorted, with the number of junctions.
    std::span<const std::uint32_t> gap_a, gap_b, gap_count;

    // Provenance: source files, format, options, counts (ordered as written).
    std::vector<std::pair<std::string, std::string>> metadata;

    std::shared_ptr<const void> owner;

    [[nodiscard]] std::uint32_t size() const { return static_cast<std::uint32_t>(ids.size()); }
    [[nodiscard]] std::uint64_t pairs() const { return post.size(); }
    [[nodiscard]] std::uint64_t synapse_count() const;  // sum of count
    [[nodiscard]] std::uint64_t gap_junction_count() const;
    [[nodiscard]] std::string_view transmitter_of_edge(std::uint64_t e, std::uint32_t pre) const;
    [[nodiscard]] std::string_view metadata_value(std::string_view key) const;
    // Index of the neuron with this dataset id or this name.
    [[nodiscard]] std::optional<std::uint32_t> find_id(std::int64_t id) const;
    [[nodiscard]] std::optional<std::uint32_t> find_name(std::string_view name) const;

private:
    mutable std::shared_ptr<const std::unordered_map<std::int64_t, std::uint32_t>> id_index_;
    mutable std::shared_ptr<const std::unordered_map<std::string, std::uint32_t>> name_index_;
};

// Collects neurons and edges in any order; finish() sorts, merges and checks them.
class connectome_builder {
public:
    // Returns the new neuron's index; nullopt if the id is taken (the importer reports it,
    // with its file and line).
    std::optional<std::uint32_t> add_neuron(std::int64_t id, std::string_view name = {});
    [[nodiscard]] std::optional<std::uint32_t> find_id(std::int64_t id) const;
    [[nodiscard]] std::optional<std::uint32_t> find_name(std::string_view name) const;
    [[nodiscard]] std::uint32_t size() const { return static_cast<std::uint32_t>(ids_.size()); }

    void set_type(std::uint32_t neuron, std::string_view type);
    void set_transmitter(std::uint32_t neuron, std::string_view transmitter);
    void add_label(std::string_view label, std::uint32_t neuron);

    // A chemical connection of `count` synapses. Repeated (pre, post) pairs are summed (Codex
    // lists one row per neuropil) unless edges carry their own weight or delay.
    void add_synapses(std::uint32_t pre, std::uint32_t post, std::uint32_t count);
    void add_synapses(std::uint32_t pre, std::uint32_t post, std::uint32_t count,
                      std::string_view transmitter);
    // An edge with its own weight (in `unit`, the same for every edge) and optional delay
    // (NaN: the experiment's). Such edges are never merged.
    void add_weighted_edge(std::uint32_t pre, std::uint32_t post, float weight,
                           std::string_view unit, float delay_ms);
    // `count` junctions between a and b, in either order.
    void add_gap_junction(std::uint32_t a, std::uint32_t b, std::uint32_t count);
    void add_metadata(std::string key, std::string value);

    // Symmetric gap junction files list each pair in both directions: with true, a pair's
    // count is taken once (finish() checks that the two directions agree); with false, every
    // listing adds its count.
    void gap_junctions_listed_both_ways(bool yes) { gap_both_ways_ = yes; }

    // Throws input_error (path, no line) for a gap junction file whose two directions
    // disagree. The builder is left empty.
    [[nodiscard]] connectome finish(const std::string& source_for_errors);

private:
    struct edge {
        std::uint32_t pre, post, count;
        std::uint16_t transmitter;
        float weight, delay_ms;
    };
    std::uint16_t transmitter_index(std::string_view name);

    std::vector<std::int64_t> ids_;
    std::vector<std::string> names_;
    bool any_name_ = false;
    std::vector<std::uint32_t> type_;
    std::vector<std::string> type_names_{""};
    std::unordered_map<std::string, std::uint32_t> type_index_;
    std::vector<std::uint16_t> transmitter_;
    std::vector<std::string> transmitter_names_{""};
    std::unordered_map<std::string, std::uint16_t> transmitter_index_;
    std::map<std::string, std::vector<std::uint32_t>> labels_;
    std::unordered_map<std::int64_t, std::uint32_t> id_index_;
    std::unordered_map<std::string, std::uint32_t> name_index_;
    std::vector<edge> edges_;
    bool edge_transmitters_ = false, edge_weights_ = false, edge_delays_ = false;
    std::string weight_unit_;
    struct gap {
        std::uint32_t a, b, count;
        bool forward;  // listed as (a, b) with a < b
    };
    std::vector<gap> gaps_;
    bool gap_both_ways_ = false;
    std::vector<std::pair<std::string, std::string>> metadata_;
};

}  // namespace brainemu
