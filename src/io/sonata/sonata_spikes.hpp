#pragma once
// SONATA spike files. Read: the 1.0 layout /spikes/<population>/{timestamps, node_ids} and the
// older /spikes/{timestamps, gids} (one unnamed population; the example inputs use it). Write:
// the 1.0 layout, timestamps float64 with attribute units = "ms", node_ids uint64, attribute
// sorting on the population group (a string, as BMTK writes it; the reader also accepts
// libsonata's enum), the root's magic (0x0A7A) and version [0, 1]; atomically (a temporary
// file beside the target, renamed into place).

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace brainemu {

struct sonata_spikes {
    std::string population;  // "" for the old layout
    std::vector<double> timestamps_ms;
    std::vector<std::uint64_t> node_ids;
};

// Every population of the file. Throws input_error naming the file and dataset.
[[nodiscard]] std::vector<sonata_spikes> read_sonata_spikes(const std::filesystem::path& path);

enum class sonata_sorting { none, by_id, by_time };

// Writes the populations (sorted as `sorting` says: stable by time, or by node id then time).
// Throws resource_error if the file cannot be written.
void write_sonata_spikes(const std::filesystem::path& path, std::vector<sonata_spikes> spikes,
                         sonata_sorting sorting = sonata_sorting::by_time);

}  // namespace brainemu
