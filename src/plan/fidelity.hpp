#pragma once
// Fidelity levels: what one neuron and one synapse cost. FLOP per (compartment) step and steps
// per second are separate inputs (planner-facts.md section 1.2); every figure is overridable.

#include <string>
#include <vector>

#include "plan/devices.hpp"

namespace brainemu::plan {

struct neuron_model {
    std::string name;
    double flop_per_compartment_step = 0.0;  // per compartment, per time step
    double steps_per_s = 0.0;                // 1 / dt
    double compartments = 1.0;
    double bytes_per_neuron = 0.0;       // resident, independent of compartments
    double bytes_per_compartment = 0.0;  // resident, per compartment
    std::string source;
    // Event-driven form (neuron_update = event): FLOP per spike the neuron fires, its state
    // advanced analytically between spikes; 0 = the model has no such form.
    double flop_per_spike = 0.0;
    // The arithmetic its kernel runs at: brainemu's point neurons and cable cells keep their
    // state in double, as NEST and NEURON do (spike identity with them depends on it).
    precision_kind precision = precision_kind::fp64;
};

struct synapse_model {
    std::string name;
    double flop_per_event = 0.0;         // per spike arriving at one synapse
    double flop_per_synapse_step = 0.0;  // time-driven update of the synapse's own state
    double bytes_per_synapse = 0.0;      // resident
    double writes_per_event = 0.0;       // 1 when an event writes the synapse's state back
    std::string source;
    // The published per-event costs count float operations; brainemu itself adds fixed-point
    // integers into its input buffers, and the catalog has no integer peaks to count them by.
    precision_kind precision = precision_kind::fp32;
};

// lif, izhikevich, adex, hh (one compartment), mc-hh (C compartments).
[[nodiscard]] std::vector<neuron_model> builtin_neuron_models();
// exp (current-based exponential), alpha, exp2, tsodyks-markram, stdp.
[[nodiscard]] std::vector<synapse_model> builtin_synapse_models();

}  // namespace brainemu::plan
