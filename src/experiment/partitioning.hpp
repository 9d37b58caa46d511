#pragma once
// Cutting an experiment's network into K parts for a run: by a partitioner (round-robin,
// contiguous, METIS) or from a partition file made by `brainemu partition`.

#include <cstdint>
#include <filesystem>
#include <string>

#include "experiment/experiment.hpp"
#include "partition/partition.hpp"

namespace brainemu {

struct partition_choice {
    std::uint32_t parts = 0;     // K; 0 with a file: the file's
    std::string method;          // "round-robin", "contiguous", "metis" (no file)
    std::filesystem::path file;  // a .part file (connectome networks only)
    std::uint64_t seed = 1;      // METIS's seed
};

struct chosen_partition {
    partition result;
    std::string method;
    double seconds = 0.0;  // the partitioner's time (0 for a file)
};

// METIS needs the network's graph: for a connectome, the connectome; otherwise the network is
// built once (one process, `threads` blocks) and its pairs counted. Throws input_error for a
// file that does not fit the connectome, a K out of range, or an unknown method.
[[nodiscard]] chosen_partition choose_partition(const experiment& e, const partition_choice& c,
                                                unsigned threads);

}  // namespace brainemu
