#include "report/voltage_file.hpp"

#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "report/binary_file.hpp"

namespace brainemu::report {

voltage_file read_voltage_file(const std::filesystem::path& path) {
    constexpr std::size_t header = 32;
    const std::vector<std::byte> bytes = read_binary(path);
    if (bytes.size() < header || std::memcmp(bytes.data(), "BEVOLTS1", 8) != 0) {
        damaged(path, "not a brainemu voltages.bin (no BEVOLTS1 header)");
    }
    // Version 1 names columns by 32-bit ids, 2 by 64-bit.
    const auto version = read_pod<std::uint32_t>(bytes, 8);
    if (version != 1 && version != 2) {
        damaged(path, fmt::format("version {}; this reader knows versions 1 and 2", version));
    }
    const std::uint64_t id_bytes = version == 1 ? 4 : 8;
    voltage_file f;
    const std::uint64_t columns = read_pod<std::uint32_t>(bytes, 12);
    f.dt_ms = read_pod<double>(bytes, 16);
    if (!(f.dt_ms > 0.0) || !std::isfinite(f.dt_ms)) {
        damaged(path, fmt::format("dt_ms = {} in the header", f.dt_ms));
    }
    const auto frames = read_pod<std::uint64_t>(bytes, 24);
    const std::uint64_t frame_bytes = 4 + 4 * columns;
    const std::uint64_t expected = header + id_bytes * columns + frames * frame_bytes;
    if (frames > bytes.size() || bytes.size() != expected) {
        damaged(path, fmt::format("{} columns and {} frames need {} bytes, the file has {}; "
                                  "truncated or not committed",
                                  columns, frames, expected, bytes.size()));
    }
    f.neurons.resize(columns);
    for (std::size_t c = 0; c < columns; ++c) {
        f.neurons[c] = version == 1 ? read_pod<std::uint32_t>(bytes, header + 4 * c)
                                    : read_pod<std::uint64_t>(bytes, header + 8 * c);
    }
    f.steps.resize(frames);
    f.v_mV.resize(frames * columns);
    std::size_t at = header + id_bytes * columns;
    for (std::size_t i = 0; i < frames; ++i) {
        f.steps[i] = read_pod<std::uint32_t>(bytes, at);
        std::memcpy(f.v_mV.data() + i * columns, bytes.data() + at + 4, 4 * columns);
        at += frame_bytes;
    }
    return f;
}

}  // namespace brainemu::report
