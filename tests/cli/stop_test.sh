#!/usr/bin/env bash
# Clean stops: SIGINT or SIGTERM at a random moment ends a run at a chunk boundary with exit
# 130 / 143 and complete outputs (or, before the measured run began, none), whose spikes and
# voltages equal an uninterrupted run of the same length; SIGKILL and a second SIGINT leave
# only temporaries, which the next run into the folder removes. Never a partial file under a
# final name.
set -uo pipefail
examples=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
exp="$examples/brunel.toml"

# Files under final names must be complete: profile.json parses, and spikes.bin holds exactly
# the records its header counts (docs/formats.md; the count is written at commit).
check_complete() {
    local dir=$1 what=$2
    /usr/bin/python3 - "$dir" <<'PY' || { echo "FAIL $what: an incomplete file under a final name"; fail=1; }
import json, os, struct, sys
d = sys.argv[1]
if os.path.exists(f"{d}/profile.json"):
    json.load(open(f"{d}/profile.json"))
if os.path.exists(f"{d}/spikes.bin"):
    raw = open(f"{d}/spikes.bin", "rb").read()
    assert raw[:8] == b"BESPIKE1", "magic"
    _, record_bytes = struct.unpack_from("<II", raw, 8)
    (count,) = struct.unpack_from("<Q", raw, 24)
    assert len(raw) == 32 + count * record_bytes, (len(raw), count)
PY
}

stop_with() {
    local signal=$1 expected=$2 out="$work/$1"
    "$BRAINEMU" run "$exp" --duration-ms 100000 --out "$out" >"$work/log" 2>&1 &
    local pid=$!
    sleep "$(/usr/bin/python3 -c 'import random; print(round(random.uniform(0.5, 3.0), 2))')"
    kill -"$signal" "$pid"
    wait "$pid"
    local rc=$?
    if [ "$rc" -ne "$expected" ]; then
        echo "FAIL $signal: exit $rc, expected $expected"; cat "$work/log"; fail=1; return
    fi
    if ls "$out" 2>/dev/null | grep -q '\.tmp-'; then
        echo "FAIL $signal: a temporary survived: $(ls "$out")"; fail=1
    fi
    check_complete "$out" "$signal"
    if [ ! -e "$out/profile.json" ]; then
        grep -q "during the warm-up: no outputs written" "$work/log" ||
            { echo "FAIL $signal: no profile.json and no word why"; fail=1; }
        echo "ok $signal: stopped before the measured run, nothing written"
        return
    fi
    local ms
    ms=$(/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); \
assert d['stopped_by'] == sys.argv[2], d.get('stopped_by'); print(d['simulated_ms'])" \
        "$out/profile.json" "SIG$signal") || { echo "FAIL $signal: profile.json lacks stopped_by"; fail=1; return; }
    grep -q "stopped by SIG$signal at" "$work/log" || { echo "FAIL $signal: the log does not say so"; fail=1; }
    "$BRAINEMU" run "$exp" --duration-ms "$ms" --out "$work/ref" >/dev/null 2>&1
    for f in spikes.bin voltages.bin; do
        cmp -s "$out/$f" "$work/ref/$f" || { echo "FAIL $signal: $f differs from a $ms ms run"; fail=1; }
    done
    echo "ok $signal: exit $rc after $ms ms, outputs equal an uninterrupted $ms ms run"
}
stop_with INT 130
stop_with TERM 143

# A biophysical (cable) run stops the same way: its SONATA files hold what ran, dataset for
# dataset an uninterrupted run of that length's. (Needs ../shared/data; skipped without it.)
cells="${BRAINEMU_DATA:-$examples/../../shared/data}/sonata_examples/5_cells_iclamp/config.json"
if [ -f "$cells" ]; then
    "$BRAINEMU" run "$cells" --duration-ms 400000 --out "$work/cable" >"$work/log" 2>&1 &
    pid=$!
    sleep 2
    kill -INT "$pid"
    wait "$pid"
    rc=$?
    ms=$(/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); \
assert d['stopped_by'] == 'SIGINT'; print(d['duration_ms'])" "$work/cable/cable_profile.json")
    if [ "$rc" -ne 130 ] || [ -z "$ms" ]; then
        echo "FAIL cable SIGINT: exit $rc"; cat "$work/log"; fail=1
    else
        "$BRAINEMU" run "$cells" --duration-ms "$ms" --out "$work/cable_ref" >/dev/null 2>&1
        /usr/bin/python3 - "$work/cable" "$work/cable_ref" <<'PY' || { echo "FAIL cable SIGINT: outputs differ from a $ms ms run"; fail=1; }
import sys, h5py, numpy as np
def datasets(path):
    out = {}
    h5py.File(path).visititems(lambda n, o: out.__setitem__(n, o[()]) if isinstance(o, h5py.Dataset) else None)
    return out
for name in ("spikes.h5", "membrane_potential.h5", "calcium_concentration.h5"):
    a, b = datasets(f"{sys.argv[1]}/{name}"), datasets(f"{sys.argv[2]}/{name}")
    assert a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a), name
PY
        echo "ok cable SIGINT: exit 130 after $ms ms, SONATA outputs equal an uninterrupted run's"
    fi
else
    echo "note: $cells absent: the cable stop is not checked"
fi

# SIGKILL, and a second SIGINT, end the process at once: what they leave under a final name is
# complete (a file is renamed into place only once written), the rest are temporaries, which
# the next run into the folder removes, unaffected. (Two SIGINTs that arrive before the first
# is handled are one: the run then stops cleanly.)
for how in KILL INT2; do
    out="$work/$how"
    "$BRAINEMU" run "$exp" --duration-ms 100000 --out "$out" >/dev/null 2>&1 &
    pid=$!
    sleep "$(/usr/bin/python3 -c 'import random; print(round(random.uniform(1.0, 3.0), 2))')"
    if [ "$how" = KILL ]; then
        kill -KILL "$pid"
    else
        kill -INT "$pid"; sleep 0.02; kill -INT "$pid"
    fi
    wait "$pid" 2>/dev/null
    check_complete "$out" "$how, after the kill"
    left=$(ls "$out" 2>/dev/null | grep -c '\.tmp-' || true)
    echo '<html>an earlier run</html>' >"$out/report.html"  # it would show the old run
    "$BRAINEMU" run "$exp" --duration-ms 50 --out "$out" >"$work/log" 2>&1 ||
        { echo "FAIL $how: the next run failed"; cat "$work/log"; fail=1; }
    if ls "$out" | grep -q '\.tmp-'; then echo "FAIL $how: stale temporaries kept"; fail=1; fi
    [ -e "$out/report.html" ] && { echo "FAIL $how: a stale report.html survived"; fail=1; }
    removed=$(grep -c "a temporary file that a killed run left" "$work/log" || true)
    [ "$removed" -eq "$left" ] || { echo "FAIL $how: $left left, $removed reported removed"; fail=1; }
    check_complete "$out" "$how"
    echo "ok $how: $left temporaries left, removed and reported by the next run"
done
exit $fail
