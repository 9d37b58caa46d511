#!/usr/bin/env bash
# Imports the real connectomes the examples use from the shared data folder into connectomes/
# (never committed): bash scripts/import-examples.sh [DATA_DIR]. Needs a built brainemu
# (bash scripts/demo.sh builds one). Datasets whose files are absent are skipped with a note.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${1:-${BRAINEMU_DATA:-$root/../shared/data}}
brainemu=${BRAINEMU:-$root/build/release/brainemu}
out=$root/connectomes
mkdir -p "$out"
[ -x "$brainemu" ] || { echo "no brainemu at $brainemu: build first (bash scripts/demo.sh)"; exit 2; }

import() {  # NAME FORMAT FILES... [-- OPTIONS...]
    local name=$1 format=$2; shift 2
    local files=() opts=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do files+=("$data/$1"); shift; done
    [ $# -gt 0 ] && { shift; opts=("$@"); }
    for f in "${files[@]}"; do
        [ -f "$f" ] || { echo "skip $name: $f is absent"; return 0; }
    done
    "$brainemu" import --format "$format" "${files[@]}" --out "$out/$name.bcx" "${opts[@]}"
}

import celegans_cook2019 cook2019 \
    celegans_cook2019/cook2019_hermaphrodite_chemical_edgelist.csv \
    celegans_cook2019/cook2019_herm_gap_jn_symmetric_edgelist.csv -- \
    --transmitters "$data/celegans_neurotransmitters_bentley2016/Bentley_et_al_2016_expression.csv"
import celegans_varshney2011 varshney2011 celegans_varshney2011/CElegansNeuronTables_Connectome.csv
import larva larva \
    drosophila_larva_winding2023_full/unmatched_full_edgelist.csv \
    drosophila_larva_winding2023_full/unmatched_full_nodes.csv \
    drosophila_larva_winding2023_full/meta_data.csv
import zebrafish609 zebrafish \
    zebrafish_hindbrain_vishwanathan2024/zfish609_edgelist.csv \
    zebrafish_hindbrain_vishwanathan2024/zfish609_nodes.csv
import microns_pinky100 microns \
    mouse_v1_layer23_pinky100_microns/soma_subgraph_synapses_spines_v185.csv \
    mouse_v1_layer23_pinky100_microns/soma_valence_v185.csv
echo "connectomes in $out:"; ls -la "$out"
