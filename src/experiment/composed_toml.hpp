#pragma once
// [[network.population]] and [[network.projection]]: a network composed by rules and arrays
// (docs/experiments.md, "Composed networks"), read and written back for config.toml.

#include <toml++/toml.h>

#include "experiment/network_spec.hpp"
#include "experiment/toml_reader.hpp"

namespace brainemu {

// Reads [network]'s weight_unit, psc_tau_ms, populations and projections (delays in steps of
// dt_ms; array files relative to `base`). Throws input_error naming the field.
[[nodiscard]] composed_spec read_composed(toml_reader& network, double dt_ms,
                                          const std::filesystem::path& base);
void write_composed(const composed_spec& c, toml::table& network);

}  // namespace brainemu
