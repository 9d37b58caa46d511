#pragma once
// What `brainemu info` reports about a connectome (and Connectome.info() in Python): sizes,
// degrees, transmitters, the engine's weight and delay forms and bytes per synapse (measured
// by building the store as a run would), provenance. One place for both.

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "network/connectome.hpp"

namespace brainemu {

// The store is built with Shiu's signs, this unit weight and delay, one block per core.
struct info_assumptions {
    double unit_weight = 1.0;
    double delay_ms = 1.8;
    double dt_ms = 0.1;
};

[[nodiscard]] nlohmann::json connectome_info(const std::shared_ptr<const connectome>& c,
                                             const std::string& file, double load_s,
                                             const info_assumptions& a = {});

}  // namespace brainemu
