#pragma once
// A biophysical cell built in code, so that the multi-compartment rung can be described and
// timed without data files (brainemu models --measure): the size and shape of an Allen
// pyramidal reconstruction (a 10 um soma, five basal trees of 15 sections, an apical trunk with
// obliques and a tuft, 50 um sections from 2 um thick down to about 0.9 um, the axon replaced
// by the perisomatic 60 um stub; 267 compartments at dL 20 um, as the Scnn1a cell of
// 5_cells_iclamp has 264), carrying the perisomatic model of Allen Cell Types cell 472363762
// (Scnn1a: its NeuroML export's channel densities, passive parameters and calcium dynamics).

#include "models/cable/biophysics.hpp"
#include "models/cable/morphology.hpp"

namespace brainemu {

// Segmented at dL 20 um, ready for cable_group::add_cell.
[[nodiscard]] morphology reference_morphology();
[[nodiscard]] cell_biophysics reference_biophysics();

}  // namespace brainemu
