#!/usr/bin/env bash
# Bad input: non-zero exit (3), one message naming the file and field, nothing in --out.
set -uo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
expect_error() {
    local what=$1 pattern=$2 text=$3
    printf '%s\n' "$text" >"$work/exp.toml"
    "$BRAINEMU" run "$work/exp.toml" --out "$work/out" >"$work/stdout" 2>"$work/stderr"
    local rc=$?
    if [ "$rc" -ne 3 ]; then echo "FAIL $what: exit $rc, expected 3"; fail=1; fi
    if ! grep -q -- "$pattern" "$work/stderr"; then
        echo "FAIL $what: message '$(cat "$work/stderr")' lacks '$pattern'"; fail=1
    fi
    if [ -e "$work/out" ]; then echo "FAIL $what: output directory was created"; fail=1; fi
    rm -rf "$work/out"
    echo "ok $what: $(cat "$work/stderr")"
}
net='[network]
builtin = "brunel"'
expect_error "negative dt" "exp.toml:2: simulation.dt_ms: must be > 0" "[simulation]
dt_ms = -0.1
$net"
expect_error "unknown model" "model.name: unknown model 'izh'" "$net
[model]
name = \"izh\""
expect_error "misspelled field" "did you mean 'duration_ms'" "[simulation]
duraton_ms = 10.0
$net"
expect_error "missing network" "network: required table is missing" "[simulation]
dt_ms = 0.1"
expect_error "unknown population" "unknown population 'E2'" "$net
[[stimulus]]
kind = \"dc\"
population = \"E2\"
amplitude_pA = 10.0"
expect_error "short delay" "delay_ms: 0.05 ms is shorter than one step" "$net
delay_ms = 0.05"
micro='[network]
builtin = "microcircuit"
scale = 0.02'
expect_error "negative capacitance of one population's model" \
    "model.override\[0\].params.c_m_pF: must be > 0, got -250 (the model of population L5E)" "$micro
[[model.override]]
population = \"L5E\"
name = \"adex\"
params = { c_m_pF = -250.0 }"
expect_error "zero time constant" "model.params.tau_syn_ex_ms: must be > 0, got 0 (every neuron)" "$micro
[model]
name = \"lif_cond_exp\"
params = { tau_syn_ex_ms = 0.0 }"
expect_error "HH step too large" "model.params.substeps: dt_ms / substeps = 0.1 / 1" "$micro
[model]
name = \"hh\"
params = { substeps = 1 }"
expect_error "unknown population for a model" "model.override\[0\].population: unknown population 'L7E'" "$micro
[[model.override]]
population = \"L7E\"
name = \"hh\""
# Saturate or refuse, never wrap (#18): input sums are 64-bit fixed point. An edge of 1e19 mV
# (it drove a neuron to -3.6e15 mV, exit 0), 1e39 (infinite as float32) and a Brunel drive of
# 1e16 Hz (eta = 1e12: minutes for 10 steps) are refused; 1e4 Poisson events per step of
# 1,000 mV each (within the 1e6 cap; it gave 0 spikes) drive the neurons to fire.
printf 'source,target,weight_mV,delay_ms\n0,1,1e19,1.0\n' >"$work/huge.csv"
printf 'source,target,weight_mV,delay_ms\n0,1,1e39,1.0\n' >"$work/inf.csv"
expect_error "edge weight past the fixed-point range" "weights: input to one neuron could sum past the 64-bit" "[network]
edge_list = \"huge.csv\"
neurons = 2
[model]
name = \"lif_psc_delta\""
expect_error "edge weight past float32" "within float32's range" "[network]
edge_list = \"inf.csv\"
neurons = 2
[model]
name = \"lif_psc_delta\""
expect_error "Brunel drive past 1e6 events per step" "network.eta: the Brunel external drive would be 1e+16 Hz" "[network]
builtin = \"brunel\"
eta = 1e12"
printf '%s\n' "[simulation]
duration_ms = 10.0
$net
[[stimulus]]
kind = \"poisson\"
population = \"E\"
rate_hz = 1e8
weight_mV = 1000.0" >"$work/exp.toml"
"$BRAINEMU" run "$work/exp.toml" --out "$work/out" >"$work/stdout" 2>&1
if ! grep -qE "^spikes [1-9]" "$work/stdout"; then
    echo "FAIL 1e8 Hz x 1000 mV Poisson drive: no spikes: $(cat "$work/stdout")"; fail=1
else
    echo "ok 1e8 Hz x 1000 mV Poisson drive: $(grep '^spikes' "$work/stdout")"
fi
rm -rf "$work/out"

# Messages that misled: a folder as the edge list ("file is empty"), and a --set value with a
# line break, whose second line TOML read as another key and dropped.
expect_error "edge list is a folder" "is a directory, not a CSV file" "[network]
edge_list = \"$work\"
neurons = 2
[model]
name = \"lif_psc_delta\""
printf '%s\n' "$net" >"$work/exp.toml"
"$BRAINEMU" run "$work/exp.toml" --set $'network.scale=0.1\nnetwork.eta=5' --out "$work/out" \
    >/dev/null 2>"$work/stderr"
rc=$?
if [ "$rc" -ne 3 ] || ! grep -q "the value holds a line break" "$work/stderr" || [ -e "$work/out" ]; then
    echo "FAIL --set with a line break: exit $rc, '$(cat "$work/stderr")'"; fail=1
else
    echo "ok --set with a line break: $(cat "$work/stderr")"
fi

# A network that cannot fit in memory is refused before building (exit 4, resources), by a
# floor estimate, not killed by the kernel part way: 1e8 neurons at the default in-degree
# need over 1 TB.
printf '[network]\nbuiltin = "cortex_sheet"\nneurons = 100000000\n' >"$work/exp.toml"
"$BRAINEMU" run "$work/exp.toml" --out "$work/out" >/dev/null 2>"$work/stderr"
rc=$?
if [ "$rc" -ne 4 ] || ! grep -q "refused before building" "$work/stderr" || [ -e "$work/out" ]; then
    echo "FAIL a network too large for memory: exit $rc, '$(cat "$work/stderr")'"; fail=1
else
    echo "ok a network too large for memory: $(cat "$work/stderr")"
fi

# A seed past 2^63 - 1 is refused, as the same value in the experiment file is (it was clamped).
printf '%s\n' "$net" >"$work/exp.toml"
for seed in 9223372036854775808 -1 7x; do
    "$BRAINEMU" run "$work/exp.toml" --seed "$seed" --out "$work/out" >/dev/null 2>"$work/stderr"
    rc=$?
    if [ "$rc" -ne 3 ] || ! grep -q -- "--seed: must be a whole number" "$work/stderr" ||
        [ -e "$work/out" ]; then
        echo "FAIL --seed $seed: exit $rc, '$(cat "$work/stderr")'"; fail=1
    else
        echo "ok --seed $seed: $(cat "$work/stderr")"
    fi
done
"$BRAINEMU" run "$work/missing.toml" --out "$work/out" >/dev/null 2>&1
[ $? -eq 2 ] || { echo "FAIL missing file: expected usage exit 2"; fail=1; }
exit $fail
