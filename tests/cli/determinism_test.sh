#!/usr/bin/env bash
# spikes.bin is byte-identical for 1, 2 and 3 threads and across repeated runs with one seed,
# on Brunel and on the microcircuit at scale 0.1 (issue: engine core). Usage: BRAINEMU=... $0 EXAMPLES_DIR
set -euo pipefail
examples=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
check() {
    local name=$1 exp=$2; shift 2
    for t in 1 2 3; do
        "$BRAINEMU" run "$exp" --out "$work/$name-$t" --threads "$t" "$@" >/dev/null
    done
    "$BRAINEMU" run "$exp" --out "$work/$name-again" --threads 2 "$@" >/dev/null
    local n
    n=$(( ($(stat -c %s "$work/$name-1/spikes.bin") - 32) / 8 ))
    [ "$n" -gt 1000 ] || { echo "FAIL $name: only $n spikes"; exit 1; }
    for other in 2 3 again; do
        cmp "$work/$name-1/spikes.bin" "$work/$name-$other/spikes.bin" ||
            { echo "FAIL $name: threads 1 vs $other differ"; exit 1; }
    done
    "$BRAINEMU" run "$exp" --out "$work/$name-seed" --threads 2 --seed 2 "$@" >/dev/null
    if cmp -s "$work/$name-1/spikes.bin" "$work/$name-seed/spikes.bin"; then
        echo "FAIL $name: another seed gave the same spikes"; exit 1
    fi
    echo "ok $name: $n spikes identical for 1, 2, 3 threads and a repeat"
}
check brunel "$examples/brunel.toml" --duration-ms 200
check microcircuit "$examples/microcircuit.toml" --duration-ms 300 --set network.scale=0.1
