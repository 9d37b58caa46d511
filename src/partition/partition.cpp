#include "partition/partition.hpp"

#include <fmt/format.h>

#include "core/closest_name.hpp"
#include "core/input_error.hpp"

namespace brainemu {

std::vector<std::string> partition_method_names() {
    return {"round-robin", "contiguous", "metis"};
}

std::string_view to_string(partition_method_kind m) {
    switch (m) {
        case partition_method_kind::round_robin:
            return "round-robin";
        case partition_method_kind::contiguous:
            return "contiguous";
        case partition_method_kind::metis:
            return "metis";
    }
    return "?";
}

partition_method_kind parse_partition_method(std::string_view name, std::string_view field) {
    if (name == "round-robin") {
        return partition_method_kind::round_robin;
    }
    if (name == "contiguous") {
        return partition_method_kind::contiguous;
    }
    if (name == "metis") {
        return partition_method_kind::metis;
    }
    throw input_error({"", 0, std::string(field)},
                      unknown_name_message("partition method", name, partition_method_names()));
}

void check_part_count(std::uint32_t parts, std::uint32_t neurons, std::string_view field) {
    if (parts < 1) {
        throw input_error({"", 0, std::string(field)},
                          fmt::format("{} parts: must be at least 1", parts));
    }
    if (parts > neurons) {
        throw input_error({"", 0, std::string(field)},
                          fmt::format("{} parts for {} neurons: a part would be empty (at most {})",
                                      parts, neurons, neurons));
    }
}

partition round_robin_partition(std::uint32_t neurons, std::uint32_t parts) {
    check_part_count(parts, neurons, "parts");
    partition p{.parts = parts, .part_of = std::vector<std::uint32_t>(neurons)};
    for (std::uint32_t i = 0; i < neurons; ++i) {
        p.part_of[i] = i % parts;
    }
    return p;
}

partition contiguous_partition(std::uint32_t neurons, std::uint32_t parts) {
    check_part_count(parts, neurons, "parts");
    partition p{.parts = parts, .part_of = std::vector<std::uint32_t>(neurons)};
    const std::uint32_t base = neurons / parts, larger = neurons % parts;
    std::uint32_t i = 0;
    for (std::uint32_t k = 0; k < parts; ++k) {
        const std::uint32_t n = base + (k < larger ? 1 : 0);
        for (std::uint32_t j = 0; j < n; ++j) {
            p.part_of[i++] = k;
        }
    }
    return p;
}

}  // namespace brainemu
