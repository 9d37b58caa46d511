#!/usr/bin/env bash
# MPI without hangs: a rank that fails alone (rank 0 cannot write its output) or dies (SIGKILL)
# ends the whole job within 10 s, the message naming the rank; an error every rank has is
# printed once; the summary and the voltages are the job's. Exit 77 where MPI is not built or
# mpirun is absent.
set -uo pipefail
examples=$1
if ! command -v mpirun >/dev/null || ! "$BRAINEMU" --version | grep -q "mpi: yes"; then
    echo "SKIP: no MPI backend or mpirun"
    exit 77
fi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
printf '[simulation]\nduration_ms = 100000.0\n[network]\nbuiltin = "brunel"\nscale = 0.2\n' \
    >"$work/brunel.toml"

# Rank 0 alone fails: its output folder is a file. It used to wait in MPI_Finalize while
# rank 1 spun in a collective, for ever.
touch "$work/a_file"
start=$(date +%s)
timeout 60 mpirun -np 2 "$BRAINEMU" run "$work/brunel.toml" --out "$work/a_file" \
    >"$work/log" 2>&1
rc=$?
took=$(($(date +%s) - start))
if [ "$rc" -eq 0 ] || [ "$rc" -eq 124 ] || [ "$took" -gt 10 ] ||
    ! grep -q "rank 0 of 2: $work/a_file: cannot create output directory" "$work/log"; then
    echo "FAIL rank 0's resource error: exit $rc after $took s"; cat "$work/log"; fail=1
else
    echo "ok rank 0's resource error ends the job in $took s (exit $rc)"
fi

# One rank killed mid-run: the other must not wait for it.
timeout 60 mpirun -np 2 "$BRAINEMU" run "$work/brunel.toml" --out "$work/killed" \
    >"$work/log" 2>&1 &
job=$!
victim=""
for _ in $(seq 1 100); do
    victim=$(pgrep -f -- "--out $work/killed" | while read -r p; do
        [ "$(ps -o comm= -p "$p")" = brainemu ] && echo "$p"; done | tail -1)
    [ -n "$victim" ] && [ -e "$work/killed/config.toml" ] && break
    sleep 0.1
done
if [ -z "$victim" ]; then
    echo "FAIL no rank to kill"; fail=1
else
    kill -KILL "$victim"
    start=$(date +%s)
    wait "$job"
    rc=$?
    took=$(($(date +%s) - start))
    if [ "$rc" -eq 0 ] || [ "$rc" -eq 124 ] || [ "$took" -gt 10 ]; then
        echo "FAIL a killed rank: the job ended after $took s with exit $rc"; cat "$work/log"; fail=1
    else
        echo "ok a killed rank ends the job in $took s (exit $rc)"
    fi
fi

# An input error both ranks find is printed once, not once per rank.
printf '[network]\nbuiltin = "brunel"\nscale = -1\n' >"$work/bad.toml"
timeout 60 mpirun -np 2 "$BRAINEMU" run "$work/bad.toml" --out "$work/bad" >"$work/log" 2>&1
rc=$?
n=$(grep -c "^brainemu: error:" "$work/log")
if [ "$n" -ne 1 ] || [ -e "$work/bad" ]; then
    echo "FAIL an error every rank has: printed $n times, exit $rc"; cat "$work/log"; fail=1
else
    echo "ok an error every rank has is printed once: $(grep '^brainemu: error:' "$work/log")"
fi
# The summary gives the job's figures, not rank 0's (it said "7718 neurons, 696687 synapses"
# for a microcircuit whose ranks held 2,988,807 together).
"$BRAINEMU" run "$work/brunel.toml" --duration-ms 20 --out "$work/one" >"$work/one.log" 2>&1
timeout 60 mpirun -np 2 "$BRAINEMU" run "$work/brunel.toml" --duration-ms 20 --out "$work/two" \
    >"$work/two.log" 2>&1
one=$(grep -o '[0-9]* synapses' "$work/one.log" | head -1)
two=$(grep -o '[0-9]* synapses' "$work/two.log" | head -1)
if [ -z "$one" ] || [ "$one" != "$two" ] || ! grep -q "over 2 ranks" "$work/two.log"; then
    echo "FAIL the summary under 2 ranks: '$two' against one process's '$one'"; cat "$work/two.log"; fail=1
else
    echo "ok the summary under 2 ranks: $two, as one process"
fi
# The Brunel example records voltages: under 2 ranks its spikes and voltages are one
# process's, byte for byte (it was refused: "not supported yet").
"$BRAINEMU" run "$examples/brunel.toml" --duration-ms 200 --out "$work/v1" >/dev/null 2>&1
timeout 120 mpirun -np 2 "$BRAINEMU" run "$examples/brunel.toml" --duration-ms 200 \
    --out "$work/v2" >"$work/log" 2>&1 || { echo "FAIL Brunel under 2 ranks"; cat "$work/log"; fail=1; }
for f in spikes.bin voltages.bin; do
    if ! cmp -s "$work/v1/$f" "$work/v2/$f"; then
        echo "FAIL Brunel under 2 ranks: $f differs from one process's"; fail=1
    fi
done
[ "$fail" -eq 0 ] && echo "ok Brunel under 2 ranks: spikes.bin and voltages.bin are one process's"
exit $fail
