#pragma once
// voltages.bin (and voltages.csv on request) through core's sample_sink.
//
// voltages.bin, little-endian (docs/formats.md):
//   0  char[8]  "BEVOLTS1"
//   8  uint32   version = 1
//   12 uint32   columns (recorded neurons)
//   16 float64  dt_ms
//   24 uint64   frame count
//   32 uint32   neuron index per column
//   then frames {uint32 step, float32 v_mV[columns]}; v is the membrane voltage at the end of
//   that step.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <vector>

#include "core/atomic_file.hpp"
#include "core/index_range.hpp"
#include "core/spike_sink.hpp"

namespace brainemu {

class voltage_writer final : public sample_sink {
public:
    voltage_writer(const std::filesystem::path& dir, double dt_ms,
                   std::span<const neuron_id> neurons, bool csv);
    void write(std::uint32_t step, std::span<const float> values) override;
    void commit();

private:
    double dt_ms_;
    int decimals_;
    std::vector<neuron_id> neurons_;
    atomic_file bin_;
    std::optional<atomic_file> csv_;
    std::uint64_t frames_ = 0;
};

}  // namespace brainemu
