#pragma once
// A cell's cable as NEURON's fixed-step solver sees it: a node at every segment's centre and a
// node of no area at every section's far end (x = 1), each coupled to its parent node by the
// axial conductance between them (the two half-segment resistances in series; a section's first
// node by its near half alone, to the node it hangs from). Nodes are numbered parents first, so
// one pass from the leaves and one back solve the backward-Euler system of the tree (Hines
// 1984): the linear work per step, no matrix beyond the nodes' diagonals and parent couplings.
//
// Units throughout: mV, ms, nA, uS, nF, um^2.

#include <cstdint>
#include <vector>

#include "models/cable/morphology.hpp"

namespace brainemu {

struct membrane_params {
    double cm_uf_per_cm2 = 1.0;
    double ra_ohm_cm = 100.0;
    double g_pas_s_per_cm2 = 0.0;  // a passive leak (NEURON's pas)
    double e_pas_mv = -70.0;
};

// Membrane parameters per section type: the Allen perisomatic models set cm, g_pas and e_pas per
// soma, axon, basal and apical dendrite (and Ra for the whole cell).
struct membrane_by_type {
    membrane_params soma, axon, dend, apic;
    [[nodiscard]] const membrane_params& of(section_type t) const;
};

class cable_tree {
public:
    // The segmented morphology (segment_by_length first) with each section's membrane by its
    // type; a section's Ra sets its own half-segment resistances (so a child's first coupling
    // is in its own Ra, as in NEURON).
    cable_tree(const morphology& m, const membrane_by_type& membranes) { append(m, membranes); }
    // One membrane for every section.
    cable_tree(const morphology& m, const membrane_params& p) : cable_tree(m, {p, p, p, p}) {}
    cable_tree() = default;

    // Adds a cell: its sections are numbered on from the last cell's, its nodes likewise (a
    // group of cells is one forest, solved in one pass). Returns its first section's number.
    std::uint32_t append(const morphology& m, const membrane_by_type& membranes);

    [[nodiscard]] std::uint32_t nodes() const { return static_cast<std::uint32_t>(parent_.size()); }
    [[nodiscard]] std::uint32_t sections() const {
        return static_cast<std::uint32_t>(first_node_.size());
    }
    [[nodiscard]] double area_um2(std::uint32_t node) const { return area_um2_[node]; }
    [[nodiscard]] std::uint32_t segments(std::uint32_t section) const { return nseg_[section]; }
    // The node of segment k of section s.
    [[nodiscard]] std::uint32_t node_of(std::uint32_t section, std::uint32_t k) const {
        return first_node_[section] + k;
    }
    // The node at position x (0 < x <= 1) of a section, as NEURON maps x to a segment.
    [[nodiscard]] std::uint32_t node_at(std::uint32_t section, double x) const;

    // Every node to v (mV); the arrays shrink to their contents (the tree is complete).
    void initialize(double v_mv);
    // One backward-Euler step of dt (ms), with `injected` (nA, per node; may be empty) flowing
    // in during the step.
    void step(double dt_ms, const std::vector<double>& injected);
    // One step as NEURON takes it with membrane mechanisms: `current` (nA, outward positive) is
    // their current at the present voltages and `conductance` (uS) its derivative by voltage;
    // the system is solved for the voltage change (backward Euler, the currents linearised
    // about the present voltage). Either may be null.
    void step(double dt_ms, const double* current, const double* conductance);
    [[nodiscard]] double v(std::uint32_t node) const { return v_[node]; }
    // Bytes held by the tree's arrays (what a node costs in memory).
    [[nodiscard]] std::uint64_t bytes() const;

private:
    std::vector<std::int32_t> parent_;  // -1 for the root
    std::vector<double> g_parent_us_;   // axial conductance to the parent node
    std::vector<double> c_nf_;          // membrane capacitance (0 at the end nodes)
    std::vector<double> area_um2_;      // membrane area (0 at the end nodes)
    std::vector<double> g_leak_us_, e_leak_mv_;
    std::vector<std::uint32_t> first_node_, end_node_;
    std::vector<std::uint32_t> nseg_;
    std::vector<double> v_, diag_, rhs_;
    std::vector<double> fixed_diag_;  // C/dt + leak + couplings, for fixed_dt_ms_
    double fixed_dt_ms_ = 0.0;
};

}  // namespace brainemu
