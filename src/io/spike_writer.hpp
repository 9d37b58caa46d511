#pragma once
// spikes.bin (and spikes.csv on request), written through core's spike_sink.
//
// spikes.bin, little-endian (docs/formats.md):
//   0  char[8]  "BESPIKE1"
//   8  uint32   version = 1
//   12 uint32   bytes per record = 8
//   16 float64  dt_ms
//   24 uint64   record count
//   32 records  {uint32 step, uint32 neuron}, sorted by (step, neuron)
// A spike at step n happened in the step from n*dt to (n+1)*dt; spikes.csv writes n*dt.

#include <filesystem>
#include <optional>

#include "core/atomic_file.hpp"
#include "core/spike_sink.hpp"

namespace brainemu {

class spike_writer final : public spike_sink {
public:
    spike_writer(const std::filesystem::path& dir, double dt_ms, bool csv);
    void write(std::span<const spike_record> spikes) override;
    // Completes the header and renames the files into place.
    void commit();
    [[nodiscard]] std::uint64_t count() const { return count_; }

private:
    double dt_ms_;
    int decimals_;
    atomic_file bin_;
    std::optional<atomic_file> csv_;
    std::uint64_t count_ = 0;
    std::string buffer_;
};

// Decimal places that print every multiple of dt exactly (0.1 -> 1, 0.025 -> 3).
[[nodiscard]] int decimals_for(double dt_ms);

}  // namespace brainemu
