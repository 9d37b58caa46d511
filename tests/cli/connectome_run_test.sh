#!/usr/bin/env bash
# Experiments on real connectomes through the command line (issue: real connectomes in):
# C. elegans with gap junctions gives identical spikes for 1, 2 and 3 threads; `info --json`
# reports the larva's counts; the FlyWire sugar example runs (on the real v630 neuron list with
# a few hand-written connections, as the connection list itself is not here) and summarises
# MN9 across trials; the zebrafish and MICrONS examples run.
# Usage: BRAINEMU=... $0 EXAMPLES_DIR DATA_DIR. Exit 77 (skipped) without the data.
set -euo pipefail
examples=$1
data=$2
[ -d "$data/celegans_cook2019" ] || { echo "SKIP: $data has no connectome data"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
q() { "$@" >/dev/null; }

q "$BRAINEMU" import --format cook2019 "$data/celegans_cook2019/cook2019_hermaphrodite_chemical_edgelist.csv" \
    "$data/celegans_cook2019/cook2019_herm_gap_jn_symmetric_edgelist.csv" \
    --transmitters "$data/celegans_neurotransmitters_bentley2016/Bentley_et_al_2016_expression.csv" \
    --out "$work/ce.bcx"
for t in 1 2 3; do
    q "$BRAINEMU" run "$examples/celegans.toml" --out "$work/ce$t" --threads "$t" --duration-ms 300 \
        --set network.connectome="$work/ce.bcx" --set simulation.trials=1
done
n=$(( ($(stat -c %s "$work/ce1/spikes.bin") - 32) / 8 ))
[ "$n" -gt 200 ] || { echo "FAIL C. elegans: only $n spikes"; exit 1; }
cmp "$work/ce1/spikes.bin" "$work/ce2/spikes.bin" && cmp "$work/ce1/spikes.bin" "$work/ce3/spikes.bin" ||
    { echo "FAIL C. elegans with gap junctions: spikes differ between thread counts"; exit 1; }
echo "ok C. elegans (chemical + gap junctions): $n spikes identical for 1, 2, 3 threads"

q "$BRAINEMU" import --format larva "$data/drosophila_larva_winding2023_full/unmatched_full_edgelist.csv" \
    "$data/drosophila_larva_winding2023_full/unmatched_full_nodes.csv" --out "$work/larva.bcx"
"$BRAINEMU" info "$work/larva.bcx" --json > "$work/info.json"
/usr/bin/python3 - "$work/info.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
expect = dict(neurons=3013, synapses=111243, synapse_count=353859, gap_junctions=0)
for k, v in expect.items():
    assert j[k] == v, (k, j[k], v)
assert 1.0 < j["bytes_per_synapse"] < 16.0, j["bytes_per_synapse"]
print(f"ok info --json: {expect}, {j['bytes_per_synapse']:.2f} bytes per synapse")
PY
q "$BRAINEMU" run "$examples/larva.toml" --out "$work/larva" --duration-ms 200 \
    --set network.connectome="$work/larva.bcx" --set simulation.trials=2
[ -f "$work/larva/trial-001/spikes.bin" ] && grep -q "^# rates over 2 trials" "$work/larva/trials.csv" ||
    { echo "FAIL larva: no per-trial outputs"; exit 1; }
echo "ok larva: 2 trials, $(($(wc -l < "$work/larva/trials.csv") - 2)) neurons in trials.csv"

# Sugar GRNs -> MN9 with 40 synapses each, on the real v630 neuron list.
{
    echo "Presynaptic_ID,Postsynaptic_ID,Connectivity,Excitatory"
    for id in 720575940624963786 720575940630233916 720575940637568838 720575940638202345; do
        echo "$id,720575940660219265,40,1"
    done
} > "$work/conn.csv"
q "$BRAINEMU" import --format shiu "$data/flywire_shiu2024/2023_03_23_completeness_630_final.csv" \
    "$work/conn.csv" --out "$work/fly.bcx"
q "$BRAINEMU" run "$examples/flywire_sugar.toml" --out "$work/sugar" --duration-ms 200 \
    --set network.connectome="$work/fly.bcx" --set simulation.trials=3
mn9=$(grep "^[0-9]*,720575940660219265," "$work/sugar/trials.csv" | cut -d, -f4)
awk -v r="$mn9" 'BEGIN { exit !(r > 10) }' || { echo "FAIL sugar: MN9 at $mn9 Hz"; exit 1; }
echo "ok sugar example on the v630 neuron list: MN9 at $mn9 Hz over 3 trials"

for ex in zebrafish microns; do
    case $ex in
    zebrafish) q "$BRAINEMU" import --format zebrafish \
        "$data/zebrafish_hindbrain_vishwanathan2024/zfish609_edgelist.csv" \
        "$data/zebrafish_hindbrain_vishwanathan2024/zfish609_nodes.csv" --out "$work/$ex.bcx" ;;
    microns) q "$BRAINEMU" import --format microns \
        "$data/mouse_v1_layer23_pinky100_microns/soma_subgraph_synapses_spines_v185.csv" \
        "$data/mouse_v1_layer23_pinky100_microns/soma_valence_v185.csv" --out "$work/$ex.bcx" ;;
    esac
    q "$BRAINEMU" run "$examples/$ex.toml" --out "$work/$ex" --duration-ms 400 \
        --set network.connectome="$work/$ex.bcx"
    echo "ok $ex example"
done
