#!/usr/bin/env bash
# Checkpoint and restart in any layout (docs/formats.md, "Checkpoints"): for Brunel, the
# microcircuit at scale 0.1 and C. elegans, a checkpoint at T/2 under layout A resumed under
# layout B gives, from T/2 on, the spikes (and voltages) of the uninterrupted run, byte for byte,
# for A -> B in {1x1 -> 2x2, 2x1 -> 1x2, round-robin -> METIS, 4 parts -> 1} (ranks x threads;
# MPI pairs run in one process with as many parts when the build has no MPI); the checkpoint's
# state.bin is the same bytes whatever layout wrote it. Then: a longer --duration-ms extends a
# run; SIGINT with --checkpoint-every leaves a checkpoint that resumes exactly; only the latest
# periodic checkpoint is kept; another experiment, a damaged or newer-format checkpoint, a
# checkpoint past the end, and runs that cannot checkpoint are refused with exit 3 and nothing
# written; a killed writer's temporary checkpoint is removed by the next run.
# Usage: BRAINEMU=... BRAINEMU_DATA=... $0 EXAMPLES_DIR
set -euo pipefail
examples=$(realpath "$1")
data=${BRAINEMU_DATA:-}
BRAINEMU=$(realpath "$BRAINEMU")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "$0")/mpi_layouts.sh" "ranks x threads layouts run as parts in one process"

# The records of spikes.bin (or frames of voltages.bin) at or after step S in A equal all of B's.
tail_equal() {  # FULL RESUMED STEP
    /usr/bin/python3 - "$@" <<'PY'
import struct, sys
def spikes(path):
    raw = open(path, "rb").read()
    assert raw[:8] == b"BESPIKE1"
    (count,) = struct.unpack_from("<Q", raw, 24)
    return [struct.unpack_from("<II", raw, 32 + 8 * i) for i in range(count)]
def frames(path):
    raw = open(path, "rb").read()
    assert raw[:8] == b"BEVOLTS1"
    _, columns = struct.unpack_from("<II", raw, 8)
    (count,) = struct.unpack_from("<Q", raw, 24)
    head = 32 + 4 * columns
    size = 4 + 4 * columns
    return [(struct.unpack_from("<I", raw, head + size * i)[0], raw[head + size * i: head + size * (i + 1)])
            for i in range(count)]
full, resumed, step = sys.argv[1], sys.argv[2], int(sys.argv[3])
read = spikes if full.endswith("spikes.bin") else frames
a = [r for r in read(full) if r[0] >= step]
b = read(resumed)
if a != b:
    sys.exit(f"FAIL {resumed}: {len(b)} records, the uninterrupted run has {len(a)} from step {step}")
PY
}

# Runs the experiment in layout L (RxT: R ranks x T threads; or "pK-METHOD": K parts in one
# process) with extra arguments.
run_in() {  # LAYOUT OUT ARGS...
    local l=$1 out=$2; shift 2
    case $l in
    p*)
        local k=${l#p}; local m=${k#*-}; k=${k%%-*}
        "$BRAINEMU" run "$@" --out "$out" --threads "$k" --parts "$k" --method "$m" >"$out.log" 2>&1 ;;
    *)
        local r=${l%x*} t=${l#*x}
        if [ "$r" -gt 1 ] && [ $mpi = 1 ]; then
            mpirun -np "$r" "$BRAINEMU" run "$@" --out "$out" --threads "$t" >"$out.log" 2>&1
        elif [ "$r" -gt 1 ]; then
            "$BRAINEMU" run "$@" --out "$out" --threads "$((r * t))" --parts "$((r * t))" \
                --method round-robin >"$out.log" 2>&1
        else
            "$BRAINEMU" run "$@" --out "$out" --threads "$t" >"$out.log" 2>&1
        fi ;;
    esac || { cat "$out.log"; echo "FAIL: $l run into $out"; exit 1; }
}

matrix() {  # NAME HALF_MS STEP_AT_HALF EXPERIMENT ARGS...
    local name=$1 half=$2 step=$3; shift 3
    "$BRAINEMU" run "$@" --out "$work/$name-ref" --threads 1 >/dev/null
    local n=$(( ($(stat -c %s "$work/$name-ref/spikes.bin") - 32) / 8 ))
    [ "$n" -gt 100 ] || { echo "FAIL $name: only $n spikes"; exit 1; }
    for pair in "1x1 2x2" "2x1 1x2" "p2-round-robin p2-metis" "p4-round-robin 1x1"; do
        local a=${pair% *} b=${pair#* }
        run_in "$a" "$work/$name-$a" "$@" --checkpoint-at "$half"
        local ck="$work/$name-$a/checkpoint-${half}ms"
        [ -f "$ck/state.bin" ] || { echo "FAIL $name: no checkpoint from $a"; exit 1; }
        # Writing a checkpoint changes nothing in the run that writes it.
        cmp -s "$work/$name-ref/spikes.bin" "$work/$name-$a/spikes.bin" ||
            { echo "FAIL $name: the run that wrote the checkpoint under $a differs"; exit 1; }
        cmp -s "$work/$name-1x1/checkpoint-${half}ms/state.bin" "$ck/state.bin" ||
            { echo "FAIL $name: state.bin written under $a differs from 1x1's"; exit 1; }
        run_in "$b" "$work/$name-$a-$b" --resume "$ck"
        tail_equal "$work/$name-ref/spikes.bin" "$work/$name-$a-$b/spikes.bin" "$step"
        if [ -f "$work/$name-ref/voltages.bin" ]; then
            tail_equal "$work/$name-ref/voltages.bin" "$work/$name-$a-$b/voltages.bin" "$step"
        fi
    done
    echo "ok $name: resumed at $half ms, {1x1 -> 2x2, 2x1 -> 1x2, round-robin -> METIS, 4 parts -> 1} give the uninterrupted run's spikes$( [ -f "$work/$name-ref/voltages.bin" ] && echo " and voltages"); state.bin identical from every layout ($(stat -c %s "$work/$name-1x1/checkpoint-${half}ms/state.bin") bytes)"
}

matrix brunel 100 1000 "$examples/brunel.toml" --duration-ms 200
matrix microcircuit 50 500 "$examples/microcircuit.toml" --set network.scale=0.1 --duration-ms 100
if [ -n "$data" ] && [ -d "$data/celegans_cook2019" ]; then
    "$BRAINEMU" import --format cook2019 \
        "$data/celegans_cook2019/cook2019_hermaphrodite_chemical_edgelist.csv" \
        "$data/celegans_cook2019/cook2019_herm_gap_jn_symmetric_edgelist.csv" --out "$work/ce.bcx" >/dev/null
    matrix celegans 200 2000 "$examples/celegans.toml" --duration-ms 400 \
        --set network.connectome="$work/ce.bcx" --set simulation.trials=1
else
    echo "note: no C. elegans data under '$data': C. elegans skipped"
fi

small=("$examples/brunel.toml")
ck="$work/brunel-1x1/checkpoint-100ms"

# A longer duration continues the same run: the spikes of an uninterrupted 300 ms run, with a
# stimulus that lasts to the end (no stop_ms) lasting to the new end.
cat >"$work/driven.toml" <<'TOML'
[simulation]
duration_ms = 200.0
[network]
builtin = "brunel"
scale = 0.2
eta = 0.9
[[stimulus]]
population = "E"
kind = "poisson"
rate_hz = 400.0
weight_mV = 0.5
TOML
"$BRAINEMU" run "$work/driven.toml" --checkpoint-at 100 --out "$work/driven" >/dev/null
grep -q stop_ms "$work/driven/checkpoint-100ms/config.toml" &&
    { echo "FAIL: config.toml fixes the end of a stimulus that lasts to the end"; exit 1; }
"$BRAINEMU" run "$work/driven.toml" --duration-ms 300 --out "$work/ref300" --threads 2 >/dev/null
"$BRAINEMU" run --resume "$work/driven/checkpoint-100ms" --duration-ms 300 --out "$work/to300" \
    --threads 2 >/dev/null
tail_equal "$work/ref300/spikes.bin" "$work/to300/spikes.bin" 1000
"$BRAINEMU" run "$work/driven.toml" --resume "$work/driven/checkpoint-100ms" --duration-ms 300 \
    --out "$work/to300b" >/dev/null
cmp -s "$work/to300/spikes.bin" "$work/to300b/spikes.bin" ||
    { echo "FAIL: the experiment file given with --resume and --duration-ms ran otherwise"; exit 1; }
echo "ok: a checkpoint of a 200 ms run resumed with --duration-ms 300 gives the 300 ms run's spikes, its stimulus lasting to the new end"

# Periodic checkpoints: only the latest stays; --checkpoint-at ones stay too.
"$BRAINEMU" run "${small[@]}" --duration-ms 200 --checkpoint-every 50 --checkpoint-at 60 --out "$work/every" >/dev/null
kept=$(cd "$work/every" && ls -d checkpoint-* | tr '\n' ' ')
[ "$kept" = "checkpoint-150ms checkpoint-60ms " ] || { echo "FAIL periodic checkpoints kept: $kept"; exit 1; }
echo "ok: --checkpoint-every 50 --checkpoint-at 60 on 200 ms keeps $kept"
"$BRAINEMU" run "${small[@]}" --duration-ms 80 --checkpoint-every 50 --checkpoint-at 60 --out "$work/every80" >/dev/null
kept=$(cd "$work/every80" && ls -d checkpoint-* | tr '\n' ' ')
[ "$kept" = "checkpoint-50ms checkpoint-60ms " ] || { echo "FAIL periodic checkpoints kept on 80 ms: $kept"; exit 1; }
# A second run into the folder replaces a checkpoint of the same name whole.
"$BRAINEMU" run "${small[@]}" --duration-ms 80 --checkpoint-at 60 --seed 2 --out "$work/every80" >/dev/null
grep -q '^seed = 2' "$work/every80/checkpoint-60ms/config.toml" && ! ls "$work/every80" | grep -q tmp ||
    { echo "FAIL: a checkpoint of the same name was not replaced whole"; exit 1; }
echo "ok: on 80 ms, periodic 50 ms stays beside 60 ms; a later run's checkpoint-60ms replaces the first whole"

# SIGINT with --checkpoint-every: a checkpoint where it stopped, which resumes exactly.
"$BRAINEMU" run "$examples/brunel.toml" --duration-ms 100000 --checkpoint-every 50000 \
    --out "$work/stopped" >"$work/stopped.log" 2>&1 &
pid=$!
sleep "$(/usr/bin/python3 -c 'import random; print(round(random.uniform(1.0, 3.0), 2))')"
kill -INT $pid
set +e; wait $pid; rc=$?; set -e
[ $rc = 130 ] || { cat "$work/stopped.log"; echo "FAIL: SIGINT gave exit $rc"; exit 1; }
stop=$(cd "$work/stopped" && ls -d checkpoint-*ms) || { echo "FAIL: no checkpoint at the stop"; exit 1; }
ms=${stop#checkpoint-}; ms=${ms%ms}
ls "$work/stopped" | grep -q '\.tmp-' && { echo "FAIL: a temporary survived the stop"; exit 1; }
end=$(/usr/bin/python3 -c "print($ms + 50)")
"$BRAINEMU" run "$examples/brunel.toml" --duration-ms "$end" --out "$work/stop-ref" --threads 2 >/dev/null
"$BRAINEMU" run --resume "$work/stopped/$stop" --duration-ms "$end" --out "$work/stop-resumed" >/dev/null
step=$(/usr/bin/python3 -c "print(round($ms / 0.1))")
tail_equal "$work/stop-ref/spikes.bin" "$work/stop-resumed/spikes.bin" "$step"
tail_equal "$work/stop-ref/spikes.bin" "$work/stopped/spikes.bin" 0 2>/dev/null && {
    echo "FAIL: the stopped run's spikes.bin holds the whole run"; exit 1; } || true
echo "ok: SIGINT at $ms ms left $stop; resumed to $end ms it gives the uninterrupted run's spikes"

refused() {  # WHAT EXPECTED_TEXT ARGS...
    local what=$1 text=$2; shift 2
    rm -rf "$work/refused"
    set +e
    "$BRAINEMU" run "$@" --out "$work/refused" 2>"$work/refused.err" >/dev/null
    local rc=$?
    set -e
    [ $rc = 3 ] && grep -q -- "$text" "$work/refused.err" && [ ! -e "$work/refused/spikes.bin" ] ||
        { cat "$work/refused.err"; echo "FAIL $what: exit $rc, expected 3 and '$text'"; exit 1; }
    echo "ok refused $what: $(head -c 200 "$work/refused.err")"
}
refused "another experiment" "the checkpoint's 'g = 5.0', this experiment's 'g = 4.5'" \
    "$examples/brunel.toml" --set network.g=4.5 --resume "$ck"
refused "another seed" "seed" --resume "$ck" --seed 2
refused "a checkpoint at the end" "nothing is left to run" --resume "$ck" --duration-ms 100
cp -r "$ck" "$work/damaged"
printf '\x01' | dd of="$work/damaged/state.bin" bs=1 seek=100 conv=notrunc status=none
refused "a damaged state.bin" "the checkpoint is damaged" --resume "$work/damaged"
cp -r "$ck" "$work/newer"
sed -i 's/"version": 1/"version": 2/' "$work/newer/checkpoint.json"
refused "a newer format" "checkpoint format version 2" --resume "$work/newer"
cp -r "$ck" "$work/missing" && rm "$work/missing/state.bin"
refused "a missing file" "missing from the checkpoint" --resume "$work/missing"
cp -r "$ck" "$work/truncated" && truncate -s 1000 "$work/truncated/state.bin"
refused "a truncated state.bin" "the checkpoint is damaged" --resume "$work/truncated"
refused "not a checkpoint" "not a checkpoint directory" --resume "$examples"
refused "a name over 255 bytes" "not a checkpoint directory" --resume "$work/$(printf 'y%.0s' {1..300})"
refused "several trials" "one-trial experiments" "${small[@]}" --duration-ms 200 --set simulation.trials=2 --checkpoint-at 50
refused "the GPU engine" "CPU engine" "${small[@]}" --duration-ms 200 --backend emulated --checkpoint-at 50
refused "a time outside the run" "is not inside the run" "${small[@]}" --duration-ms 200 --checkpoint-at 200

# A writer killed mid-checkpoint leaves NAME.tmp-PID, which the next run into the folder removes.
mkdir -p "$work/killed/checkpoint-100ms.tmp-999999999" && touch "$work/killed/checkpoint-100ms.tmp-999999999/state.bin"
"$BRAINEMU" run "${small[@]}" --duration-ms 20 --out "$work/killed" >"$work/killed.log"
[ ! -e "$work/killed/checkpoint-100ms.tmp-999999999" ] && grep -q "removed" "$work/killed.log" ||
    { echo "FAIL: a killed writer's checkpoint temporary survived"; exit 1; }
echo "ok: a killed writer's temporary checkpoint is removed by the next run"

# The commands of docs/formats.md ("Checkpoints"), as written there.
(cd "$work" && mkdir -p docs && cd docs && ln -s "$examples" examples &&
    "$BRAINEMU" run examples/brunel.toml --out out/brunel --checkpoint-at 500 >/dev/null &&
    "$BRAINEMU" run --resume out/brunel/checkpoint-500ms --out out/brunel-rest --threads 1 >/dev/null)
tail_equal "$work/docs/out/brunel/spikes.bin" "$work/docs/out/brunel-rest/spikes.bin" 5000
tail_equal "$work/docs/out/brunel/voltages.bin" "$work/docs/out/brunel-rest/voltages.bin" 5000
echo "ok: docs/formats.md's checkpoint and resume commands give the whole run's spikes and voltages from 500 ms"
