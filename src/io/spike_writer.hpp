#pragma once
// spikes.bin (and spikes.csv on request), written through core's spike_sink.
//
// spikes.bin, little-endian (docs/formats.md):
//   0  char[8]  "BESPIKE1"
//   8  uint32   version: 1 for networks of at most 2^32 neurons, else 2
//   12 uint32   bytes per record: 8 (version 1) or 12 (version 2)
//   16 float64  dt_ms
//   24 uint64   record count
//   32 records  {uint32 step, uint32 neuron} (version 1) or {uint32 step, uint64 neuron}
//               packed (version 2), sorted by (step, neuron)
// A spike at step n happened in the step from n*dt to (n+1)*dt; spikes.csv writes n*dt.

#include <filesystem>
#include <optional>
#include <vector>

#include "core/atomic_file.hpp"
#include "core/index_range.hpp"
#include "core/spike_sink.hpp"

namespace brainemu {

class spike_writer final : public spike_sink {
public:
    // `neurons`: the network's size, which chooses the record's width.
    spike_writer(const std::filesystem::path& dir, double dt_ms, neuron_id neurons, bool csv);
    void write(std::span<const spike_record> spikes) override;
    // Completes the header and renames the files into place.
    void commit();
    [[nodiscard]] std::uint64_t count() const { return count_; }

private:
    double dt_ms_;
    int decimals_;
    bool wide_;
    atomic_file bin_;
    std::optional<atomic_file> csv_;
    std::uint64_t count_ = 0;
    std::string buffer_;
    std::vector<std::byte> records_;
};

// The version and record size of spikes.bin for a network of `neurons` neurons.
struct spike_file_layout {
    std::uint32_t version, record_bytes;
};
[[nodiscard]] constexpr spike_file_layout spike_layout_for(neuron_id neurons) {
    return neurons > (neuron_id{1} << 32) ? spike_file_layout{2, 12} : spike_file_layout{1, 8};
}

// Decimal places that print every multiple of dt exactly (0.1 -> 1, 0.025 -> 3).
[[nodiscard]] int decimals_for(double dt_ms);

}  // namespace brainemu
