#pragma once
// voltages.bin as written by src/io/voltage_writer.cpp (layout: docs/formats.md).

#include <cstdint>
#include <filesystem>
#include <vector>

namespace brainemu::report {

struct voltage_file {
    double dt_ms = 0.0;
    std::vector<std::uint64_t> neurons;  // columns
    std::vector<std::uint32_t> steps;    // one per frame
    std::vector<float> v_mV;             // frames x columns, row-major

    [[nodiscard]] float at(std::size_t frame, std::size_t column) const {
        return v_mV[frame * neurons.size() + column];
    }
};

[[nodiscard]] voltage_file read_voltage_file(const std::filesystem::path& path);

}  // namespace brainemu::report
