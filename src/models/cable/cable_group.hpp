#pragma once
// A group of multi-compartment cells stepped together, as NEURON's fixed-step method steps
// them (nrn fadvance: events, currents at v_n, the implicit tree solve, then the states with
// v_{n+1}). The cells' nodes are one forest in flat arrays; each channel kind's instances are
// one array of (node, maximal conductance, states), the layout CoreNEURON and arbor use, so a
// step is one pass per kind whatever the number of cells.
//
// Within a step (t_n to t_n + dt):
//   1. synaptic events due by t_n + dt/2 are delivered (Exp2Syn jumps);
//   2. each mechanism's current and its derivative by v at v_n (ECa by Nernst from cai_n; the
//      current clamps at t_n + dt/2);
//   3. the tree solve for v_{n+1} (cable_tree);
//   4. calcium (from the calcium current of 2), then every gate with v_{n+1} and cai_{n+1},
//      then the synapses' conductances decay;
//   5. a spike where a soma crosses its threshold upward, timed t_n + dt.
// Nothing depends on thread or rank: a cell's arithmetic is the same in any group.

#include <cstdint>
#include <vector>

#include "models/cable/biophysics.hpp"
#include "models/cable/cable_tree.hpp"
#include "models/cable/channels.hpp"

namespace brainemu {

// A conductance synapse at a segment, i = g (v - e), as NEURON's point processes:
//   Exp2Syn (tau1 > 0): g = B - A with A decaying with tau1 (rise) and B with tau2 (decay); an
//   event of weight w (uS) raises both by w times the factor that makes the peak of g equal w;
//   ExpSyn (tau1 = 0): g = B decaying with tau2, an event raises it by w.
struct synapse_params {
    double tau1_ms = 1.0, tau2_ms = 3.0;
    double e_mv = 0.0;
    [[nodiscard]] bool single_exponential() const { return tau1_ms == 0.0; }
};

// A current step into a node: on while delay <= t < delay + dur, t sampled mid-step.
struct current_clamp {
    std::uint32_t node = 0;
    double delay_ms = 0, dur_ms = 0, amp_na = 0;
};

struct cable_spike {
    std::uint32_t cell;
    double time_ms;
};

class cable_group {
public:
    explicit cable_group(double celsius) : celsius_(celsius) {}

    // Adds a cell (segmented morphology and its biophysics); returns its index. The soma's
    // middle is where its spikes are detected.
    std::uint32_t add_cell(const morphology& m, const cell_biophysics& b, double threshold_mv);
    // Adds a synapse at (section of cell, x); returns its index.
    std::uint32_t add_synapse(std::uint32_t cell, std::uint32_t section, double x,
                              const synapse_params& p);
    void add_clamp(const current_clamp& c) { clamps_.push_back(c); }

    [[nodiscard]] std::uint32_t cells() const { return static_cast<std::uint32_t>(soma_.size()); }
    // A section of a cell, numbered as in its morphology, to the group's numbering.
    [[nodiscard]] std::uint32_t section(std::uint32_t cell, std::uint32_t local) const {
        return first_section_[cell] + local;
    }
    [[nodiscard]] std::uint32_t soma_node(std::uint32_t cell) const { return soma_[cell]; }
    [[nodiscard]] const cable_tree& tree() const { return tree_; }
    [[nodiscard]] std::uint32_t compartments() const;  // nodes with membrane
    [[nodiscard]] std::uint32_t synapses() const {
        return static_cast<std::uint32_t>(syn_.node.size());
    }
    [[nodiscard]] std::uint64_t channel_instances() const;
    // Floating-point operations of one step of the whole group, counted by hand (an exp, pow
    // or log counts 20): 18 a node for the tree solve (its assembly, elimination and back
    // substitution), each channel instance's (channel_info), 26 a calcium shell, 8 a synapse.
    [[nodiscard]] double flop_per_step() const;
    // Bytes held by the group: the tree, every mechanism's arrays, the per-node scratch; and of
    // them, the synapses' (their arrays and the events waiting for them).
    [[nodiscard]] std::uint64_t bytes() const;
    [[nodiscard]] std::uint64_t synapse_bytes() const;

    // Every voltage to v, every state to its steady state there, calcium to its resting level.
    void initialize(double v_mv);
    // An event reaching synapse s at time t (ms) with weight w (uS). Events may come in any
    // order; those due in one step are applied in (time, synapse, weight) order.
    void deliver(std::uint32_t synapse, double time_ms, double weight_us);
    // Steps from t to t + dt; appends the step's spikes.
    void step(double t_ms, double dt_ms, std::vector<cable_spike>& spikes);

    [[nodiscard]] double v(std::uint32_t node) const { return tree_.v(node); }
    [[nodiscard]] double cai(std::uint32_t node) const { return cai_[node]; }

private:
    struct channel_array {
        channel_kind kind;
        std::vector<std::uint32_t> node;
        std::vector<double> g_max_us;
        std::vector<double> state;  // info(kind).states per instance, instance after instance
    };
    struct calcium_array {
        std::vector<std::uint32_t> node;
        std::vector<calcium_dynamics> params;
    };
    struct synapse_array {
        std::vector<std::uint32_t> node;
        std::vector<synapse_params> params;
        std::vector<double> factor, a, b;
        std::vector<double> decay_a, decay_b;  // exp(-dt / tau) for decay_dt_ms
        double decay_dt_ms = 0.0;
    };
    struct pending_event {
        double time_ms;
        std::uint32_t synapse;
        double weight_us;
    };

    [[nodiscard]] double reversal_mv(ion i, std::uint32_t node) const;

    double celsius_;
    cable_tree tree_;
    std::vector<std::uint32_t> first_section_, soma_;
    std::vector<double> threshold_mv_;
    std::vector<bool> above_;
    std::vector<double> ena_, ek_, cai_, cao_;
    std::vector<channel_array> channels_;  // one per kind present
    calcium_array calcium_;
    synapse_array syn_;
    std::vector<current_clamp> clamps_;
    std::vector<pending_event> pending_;
    std::vector<double> current_, conductance_, ica_;
};

}  // namespace brainemu
