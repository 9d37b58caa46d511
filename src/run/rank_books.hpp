#pragma once
// An MPI run's books in profile.json: every rank's own figures, measured, and its row of the
// traffic matrix, counted where the spikes were sent; rank 0 assembles them and the totals.

#include "engine/communicator.hpp"
#include "engine/engine.hpp"
#include "experiment/partitioning.hpp"
#include "network/network.hpp"
#include "profile/record/run_profile_record.hpp"

namespace brainemu {

// What this process measured of its own part: neurons and synapses held, updates, events,
// spikes, resident bytes and its time split (no traffic). MPI ranks and dry runs report it.
[[nodiscard]] partition_record own_part_books(const engine& eng, const network& net);

void add_rank_books(run_profile_record& profile, const engine& eng, const network& net,
                    communicator& comm, const chosen_partition& partition);

}  // namespace brainemu
