#pragma once
// spikes.bin as written by src/io/spike_writer.cpp (layout: docs/formats.md).

#include <cstdint>
#include <filesystem>
#include <vector>

namespace brainemu::report {

struct spike {
    std::uint32_t step = 0;
    std::uint64_t neuron = 0;
};

struct spike_file {
    double dt_ms = 0.0;
    std::vector<spike> spikes;  // file order: by (step, neuron)
};

// Reads both record forms (version 1: 32-bit neurons; 2: 64-bit). input_error naming the file
// if its header, size or records do not hold together.
[[nodiscard]] spike_file read_spike_file(const std::filesystem::path& path);

}  // namespace brainemu::report
