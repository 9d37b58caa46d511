#pragma once
// config.toml: an experiment written back as an experiment file, every field with the value
// the run used (defaults, --set and command-line options included), so that `brainemu run
// config.toml` reproduces the run.

#include <string>

#include <toml++/toml.h>

#include "experiment/experiment.hpp"

namespace brainemu {

[[nodiscard]] toml::table to_toml(const experiment& e);

// resolved_config_toml (experiment.hpp) is to_toml(e) as text, under a comment naming the file
// it came from.

}  // namespace brainemu
