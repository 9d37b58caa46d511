#pragma once
// One entry point for every partitioning method, timed, for the command line and benchmarks.

#include <cstdint>

#include "network/connectome.hpp"
#include "partition/metis_partition.hpp"
#include "partition/partition.hpp"

namespace brainemu {

struct partition_request {
    partition_method_kind method = partition_method_kind::metis;
    std::uint32_t parts = 1;
    metis_options metis;  // used by method metis only
};

struct timed_partition {
    partition result;
    double seconds = 0.0;  // wall time of the partitioner alone (graph building included)
};

// Throws input_error (field "parts") unless 1 <= parts <= neurons.
[[nodiscard]] timed_partition partition_connectome(const connectome& c,
                                                   const partition_request& request);

}  // namespace brainemu
