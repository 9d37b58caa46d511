#pragma once
// Files that appear complete or not at all: written to "<path>.tmp-<pid>" and renamed on commit.
// A writer destroyed without commit() removes its temporary file.

#include <cstdio>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

namespace brainemu {

class atomic_file {
public:
    explicit atomic_file(std::filesystem::path path);
    ~atomic_file();
    atomic_file(const atomic_file&) = delete;
    atomic_file& operator=(const atomic_file&) = delete;

    void write(std::span<const std::byte> bytes);
    void write(std::string_view text);
    template <class T>
    void write_pod(const T& value) {
        write(std::as_bytes(std::span<const T>(&value, 1)));
    }
    // Overwrites bytes at an absolute offset (headers whose counts are known only at the end).
    void write_at(long offset, std::span<const std::byte> bytes);
    // Flushes, syncs and renames into place. Throws resource_error on failure.
    void commit();
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
    std::filesystem::path tmp_;
    std::FILE* file_ = nullptr;
};

// Writes a whole text file atomically.
void write_file_atomic(const std::filesystem::path& path, std::string_view text);

}  // namespace brainemu
