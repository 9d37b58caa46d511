#pragma once
// A network composed of populations and projections, as NEST, Brian2 and PyNN users build
// them: each projection connects one population to another by a rule (all-to-all, one-to-one,
// fixed in-degree, fixed out-degree, fixed probability, fixed total number, distance-dependent)
// or by explicit arrays. Connectivity only; the experiment layer adds models and stimuli.
//
// Random rules draw from counter-based streams keyed by the target neuron (out-degree: by the
// source neuron; total number: by the projection), so the network does not depend on the
// layout. A projection from population s draws from the stream (seed, connectivity | s,
// target id, r), r counting the earlier projections between the same two populations: Brunel's
// network A composed as E->E, E->I, I->E, I->I with fixed in-degrees draws exactly the synapses
// of the built-in `brunel` (network/brunel.cpp). composed_network.cpp lists every key.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "network/edge_list.hpp"
#include "network/network.hpp"

namespace brainemu {

// Where a population's neurons sit in the plane (for distance-dependent rules): none, a
// square grid filled row by row, or uniform at random in a square.
struct population_positions {
    enum class kind : std::uint8_t { none, grid, random } layout = kind::none;
    double spacing_um = 0.0;  // grid: distance between neighbours
    double extent_um = 0.0;   // random: side of the square
};

struct composed_population {
    std::string name;
    neuron_id size = 0;
    population_positions positions;
};

enum class connection_rule : std::uint8_t {
    all_to_all,
    one_to_one,
    fixed_indegree,
    fixed_outdegree,
    fixed_probability,
    fixed_total,
    distance,
    arrays,
};

struct projection {
    std::uint32_t source = 0, target = 0;  // population indices
    connection_rule rule = connection_rule::all_to_all;
    std::uint64_t count = 0;   // in-degree, out-degree or total number
    double probability = 0.0;  // fixed_probability; distance: the probability at distance 0
    // distance: p(d) = probability * exp(-d^2 / (2 sigma^2)) with sigma_um > 0, else
    // probability * exp(-d / lambda_um); no synapse beyond max_distance_um (0: no limit).
    double sigma_um = 0.0, lambda_um = 0.0, max_distance_um = 0.0;
    bool periodic = false;  // distance across the edges of a square (the grid or extent)
    bool autapses = true, multapses = true;
    float weight = 0.0f;  // in the network's weight unit
    std::uint16_t delay_steps = 1;
    std::uint32_t repeat = 0;  // earlier projections between the same two populations
    // rule == arrays: the synapses in global ids (validated when read).
    std::shared_ptr<const edge_list> arrays;
};

struct composed_network {
    std::vector<composed_population> populations;
    std::vector<projection> projections;

    [[nodiscard]] neuron_id size() const;
    [[nodiscard]] index_range range_of(std::uint32_t population) const;
    [[nodiscard]] std::vector<population> population_table() const;
    // Exact where every projection has a fixed count (none drawn by probability or distance).
    [[nodiscard]] std::optional<std::uint64_t> synapses_total() const;
};

// The position (um) of the neuron with global id `id` of population `p`.
struct point_um {
    double x = 0.0, y = 0.0;
};
[[nodiscard]] point_um position_of(const composed_network& c, std::uint32_t p, neuron_id id,
                                   std::uint64_t seed);

// Builds every held block; synapses from `silenced` neurons (flags by global id; empty: none)
// are left out. Weights are put into each target's model unit by `to_models`.
[[nodiscard]] network build_composed(const composed_network& c, std::uint64_t seed,
                                     const neuron_layout& blocks,
                                     const std::vector<std::uint8_t>& silenced,
                                     const weight_map& to_models = {});

}  // namespace brainemu
