#pragma once
// NeuroML 2 cells as the Allen Cell Types Database exports its perisomatic models
// (Cell_<id>.cell.nml): a <cell>'s <biophysicalProperties> (channel densities, capacitance and
// axial resistivity per segment group) and the <concentrationModel> of its calcium. The
// morphology comes from the SWC file beside it (read_morphology); the segment groups named
// are the section types "soma", "axon", "dend", "apic" and "all".
//
// Every value carries its unit ("0.98 S_per_cm2", "-107.0 mV"); brainemu converts the units
// NeuroML defines for each quantity and refuses others. Every error names the file, line and
// attribute: an element brainemu does not model (nothing is skipped silently), a channel it has
// no kernel for, a missing density or reversal, a group it does not know, a value that is not a
// finite number.

#include <filesystem>

#include "models/cable/biophysics.hpp"

namespace brainemu {

[[nodiscard]] cell_biophysics read_neuroml_cell(const std::filesystem::path& path);

}  // namespace brainemu
