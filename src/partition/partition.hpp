#pragma once
// A partition of a network's neurons into K parts: one part index per neuron. Synapses live
// with their target's part (design.md), so a partition fixes both where neurons are updated
// and where their incoming synapses are stored.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace brainemu {

struct partition {
    std::uint32_t parts = 0;             // K >= 1
    std::vector<std::uint32_t> part_of;  // per neuron, each < parts

    [[nodiscard]] std::uint32_t size() const { return static_cast<std::uint32_t>(part_of.size()); }
};

enum class partition_method_kind { round_robin, contiguous, metis };

// "round-robin", "contiguous", "metis", as the command line spells them.
[[nodiscard]] std::vector<std::string> partition_method_names();
[[nodiscard]] std::string_view to_string(partition_method_kind m);
// Throws input_error (field `field`) for an unknown name, suggesting the closest.
[[nodiscard]] partition_method_kind parse_partition_method(std::string_view name,
                                                           std::string_view field);

// Throws input_error (field `field`) unless 1 <= parts <= neurons: an empty part would hold
// nothing and every tool downstream (the engine, METIS) assumes none is empty.
void check_part_count(std::uint32_t parts, std::uint32_t neurons, std::string_view field);

// NEST's default: neuron i goes to part i mod K.
[[nodiscard]] partition round_robin_partition(std::uint32_t neurons, std::uint32_t parts);

// K ranges of consecutive ids whose sizes differ by at most one (the larger ones first), as
// the engine's split_blocks cuts a network into threads.
[[nodiscard]] partition contiguous_partition(std::uint32_t neurons, std::uint32_t parts);

}  // namespace brainemu
