#include "partition/partitioner.hpp"

#include <chrono>

namespace brainemu {

timed_partition partition_connectome(const connectome& c, const partition_request& request) {
    check_part_count(request.parts, c.size(), "parts");
    const auto t0 = std::chrono::steady_clock::now();
    timed_partition t;
    switch (request.method) {
        case partition_method_kind::round_robin:
            t.result = round_robin_partition(c.size(), request.parts);
            break;
        case partition_method_kind::contiguous:
            t.result = contiguous_partition(c.size(), request.parts);
            break;
        case partition_method_kind::metis:
            t.result = metis_partition(c, request.parts, request.metis).result;
            break;
    }
    t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return t;
}

}  // namespace brainemu
