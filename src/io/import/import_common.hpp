#pragma once
// What every importer shares: provenance metadata, neuron lookups that report file and line,
// and the undirected gap-junction table that tolerates one-way listings.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/input_error.hpp"
#include "io/import/import_options.hpp"
#include "io/import/table_reader.hpp"
#include "network/connectome.hpp"

namespace brainemu {

inline constexpr std::string_view importer_version = "brainemu import 0.1.0";

// Records format, importer version, each input's name, size and xxh64, and the options.
void record_provenance(connectome_builder& b, std::string_view format,
                       const std::vector<std::filesystem::path>& inputs,
                       const import_options& options);

// finish() plus the counts as metadata (neurons, pairs, synapses, gap junctions).
[[nodiscard]] connectome finish_import(connectome_builder& b, const std::string& source);

// Adds the neuron of the current row; a repeated id is an input_error at that row.
std::uint32_t add_neuron_at(connectome_builder& b, const table_reader& r, std::size_t column,
                            std::int64_t id, std::string_view name = {});
// The neuron with the id in `column` of the current row; an id absent from the neuron table
// (named `table`) is an input_error at that row.
[[nodiscard]] std::uint32_t neuron_at(const connectome_builder& b, const table_reader& r,
                                      std::size_t column, std::string_view table);

// Gap junction files list pairs once per direction, but not always both directions with the
// same count (Cook 2019: 4 pairs, Varshney 2011: 35). A pair's count is the larger of its two
// listings; a neuron's junctions with itself are dropped. Both are counted in the metadata.
class gap_table {
public:
    void add(std::uint32_t a, std::uint32_t b, std::uint32_t count);
    void flush(connectome_builder& b);

private:
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::pair<std::uint32_t, std::uint32_t>>
        pairs_;  // (low, high) -> (count listed low->high, high->low)
    std::uint64_t self_ = 0;
};

}  // namespace brainemu
