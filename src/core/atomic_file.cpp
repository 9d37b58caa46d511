#include "core/atomic_file.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include "core/input_error.hpp"

namespace brainemu {

atomic_file::atomic_file(std::filesystem::path path)
    : path_(std::move(path)),
      tmp_(path_.string() + fmt::format(".tmp-{}", static_cast<long>(::getpid()))) {
    // Renaming over a directory fails only at the end, and over a device node or FIFO (as
    // root) replaces it with a regular file: refuse both before writing anything.
    std::error_code ec;
    const auto status = std::filesystem::status(path_, ec);
    if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
        throw resource_error(fmt::format(
            "{}: is {}; brainemu writes a file here only in place of a regular file",
            path_.string(),
            std::filesystem::is_directory(status) ? "a directory" : "not a regular file"));
    }
    file_ = std::fopen(tmp_.c_str(), "wb");
    if (file_ == nullptr) {
        throw resource_error(
            fmt::format("{}: cannot create file: {}", tmp_.string(), std::strerror(errno)));
    }
}

atomic_file::~atomic_file() {
    if (file_ != nullptr) {
        std::fclose(file_);
        std::error_code ignored;
        std::filesystem::remove(tmp_, ignored);
    }
}

void atomic_file::write(std::span<const std::byte> bytes) {
    if (bytes.empty()) {
        return;
    }
    if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
        throw resource_error(
            fmt::format("{}: write failed: {}", tmp_.string(), std::strerror(errno)));
    }
}

void atomic_file::write(std::string_view text) {
    write(std::as_bytes(std::span<const char>(text.data(), text.size())));
}

void atomic_file::write_at(long offset, std::span<const std::byte> bytes) {
    const long end = std::ftell(file_);
    if (std::fseek(file_, offset, SEEK_SET) != 0) {
        throw resource_error(
            fmt::format("{}: seek failed: {}", tmp_.string(), std::strerror(errno)));
    }
    write(bytes);
    std::fseek(file_, end, SEEK_SET);
}

void atomic_file::commit() {
    if (std::fflush(file_) != 0 || ::fsync(::fileno(file_)) != 0) {
        throw resource_error(
            fmt::format("{}: flush failed: {}", tmp_.string(), std::strerror(errno)));
    }
    std::fclose(file_);
    file_ = nullptr;
    if (std::rename(tmp_.c_str(), path_.c_str()) != 0) {
        const int error = errno;  // before remove() may change it
        std::error_code ignored;
        std::filesystem::remove(tmp_, ignored);
        throw resource_error(
            fmt::format("{}: cannot rename into place: {}", path_.string(), std::strerror(error)));
    }
    // The rename is durable only once the directory entry is: sync the folder too.
    const std::filesystem::path parent =
        path_.has_parent_path() ? path_.parent_path() : std::filesystem::path(".");
    const int dir = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

void write_file_atomic(const std::filesystem::path& path, std::string_view text) {
    atomic_file f(path);
    f.write(text);
    f.commit();
}

}  // namespace brainemu
