#pragma once
// A SONATA simulation (simulation_config.json) as a brainemu experiment: the circuit's
// connectome with its own weights and delays, each node type's model, the virtual
// populations' spike trains as input events; and the run's spikes back in SONATA's layout.

#include <cstdint>
#include <span>
#include <vector>

#include "core/spike_sink.hpp"
#include "experiment/experiment.hpp"
#include "io/sonata/sonata_run.hpp"

namespace brainemu {

// Throws input_error for a node type whose model has no brainemu counterpart, naming it.
[[nodiscard]] experiment experiment_from_sonata(const sonata_run& run, std::uint64_t seed);

// The spikes per SONATA population with node ids and times in ms.
[[nodiscard]] std::vector<sonata_spikes> sonata_output_spikes(const sonata_run& run,
                                                              std::span<const spike_record> spikes,
                                                              double dt_ms);

}  // namespace brainemu
