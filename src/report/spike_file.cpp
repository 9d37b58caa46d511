#include "report/spike_file.hpp"

#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "report/binary_file.hpp"

namespace brainemu::report {

spike_file read_spike_file(const std::filesystem::path& path) {
    constexpr std::size_t header = 32;
    const std::vector<std::byte> bytes = read_binary(path);
    if (bytes.size() < header || std::memcmp(bytes.data(), "BESPIKE1", 8) != 0) {
        damaged(path, "not a brainemu spikes.bin (no BESPIKE1 header)");
    }
    const auto version = read_pod<std::uint32_t>(bytes, 8);
    const auto record_bytes = read_pod<std::uint32_t>(bytes, 12);
    if (!(version == 1 && record_bytes == 8) && !(version == 2 && record_bytes == 12)) {
        damaged(path, fmt::format("version {} with {} bytes per record; this reader knows "
                                  "version 1 with 8 and version 2 with 12",
                                  version, record_bytes));
    }
    spike_file f;
    f.dt_ms = read_pod<double>(bytes, 16);
    if (!(f.dt_ms > 0.0) || !std::isfinite(f.dt_ms)) {
        damaged(path, fmt::format("dt_ms = {} in the header", f.dt_ms));
    }
    const auto count = read_pod<std::uint64_t>(bytes, 24);
    const std::uint64_t body = bytes.size() - header;
    if (body % record_bytes != 0 || body / record_bytes != count) {
        damaged(path, fmt::format("the header promises {} spikes but the file holds {} bytes of "
                                  "records ({} expected); truncated or not committed",
                                  count, body, count * record_bytes));
    }
    f.spikes.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t at = header + i * record_bytes;
        f.spikes[i].step = read_pod<std::uint32_t>(bytes, at);
        f.spikes[i].neuron = version == 1 ? read_pod<std::uint32_t>(bytes, at + 4)
                                          : read_pod<std::uint64_t>(bytes, at + 4);
    }
    for (std::size_t i = 1; i < f.spikes.size(); ++i) {
        if (f.spikes[i].step < f.spikes[i - 1].step) {
            damaged(path, fmt::format("record {} (step {}) comes after step {}: records must be "
                                      "in step order",
                                      i, f.spikes[i].step, f.spikes[i - 1].step));
        }
    }
    return f;
}

}  // namespace brainemu::report
