#include "core/atomic_file.hpp"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>
#include <unistd.h>

#include "core/input_error.hpp"

namespace brainemu {

atomic_file::atomic_file(std::filesystem::path path)
    : path_(std::move(path)),
      tmp_(path_.string() + fmt::format(".tmp-{}", static_cast<long>(::getpid()))) {
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
        throw resource_error(fmt::format("{}: seek failed", tmp_.string()));
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
    std::error_code ec;
    std::filesystem::rename(tmp_, path_, ec);
    if (ec) {
        std::filesystem::remove(tmp_, ec);
        throw resource_error(
            fmt::format("{}: cannot rename into place: {}", path_.string(), ec.message()));
    }
}

void write_file_atomic(const std::filesystem::path& path, std::string_view text) {
    atomic_file f(path);
    f.write(text);
    f.commit();
}

}  // namespace brainemu
