#!/usr/bin/env bash
# A SONATA circuit runs from its own simulation_config.json (issue: real connectomes in):
# 300_intfire writes spikes.bin and spikes.h5 in SONATA's layout, with the same spikes, the same
# for 1 and 2 threads. Usage: BRAINEMU=... $0 DATA_DIR. Exit 77 (skipped) without the data.
set -euo pipefail
data=$1
config="$data/sonata_examples/300_intfire/simulation_config.json"
if [ ! -f "$config" ]; then
    echo "SKIP: $config is absent (set BRAINEMU_DATA to the shared data folder)"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for t in 1 2; do
    "$BRAINEMU" run "$config" --out "$work/t$t" --threads "$t" >/dev/null
done
cmp "$work/t1/spikes.bin" "$work/t2/spikes.bin" || { echo "FAIL: 1 vs 2 threads differ"; exit 1; }
cmp "$work/t1/spikes.h5" "$work/t2/spikes.h5" >/dev/null ||
    echo "note: spikes.h5 files differ byte-wise (HDF5 metadata); their contents are compared below"
/usr/bin/python3 - "$work/t1" <<'PY'
import struct, sys
import h5py, numpy as np
d = sys.argv[1]
raw = open(f"{d}/spikes.bin", "rb").read()
dt = struct.unpack_from("<d", raw, 16)[0]
rec = np.frombuffer(raw[32:], dtype=[("step", "<u4"), ("neuron", "<u4")])
with h5py.File(f"{d}/spikes.h5", "r") as f:
    pops = list(f["spikes"].keys())
    assert pops == ["v1"], pops
    g = f["spikes/v1"]
    sorting = g.attrs["sorting"]
    sorting = sorting.decode() if isinstance(sorting, bytes) else str(sorting)
    assert sorting == "by_time", sorting
    ts, ids = g["timestamps"][:], g["node_ids"][:]
    assert g["timestamps"].attrs["units"] in (b"ms", "ms"), g["timestamps"].attrs["units"]
assert len(ts) == len(rec) > 1000, (len(ts), len(rec))
assert np.all(np.diff(ts) >= 0), "not sorted by time"
# v1 is the only simulated population, its node ids are the connectome's indices.
assert np.allclose(ts, rec["step"] * dt) and np.array_equal(ids, rec["neuron"]), "contents differ"
print(f"ok: {len(ts)} spikes of 300 IntFire1 cells in SONATA layout, identical to spikes.bin")
PY
# The circuit also imports into a .bcx with its own weights and delays.
"$BRAINEMU" import --format sonata "$(dirname "$config")/circuit_config.json" --out "$work/c.bcx" >/dev/null
"$BRAINEMU" info "$work/c.bcx" --json | /usr/bin/python3 -c '
import json, sys
j = json.load(sys.stdin)
assert j["neurons"] == 300 and j["synapses"] == 61560 and j["edge_weights"] == "1" and j["edge_delays"], j
print("ok: 300_intfire imported into a .bcx: 300 neurons, 61,560 edges with their own weights and delays")'
