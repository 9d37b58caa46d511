#pragma once

#include <string>
#include <vector>

#include <toml++/toml.h>

#include "experiment/experiment.hpp"

namespace brainemu {

// Applies --set KEY=VALUE to the parsed experiment: KEY is a dotted path (tables are created
// as needed), VALUE is parsed as TOML and must have the type of the value it replaces (an
// integer may replace a float); a bare word that is not TOML is taken as a string.
void apply_overrides(toml::table& root, const std::vector<override_spec>& overrides,
                     const std::string& path);

// Parses "KEY=VALUE"; throws input_error (field "--set") when there is no '='.
[[nodiscard]] override_spec parse_override(const std::string& text);

}  // namespace brainemu
