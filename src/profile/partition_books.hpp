#pragma once
// The books K partitions would keep, for a run of one process: what each part holds and emits,
// and the spikes and bytes it would send to every other part (profile.json's "partitions" and
// "traffic", docs/report.md). Counted exactly from the run's spikes per neuron and the
// network's synapses, with the MPI backend's rule: a spike crosses once to every part that
// holds at least one of its targets, as one 8-byte message. A real MPI run with the same
// partition counts the same numbers at its call sites.

#include <cstdint>
#include <span>

#include <nlohmann/json.hpp>

#include "engine/simulation.hpp"

namespace brainemu {

inline constexpr std::uint64_t spike_message_bytes = 8;  // {uint32 step, uint32 neuron}

// `part_of[g]` is the part of the neuron with global id g (K = parts). `spike_counts` by
// global id. Adds "partitions" and "traffic" to `profile`.
void add_partition_books(nlohmann::json& profile, const simulation& sim,
                         std::span<const std::uint32_t> part_of, std::uint32_t parts);

}  // namespace brainemu
