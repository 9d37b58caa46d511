#pragma once
// What a biophysical cell model puts on its morphology (the content of an Allen perisomatic
// NeuroML cell): the passive membrane per section type, channel densities per section type,
// reversal potentials, calcium dynamics. Section types stand for NeuroML's segment groups
// "soma", "axon", "dend", "apic"; "all" is every type.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/cable/cable_tree.hpp"
#include "models/cable/channels.hpp"

namespace brainemu {

// A set of section types (bit 1 << type).
using section_mask = std::uint8_t;
inline constexpr section_mask all_sections = 0x1e;
[[nodiscard]] inline section_mask mask_of(section_type t) {
    return static_cast<section_mask>(1U << static_cast<unsigned>(t));
}

struct channel_density {
    channel_kind kind = channel_kind::NaTs;
    section_mask where = 0;
    double gbar_s_per_cm2 = 0;
};

// Calcium buffering and extrusion in a shell under the membrane (the Allen CaDynamics):
// dcai/dt = -10^4 gamma ica / (2 F depth) - (cai - min_cai) / decay.
struct calcium_dynamics {
    section_mask where = 0;
    double gamma = 0.05;  // the fraction of calcium influx left free
    double decay_ms = 80;
    double depth_um = 0.1;
    double min_cai_mm = 1e-4;
};

struct reversal {
    ion of = ion::na;
    section_mask where = 0;
    double e_mv = 0;
};

struct cell_biophysics {
    std::string source;  // the file it came from, for messages
    membrane_by_type membrane;
    // The section types the model gives a capacitance for: a morphology with others (an apical
    // dendrite on a model fitted without one) is refused rather than given a default.
    section_mask capacitance_given = all_sections;
    std::vector<channel_density> channels;
    std::vector<reversal> reversals;  // na and k; ca follows Nernst, hcn is Ih's own -45 mV
    std::optional<calcium_dynamics> calcium;
};

}  // namespace brainemu
