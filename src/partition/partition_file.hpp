#pragma once
// The partition file (.part, docs/partitioning.md): a 40-byte header naming the connectome it
// was made for, then one uint32 part index per neuron, little-endian. Written atomically; read
// back only for the connectome it was made for.

#include <cstdint>
#include <filesystem>
#include <optional>

#include "network/connectome.hpp"
#include "partition/partition.hpp"

namespace brainemu {

// xxh64 of the connectome's dataset ids and names in neuron order: equal ones mean the part
// indices refer to the same neurons, whatever the synapses (a partition may be applied to a
// re-import with corrected synapses, not to another neuron list). Names count because
// name-keyed datasets (C. elegans) use the row in the import as id.
[[nodiscard]] std::uint64_t connectome_fingerprint(const connectome& c);

struct stored_partition {
    partition result;
    partition_method_kind method = partition_method_kind::round_robin;
};

// Throws resource_error on I/O failure; the file is then absent.
void write_partition(const std::filesystem::path& path, const partition& p,
                     partition_method_kind method, const connectome& c);

// Throws input_error naming `path` for a file that is not an intact partition file (wrong
// magic, unknown version, truncated or too long, damaged, a part index >= K), that was made for
// a connectome of another size or with other ids, or whose K differs from `expected_parts`.
[[nodiscard]] stored_partition read_partition(const std::filesystem::path& path,
                                              const connectome& c,
                                              std::optional<std::uint32_t> expected_parts = {});

}  // namespace brainemu
