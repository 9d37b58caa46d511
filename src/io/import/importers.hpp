#pragma once
// Text-format connectome importers (docs/importers.md). Each reads its inputs into a
// connectome_builder and returns the finished connectome; every problem in the files is an
// input_error naming file, line and column. import_connectome() dispatches by format name.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "io/import/import_options.hpp"
#include "network/connectome.hpp"

namespace brainemu {

using import_inputs = std::vector<std::filesystem::path>;

[[nodiscard]] connectome import_codex(const import_inputs& inputs, const import_options& options);
[[nodiscard]] connectome import_shiu(const import_inputs& inputs, const import_options& options);
[[nodiscard]] connectome import_cook2019(const import_inputs& inputs,
                                         const import_options& options);
[[nodiscard]] connectome import_varshney2011(const import_inputs& inputs,
                                             const import_options& options);
[[nodiscard]] connectome import_larva(const import_inputs& inputs, const import_options& options);
[[nodiscard]] connectome import_zebrafish(const import_inputs& inputs,
                                          const import_options& options);
[[nodiscard]] connectome import_microns(const import_inputs& inputs, const import_options& options);
[[nodiscard]] connectome import_edgelist(const import_inputs& inputs,
                                         const import_options& options);

// The names import_connectome() knows, in the order `brainemu import --help` lists them.
[[nodiscard]] std::vector<std::string> import_format_names();

// Checks the format name (suggesting the closest), the number of inputs and that each exists
// and is a file, runs the importer and rejects options it did not use.
[[nodiscard]] connectome import_connectome(std::string_view format, const import_inputs& inputs,
                                           const import_options& options);

}  // namespace brainemu
