#pragma once
// SWC morphology files (Cannon et al. 1998; the NeuroMorpho and Allen Cell Types form): one
// point a line, "id type x y z radius parent", '#' comments. Every error names the file, line
// and field; the structure (parents, cycles, the soma) is checked by sections_from_swc.

#include <filesystem>
#include <vector>

#include "models/cable/morphology.hpp"

namespace brainemu {

// Reads every point. Refuses: a line of other than 7 fields, a field that is not a number (or
// not an integer where one is due), an id below 1 or seen before, a type other than 1 (soma),
// 2 (axon), 3 (basal dendrite) or 4 (apical dendrite), a radius that is not positive and
// finite, a parent below -1.
[[nodiscard]] std::vector<swc_point> read_swc(const std::filesystem::path& path);

// read_swc, sections_from_swc: the file's sections as NEURON's Import3d builds them.
[[nodiscard]] morphology read_morphology(const std::filesystem::path& path);

}  // namespace brainemu
