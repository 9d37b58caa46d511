#pragma once
// A SONATA simulation of biophysical cells (the top rung of the fidelity ladder, design.md):
// every simulated node a multi-compartment cell built as BMTK builds the Allen perisomatic
// models (its SWC morphology, the axon replaced by a stub, segments by run.dL, the NeuroML
// cell's channels), driven by the config's current clamps, by spike trains of virtual nodes and
// by each other's spikes, through Exp2Syn and ExpSyn synapses at each edge's sec_id and sec_x,
// for run.tstop at run.dt, at conditions.celsius from conditions.v_init. Writes the SONATA
// spikes file, the soma membrane reports the config asks for ("v", "cai") and
// cable_profile.json (the run's measured shape).
//
// Cells are split into contiguous blocks by compartment count, one per thread and per MPI
// rank; a block is one cable_group. Blocks step on their own for an interval of the shortest
// delay between cells (every step where there are no such edges), then every block's and
// rank's spikes of the interval become events at the synapses they reach: a spike cannot be
// due before the exchange that carries it. A cell's arithmetic does not depend on its block,
// and a step's events are applied in (time, synapse, weight) order, so spikes and traces are
// bit-identical at any thread or rank count. As in NEURON, a threshold crossing in the run's
// last step is not reported (NEURON tests thresholds as the next step begins).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "engine/communicator.hpp"
#include "io/sonata/sonata_run.hpp"

namespace brainemu {

struct cable_run_options {
    std::filesystem::path out;  // spikes.h5, the reports and cable_profile.json go here
    unsigned threads = 1;
    double duration_ms = -1.0;                    // < 0: run.tstop
    communicator* comm = nullptr;                 // null: one process
    std::function<void(const std::string&)> log;  // summary lines (may be empty)
};

struct cable_run_summary {
    std::uint32_t cells = 0;
    std::uint64_t compartments = 0, synapses = 0, channel_instances = 0, steps = 0, spikes = 0;
    std::uint64_t state_bytes = 0;    // the cells' resident state and constants
    std::uint64_t synapse_bytes = 0;  // of them, the synapses'
    double build_s = 0;               // reading and building, until the first step
    double step_s = 0;                // the slowest block's (rank's, thread's) stepping wall time
    double step_core_s = 0;           // stepping time summed over blocks: core-seconds
    double flop_per_step = 0;         // counted (cable_group::flop_per_step)
    int stopped_by = 0;               // the signal that ended the run early (steps: what ran)
};

// Throws input_error for what the files get wrong (naming file and field), resource_error for
// outputs that cannot be written; writes nothing before the cells are built.
cable_run_summary run_cable(const sonata_run& run, const cable_run_options& options);

}  // namespace brainemu
