#pragma once
// Reading the run's binary outputs whole, with every size checked against the header, so a
// truncated or foreign file is an input_error naming it rather than garbage in a plot.

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <vector>

#include "core/input_error.hpp"

namespace brainemu::report {

// The file's bytes; input_error if it cannot be read.
[[nodiscard]] std::vector<std::byte> read_binary(const std::filesystem::path& path);

[[noreturn]] void damaged(const std::filesystem::path& path, std::string_view problem);

template <class T>
T read_pod(const std::vector<std::byte>& bytes, std::size_t offset) {
    T v;
    std::memcpy(&v, bytes.data() + offset, sizeof(T));
    return v;
}

}  // namespace brainemu::report
