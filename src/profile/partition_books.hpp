#pragma once
// The books K partitions would keep, for a run of one process: what each part holds and emits,
// and the spikes and bytes it would send to every other part (profile.json's partitions and
// traffic, docs/report.md). Counted exactly from the run's spikes per neuron and the
// network's synapses, with the MPI backend's rule: a spike crosses once to every part that
// holds at least one of its targets, as one 8-byte message. A real MPI run with the same
// partition counts the same numbers at its call sites.

#include <cstdint>
#include <span>

#include "engine/communicator.hpp"
#include "engine/run_stats.hpp"
#include "network/network.hpp"
#include "profile/record/run_profile_record.hpp"

namespace brainemu {

inline constexpr std::uint64_t spike_message_bytes = sizeof(spike_wire);  // as MPI sends it

// `part_of[g]` is the part of the neuron with global id g (K = parts); `spikes` per neuron by
// global id; `memory` the run's resident bytes, shared out by neurons and, unless
// `synapse_bytes` gives what each part's synapse storage holds, by synapses. Fills the
// profile's partitions and traffic.
void add_partition_books(run_profile_record& profile, const network& net,
                         std::span<const std::uint32_t> spikes, const resident_bytes& memory,
                         std::span<const std::uint32_t> part_of, std::uint32_t parts,
                         std::span<const std::uint64_t> synapse_bytes = {});

}  // namespace brainemu
