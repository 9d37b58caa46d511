#include "experiment/partitioning.hpp"

#include <chrono>

#include <fmt/format.h>

#include "partition/network_graph.hpp"
#include "partition/partition_file.hpp"
#include "partition/partitioner.hpp"

namespace brainemu {

chosen_partition choose_partition(const experiment& e, const partition_choice& c,
                                  unsigned threads) {
    const auto* conn = std::get_if<connectome_spec>(&e.network);
    chosen_partition out;
    if (!c.file.empty()) {
        if (conn == nullptr) {
            throw input_error({c.file.string(), 0, "--partition"},
                              "partition files belong to connectomes (brainemu partition "
                              "FILE.bcx); for a built-in or edge-list network give --parts K "
                              "and --method");
        }
        const stored_partition p = read_partition(
            c.file, *conn->data, c.parts > 0 ? std::optional(c.parts) : std::nullopt);
        out.result = p.result;
        out.method = std::string(to_string(p.method));
        return out;
    }
    partition_request req;
    req.method = parse_partition_method(c.method, "--method");
    req.parts = c.parts;
    req.metis.seed = static_cast<std::int32_t>(c.seed % 2147483647);
    out.method = std::string(to_string(req.method));
    if (e.neurons() > UINT32_MAX) {
        throw input_error({"", 0, "--method"},
                          fmt::format("a network of {} neurons is partitioned only into "
                                      "contiguous parts (a partition table holds 32-bit indices)",
                                      e.neurons()));
    }
    const auto neurons = static_cast<std::uint32_t>(e.neurons());
    check_part_count(c.parts, neurons, "--parts");
    if (req.method != partition_method_kind::metis) {
        const auto t0 = std::chrono::steady_clock::now();
        out.result = req.method == partition_method_kind::round_robin
                         ? round_robin_partition(neurons, c.parts)
                         : contiguous_partition(neurons, c.parts);
        out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        return out;
    }
    if (conn != nullptr) {
        const timed_partition t = partition_connectome(*conn->data, req);
        out.result = t.result;
        out.seconds = t.seconds;
        return out;
    }
    const built_experiment plain = build_experiment(e, threads);
    const timed_partition t = partition_connectome(connectome_of(plain.net), req);
    out.result = t.result;
    out.seconds = t.seconds;
    return out;
}

}  // namespace brainemu
