#!/usr/bin/env bash
# A dry run (--dry-run-rank R --dry-run-ranks K) builds and runs one rank alone:
# - with the other ranks' spikes replayed from a recorded run, it reproduces that rank exactly:
#   its spikes are the recorded run's spikes of its neurons, and its books (neurons, synapses,
#   updates, events, spikes, spikes and bytes received, resident bytes but the recorders) are
#   those of rank R in a real 4-rank mpirun with contiguous parts (where MPI is built);
# - replicating its own activity on a cortex sheet, its bytes per synapse stay within 10 % of
#   a one-process run, and it reports the whole network's size beside its own;
# - beyond 2^32 neurons, its spikes keep 64-bit ids through spikes.bin, spikes.csv and the
#   report, within 5 % of the bytes per synapse of a rank of a network below 2^32;
# - what it cannot stand in for is refused with a message naming the option.
# Usage: BRAINEMU=... $0 EXAMPLES_DIR
set -euo pipefail
examples=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
py=/usr/bin/python3
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1

# Brunel's network A without its voltage recording (a dry run records spikes only).
sed '/\[record.voltages\]/,$d' "$examples/brunel.toml" >"$work/brunel.toml"
"$BRAINEMU" run "$work/brunel.toml" --out "$work/full" --duration-ms 200 --threads 2 >/dev/null
"$BRAINEMU" run "$work/brunel.toml" --out "$work/dry" --duration-ms 200 --threads 1 \
    --dry-run-rank 1 --dry-run-ranks 4 --dry-run-replay "$work/full/spikes.bin" >/dev/null
mpi_dir=""
if command -v mpirun >/dev/null && "$BRAINEMU" --version | grep -q "mpi: yes"; then
    mpirun --oversubscribe -np 4 "$BRAINEMU" run "$work/brunel.toml" --out "$work/mpi" \
        --duration-ms 200 --threads 1 --method contiguous >/dev/null 2>"$work/mpi.err" ||
        { cat "$work/mpi.err"; echo "FAIL mpirun"; exit 1; }
    mpi_dir="$work/mpi"
else
    echo "note: no MPI backend or mpirun: the dry run is checked against the recorded spikes only"
fi
$py - "$work" "$mpi_dir" <<'PY'
import json, sys
import numpy as np
work, mpi = sys.argv[1], sys.argv[2]
def spikes(path):
    raw = open(path, "rb").read()
    n = int(np.frombuffer(raw, "<u8", 1, 24)[0])
    return np.frombuffer(raw, "<u4", 2 * n, 32).reshape(-1, 2)
full, dry = spikes(f"{work}/full/spikes.bin"), spikes(f"{work}/dry/spikes.bin")
lo, hi = 3125, 6250  # rank 1 of 4 over 12,500 neurons
mine = full[(full[:, 1] >= lo) & (full[:, 1] < hi)]
assert len(dry) > 1000, f"FAIL: the dry-run rank fired only {len(dry)} spikes"
assert np.array_equal(mine, dry), f"FAIL: {len(dry)} dry-run spikes, {len(mine)} recorded"
p = json.load(open(f"{work}/dry/profile.json"))
assert p["neurons"] == 3125 and p["network_neurons_total"] == 12500, p
assert p["network_synapses_total"] == 12500 * 1250, p
d = p["dry_run"]
assert d["rank"] == 1 and d["ranks"] == 4 and d["ranks_sending"] == 3, d
assert d["spikes_received"] > 0 and d["bytes_received"] == 8 * d["spikes_received"], d
if mpi:
    real = json.load(open(f"{mpi}/profile.json"))["partitions"][1]
    ours = p["partitions"][0]
    for key in ["neurons", "synapses", "neuron_updates", "synaptic_events", "spikes",
                "spikes_received", "bytes_received"]:
        assert real[key] == ours[key], f"FAIL {key}: mpirun {real[key]}, dry run {ours[key]}"
    # Recorders differ by design: the dry-run rank writes its own spikes (rank 1 of a real run
    # hands them to rank 0), so its gather buffer holds them.
    for key in ["state", "synapses", "ring_buffers", "stimuli"]:
        a, b = real["bytes_resident"][key], ours["bytes_resident"][key]
        assert a == b, f"FAIL bytes_resident.{key}: mpirun {a}, dry run {b}"
    print("dry run = rank 1 of mpirun -np 4:", {k: ours[k] for k in ["synapses", "spikes",
                                                                     "spikes_received"]})
print(f"replayed dry run reproduces rank 1's {len(dry)} spikes")
PY

# A cortex sheet: one rank of 16 replicating its own activity.
sheet=(--set network.neurons=20480 --set network.in_degree=500 --duration-ms 100 --threads 1)
"$BRAINEMU" run "$examples/cortex_sheet.toml" --out "$work/sheet1" "${sheet[@]}" >/dev/null
"$BRAINEMU" run "$examples/cortex_sheet.toml" --out "$work/sheet16" "${sheet[@]}" \
    --dry-run-rank 5 --dry-run-ranks 16 >/dev/null
$py - "$work" <<'PY'
import json, sys
work = sys.argv[1]
one = json.load(open(f"{work}/sheet1/profile.json"))
dry = json.load(open(f"{work}/sheet16/profile.json"))
assert dry["neurons"] == 1280 and dry["network_neurons_total"] == 20480, dry["neurons"]
assert dry["synapses"] == 1280 * 500 and dry["network_synapses_total"] == 20480 * 500
ratio = dry["bytes_per_synapse"] / one["bytes_per_synapse"]
assert abs(ratio - 1) <= 0.10, f"FAIL bytes per synapse {dry['bytes_per_synapse']} vs {one['bytes_per_synapse']}"
rate, rate1 = dry["mean_rate_hz"], one["mean_rate_hz"]
assert 0.5 * rate1 <= rate <= 2.0 * rate1, f"FAIL rate {rate} Hz, whole sheet {rate1} Hz"
d = dry["dry_run"]
assert d["stand_in"] == "replicate" and d["spikes_received"] > 0, d
print(f"sheet rank 5 of 16: {dry['bytes_per_synapse']:.3f} B/synapse ({ratio:.3f} of one "
      f"process), {rate:.1f} Hz (whole sheet {rate1:.1f} Hz), {d['spikes_received']} spikes in")
PY

# Beyond 2^32 neurons: the last rank of 500,000 of a 5e9-neuron sheet holds ids near 5e9. Its
# spikes keep them (spikes.bin version 2: 12-byte records; spikes.csv), the report reads them,
# and naming sources above 2^32 costs about what it costs below (a rank of a 1e9 sheet).
big=(--set network.neurons_per_column=10000 --set network.column_um=353.6
     --set network.in_degree=100 --duration-ms 50 --threads 1)
"$BRAINEMU" run "$examples/cortex_sheet.toml" --out "$work/sheet5e9" "${big[@]}" \
    --set network.neurons=5e9 --set record.csv=true \
    --dry-run-rank 499999 --dry-run-ranks 500000 >/dev/null
"$BRAINEMU" run "$examples/cortex_sheet.toml" --out "$work/sheet1e9" "${big[@]}" \
    --set network.neurons=1e9 --dry-run-rank 4321 --dry-run-ranks 100000 >/dev/null
"$BRAINEMU" report "$work/sheet5e9" >/dev/null
$py - "$work" <<'PY'
import json, sys
import numpy as np
work = sys.argv[1]
raw = open(f"{work}/sheet5e9/spikes.bin", "rb").read()
version, record_bytes = np.frombuffer(raw, "<u4", 2, 8)
n = int(np.frombuffer(raw, "<u8", 1, 24)[0])
assert (version, record_bytes) == (2, 12), (version, record_bytes)
spk = np.frombuffer(raw, [("step", "<u4"), ("neuron", "<u8")], n, 32)
first = 5_000_000_000 - 10_000
assert n > 100 and spk["neuron"].min() >= first and spk["neuron"].max() < 5_000_000_000, n
csv = np.loadtxt(f"{work}/sheet5e9/spikes.csv", delimiter=",", skiprows=1, dtype=np.float64)
assert np.array_equal(csv[:, 1].astype(np.uint64), spk["neuron"]), "spikes.csv ids differ"
p = json.load(open(f"{work}/sheet5e9/profile.json"))
q = json.load(open(f"{work}/sheet1e9/profile.json"))
assert p["network_neurons_total"] == 5_000_000_000 and p["dry_run"]["first_neuron"] == first, p
# Far sources of a 5x larger sheet lie ~5x further apart: log2(5) = 2.3 more bits each in the
# source index (~2 % here); 64-bit ids stored plainly would cost ~30 % more.
ratio = p["bytes_per_synapse"] / q["bytes_per_synapse"]
assert abs(ratio - 1) <= 0.05, f"FAIL {p['bytes_per_synapse']} B/synapse above 2^32, {q['bytes_per_synapse']} below"
print(f"5e9-neuron sheet, last rank: {n} spikes of ids {spk['neuron'].min()}..{spk['neuron'].max()}, "
      f"{p['bytes_per_synapse']:.3f} B/synapse ({ratio:.4f} of a 1e9 sheet's rank)")
PY

expect_error() {  # PATTERN ARGS...
    local pattern=$1; shift
    if "$BRAINEMU" run "$work/brunel.toml" --out "$work/bad" --duration-ms 10 "$@" \
        >"$work/bad.out" 2>&1; then
        echo "FAIL: $* was accepted"; exit 1
    fi
    grep -q -- "$pattern" "$work/bad.out" || { cat "$work/bad.out"; echo "FAIL: $*"; exit 1; }
    [ ! -e "$work/bad" ] || { echo "FAIL: $* left $work/bad behind"; exit 1; }
}
expect_error "--dry-run-rank" --dry-run-rank 4 --dry-run-ranks 4
expect_error "--dry-run-ranks" --dry-run-rank 1
expect_error "--method" --dry-run-rank 0 --dry-run-ranks 2 --method round-robin
expect_error "--dry-run-rank" --dry-run-rank 0 --dry-run-ranks 2 --parts 2
echo "dry run: ok"
