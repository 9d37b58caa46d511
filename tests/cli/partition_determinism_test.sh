#!/usr/bin/env bash
# Determinism across layouts (issue: scale out): spikes.bin is byte-identical for ranks x
# threads in {1x1, 1x2, 2x1, 2x2, 4x1} and for every partitioner (round-robin, contiguous,
# METIS), on Brunel, the microcircuit at scale 0.1 and C. elegans (gap junctions); the traffic
# matrix of an MPI run equals --virtual-parts K's for K = 2 and 4; --virtual-parts K books hold the
# synapse bytes --parts K holds, part by part; bytes per synapse at 8, 128 and 1,024 parts are
# within 10% of 1 part's; ranks that disagree or a
# partition file for another connectome stop with a clear error.
# Usage: BRAINEMU=... $0 EXAMPLES_DIR DATA_DIR. MPI layouts are skipped (with a note) when the
# build has no MPI backend or mpirun is missing; C. elegans when the data is absent.
set -euo pipefail
examples=$1
data=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "$0")/mpi_layouts.sh" "checking one-process layouts only"
run() {  # NAME RANKS THREADS METHOD ARGS...
    local name=$1 ranks=$2 threads=$3 method=$4; shift 4
    if [ "$ranks" -gt 1 ]; then
        mpirun --oversubscribe -np "$ranks" "$BRAINEMU" run "$@" --out "$work/$name" \
            --threads "$threads" --method "$method" >/dev/null 2>"$work/$name.err" ||
            { cat "$work/$name.err"; echo "FAIL $name"; exit 1; }
    else
        "$BRAINEMU" run "$@" --out "$work/$name" --threads "$threads" --parts "$threads" \
            --method "$method" >/dev/null
    fi
}
check() {  # NAME EXPERIMENT ARGS...
    local name=$1 exp=$2; shift 2
    "$BRAINEMU" run "$exp" "$@" --out "$work/$name-ref" --threads 1 >/dev/null
    local n=$(( ($(stat -c %s "$work/$name-ref/spikes.bin") - 32) / 8 ))
    [ "$n" -gt 100 ] || { echo "FAIL $name: only $n spikes"; exit 1; }
    local layouts="1x1 1x2"
    [ $mpi = 1 ] && layouts="$layouts 2x1 2x2 4x1"
    for m in round-robin contiguous metis; do
        for l in $layouts; do
            run "$name-$m-$l" "${l%x*}" "${l#*x}" "$m" "$exp" "$@"
            cmp -s "$work/$name-ref/spikes.bin" "$work/$name-$m-$l/spikes.bin" ||
                { echo "FAIL $name: $m, ranks x threads $l differs from one thread"; exit 1; }
        done
    done
    echo "ok $name: $n spikes identical for ranks x threads {$layouts} x {round-robin, contiguous, metis}"
}
# Virtual parts keep the books of real ones: each part's synapse storage under --virtual-parts K
# (each part built alone) is byte for byte what --parts K holds (its own partition's blocks).
for km in "8 metis" "128 contiguous" "1024 round-robin"; do
    k=${km% *}; m=${km#* }
    for mode in parts virtual-parts; do
        "$BRAINEMU" run "$examples/microcircuit.toml" --set network.scale=0.1 --duration-ms 20 \
            --threads 2 --$mode "$k" --method "$m" --out "$work/books-$mode-$k" >/dev/null
    done
    /usr/bin/python3 - "$work/books-parts-$k" "$work/books-virtual-parts-$k" <<'PY'
import json, sys
real, virt = (json.load(open(f"{d}/profile.json"))["partitions"] for d in sys.argv[1:])
a = [p["bytes_resident"]["synapses"] for p in real]
b = [p["bytes_resident"]["synapses"] for p in virt]
assert len(a) == len(b) and a == b, f"FAIL synapse bytes per part: --parts {a[:4]}, --virtual-parts {b[:4]}"
per_synapse = sum(a) / sum(p["synapses"] for p in real)
print(f"ok {len(a)} parts: --virtual-parts books hold --parts' synapse bytes ({per_synapse:.2f} B/synapse)")
PY
done
# Bytes per synapse do not depend on the layout: 1, 8, 128 and 1,024 real parts of the
# microcircuit (round-robin, so that each part hears from most of the network: a 1,024th holds
# ~2,900 synapses from ~2,400 of its 7,718 sources) hold within 10% of 1 part's bytes per
# synapse, and the same spikes.
for k in 1 8 128; do
    "$BRAINEMU" run "$examples/microcircuit.toml" --set network.scale=0.1 --duration-ms 20 \
        --threads 2 --parts "$k" --method round-robin --out "$work/books-parts-$k" >/dev/null
done
/usr/bin/python3 - "$work" <<'PY'
import filecmp, json, sys
def per_synapse(k):
    p = json.load(open(f"{sys.argv[1]}/books-parts-{k}/profile.json"))
    held = sum(q["bytes_resident"]["synapses"] for q in p["partitions"])
    assert len(p["partitions"]) == k, f"FAIL --parts {k} ran {len(p['partitions'])} parts"
    return held / sum(q["synapses"] for q in p["partitions"])
one = per_synapse(1)
for k in (8, 128, 1024):
    r = per_synapse(k) / one
    assert abs(r - 1) <= 0.10, f"FAIL {k} parts hold {per_synapse(k):.3f} B/synapse, {r:.3f}x 1 part's {one:.3f}"
    assert filecmp.cmp(f"{sys.argv[1]}/books-parts-1/spikes.bin",
                       f"{sys.argv[1]}/books-parts-{k}/spikes.bin", shallow=False), f"FAIL {k} parts: other spikes"
print("ok bytes per synapse at 1 / 8 / 128 / 1,024 parts: " +
      " / ".join(f"{per_synapse(k):.2f}" for k in (1, 8, 128, 1024)) + ", the same spikes")
PY
# Brunel without voltage recording (not supported across ranks yet).
printf '[simulation]\nduration_ms = 100.0\n[network]\nbuiltin = "brunel"\nscale = 0.2\n' > "$work/brunel.toml"
check brunel "$work/brunel.toml"
check microcircuit "$examples/microcircuit.toml" --duration-ms 100 --set network.scale=0.1
if [ -d "$data/celegans_cook2019" ]; then
    "$BRAINEMU" import --format cook2019 \
        "$data/celegans_cook2019/cook2019_hermaphrodite_chemical_edgelist.csv" \
        "$data/celegans_cook2019/cook2019_herm_gap_jn_symmetric_edgelist.csv" --out "$work/ce.bcx" >/dev/null
    check celegans "$examples/celegans.toml" --duration-ms 400 --set network.connectome="$work/ce.bcx" \
        --set simulation.trials=1
    # A partition made for another connectome is refused.
    "$BRAINEMU" import --format varshney2011 "$data/celegans_varshney2011/CElegansNeuronTables_Connectome.csv" \
        --out "$work/va.bcx" >/dev/null
    "$BRAINEMU" partition "$work/va.bcx" --parts 2 --method metis --out "$work/va.part" >/dev/null
    set +e
    "$BRAINEMU" run "$examples/celegans.toml" --out "$work/bad" --set network.connectome="$work/ce.bcx" \
        --partition "$work/va.part" 2>"$work/bad.err"
    rc=$?
    set -e
    [ $rc = 3 ] && grep -q "va.part" "$work/bad.err" && [ ! -e "$work/bad/spikes.bin" ] ||
        { cat "$work/bad.err"; echo "FAIL: a partition for another connectome was not refused"; exit 1; }
    echo "ok: a partition file for another connectome is refused: $(head -c 160 "$work/bad.err")"
else
    echo "note: $data has no C. elegans data: skipped"
fi
if [ $mpi = 1 ]; then
    for k in 2 4; do
        for m in round-robin metis; do
            mpirun --oversubscribe -np $k "$BRAINEMU" run "$examples/microcircuit.toml" --duration-ms 100 \
                --set network.scale=0.1 --threads 1 --method $m --out "$work/mpi-$k" >/dev/null 2>&1
            "$BRAINEMU" run "$examples/microcircuit.toml" --duration-ms 100 --set network.scale=0.1 \
                --virtual-parts $k --method $m --out "$work/virt-$k" >/dev/null
            /usr/bin/python3 - "$work/mpi-$k/profile.json" "$work/virt-$k/profile.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert a["partitioning"]["counted"] == "at the MPI call sites", a["partitioning"]
assert a["traffic"] == b["traffic"], (a["traffic"], b["traffic"])
assert sum(map(sum, a["traffic"]["spikes"])) > 0
PY
            echo "ok K=$k $m: the MPI run's traffic matrix equals --virtual-parts $k's"
        done
    done
    "$BRAINEMU" profile "$work/mpi-4" --json | /usr/bin/python3 -c '
import json, sys
j = json.load(sys.stdin)
assert j["partitions"] == 4, j["partitions"]
r = j["resources"]
assert r["neurons"]["total"] == 7718 and r["spikes sent"]["total"] > 0, r
print("ok profile: 4 partitions, neurons min/median/max", r["neurons"]["min"], r["neurons"]["median"], r["neurons"]["max"])'

    # Ranks that read different experiments stop together.
    set +e
    mpirun --oversubscribe -np 2 bash -c '"$0" run "$1" --out "$2" --duration-ms $((100 + OMPI_COMM_WORLD_RANK))' \
        "$BRAINEMU" "$work/brunel.toml" "$work/disagree" >"$work/disagree.log" 2>&1
    rc=$?
    set -e
    # Every rank stops (mpirun returns); the error, which every rank has, is printed once.
    [ $rc != 0 ] && [ "$(grep -c "read different experiments" "$work/disagree.log")" = 1 ] ||
        { cat "$work/disagree.log"; echo "FAIL: ranks that disagree were not stopped on every rank"; exit 1; }
    echo "ok: ranks reading different experiments stop together, the error printed once"
fi
