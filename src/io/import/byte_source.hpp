#pragma once
// A file's bytes, decompressed on the fly by extension (.gz: zlib, .zst: zstd, else plain), so
// the table reader streams files far larger than memory (Codex lists ~16 M connections).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace brainemu {

class byte_source {
public:
    virtual ~byte_source() = default;
    // Fills up to `size` bytes; 0 at the end. Throws input_error naming the file for a corrupt
    // compressed stream, resource_error for an I/O failure.
    virtual std::size_t read(char* buffer, std::size_t size) = 0;
};

// Throws input_error if the file cannot be opened.
[[nodiscard]] std::unique_ptr<byte_source> open_byte_source(const std::filesystem::path& path);

// Called while byte sources read their files: (path, bytes of the file read so far, its size),
// at most every 200 ms per thread and once at each file's end, so that `brainemu import` can
// show how far a long import is (compressed files: bytes of the compressed file). Empty: none.
using read_progress_fn =
    std::function<void(const std::string& path, std::uint64_t done, std::uint64_t total)>;
void set_read_progress(read_progress_fn f);

}  // namespace brainemu
