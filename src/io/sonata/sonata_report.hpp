#pragma once
// SONATA membrane reports (the layout BMTK and libsonata write for compartment reports):
//   /report/<population>/data                  [time steps x elements], float64, attr units
//   /report/<population>/mapping/node_ids      the cells, one per column block
//   /report/<population>/mapping/index_pointer where each cell's columns start (cells + 1)
//   /report/<population>/mapping/element_ids   the section of each column (0: the soma)
//   /report/<population>/mapping/element_pos   the position on it (0.5: the soma's middle)
//   /report/<population>/mapping/time          [start, stop, step] in ms
// Written atomically (a temporary file beside the target, renamed into place).

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace brainemu {

struct sonata_report {
    std::string population;
    std::vector<std::uint64_t> node_ids;  // one soma column per cell
    double start_ms = 0, stop_ms = 0, step_ms = 0;
    std::string units;         // "mV", "mM"
    std::vector<double> data;  // rows of node_ids.size() values, one row per time
};

// Throws resource_error if the file cannot be written.
void write_sonata_report(const std::filesystem::path& path, const sonata_report& report);

}  // namespace brainemu
