#pragma once
// The binary connectome format (.bcx, docs/formats.md): a versioned header, a table of
// sections each with its own checksum (xxh64), written atomically and loaded by mmap so that
// the big arrays are used in place.

#include <filesystem>

#include "network/connectome.hpp"

namespace brainemu {

// Writes `c` to `path` through a temporary file and a rename: the file is complete or absent.
// Throws resource_error on I/O failure.
void write_bcx(const connectome& c, const std::filesystem::path& path);

// Maps `path` and checks its header and every section's checksum. Throws input_error naming
// the file (and section) for anything that is not an intact .bcx of a version this build reads.
[[nodiscard]] connectome read_bcx(const std::filesystem::path& path);

}  // namespace brainemu
