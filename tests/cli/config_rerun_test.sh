#!/usr/bin/env bash
# config.toml reproduces its run: running it again gives the same spikes.bin byte for byte and
# the same config.toml, for runs shaped by --set, --threads, --duration-ms and --seed, and for
# an experiment using every section (stimuli of each kind, model overrides, silencing, labels,
# voltages, summary). Usage: BRAINEMU=... $0 EXAMPLES_DIR
set -euo pipefail
examples=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
check() {
    local name=$1 exp=$2; shift 2
    "$BRAINEMU" run "$exp" --out "$work/$name" "$@" >/dev/null
    "$BRAINEMU" run "$work/$name/config.toml" --out "$work/$name-again" >/dev/null
    cmp "$work/$name/spikes.bin" "$work/$name-again/spikes.bin" ||
        { echo "FAIL $name: config.toml gave other spikes"; exit 1; }
    [ "$(stat -c %s "$work/$name/spikes.bin")" -gt 32 ] || { echo "FAIL $name: no spikes"; exit 1; }
    # The same experiment again, apart from the line naming its source file.
    diff <(grep -v '^# Source' "$work/$name/config.toml") \
         <(grep -v '^# Source' "$work/$name-again/config.toml") ||
        { echo "FAIL $name: config.toml of the rerun differs"; exit 1; }
    echo "ok $name"
}
check microcircuit "$examples/microcircuit.toml" --threads 3 --duration-ms 100 --seed 7 \
    --set network.k_scale=0.5 --set model.params.tau_m_ms=9.5 --set simulation.warmup_ms=20
check brunel "$examples/brunel.toml" --threads 2 --duration-ms 100 --set network.g=4.5 \
    --set network.scale=0.9

cat > "$work/edges.csv" <<'CSV'
source,target,weight_pA,delay_ms
0,1,300.0,1.0
1,2,300.0,1.5
2,3,-200.0,1.0
3,0,300.0,2.0
4,5,400.0,1.0
5,4,400.0,1.0
CSV
printf 'neuron,time_ms\n0,5.0\n4,7.5\n0,30.0\n' > "$work/times.csv"
cat > "$work/every_section.toml" <<'TOML'
[simulation]
dt_ms = 0.1
duration_ms = 80.0
seed = 3

[network]
edge_list = "edges.csv"
neurons = 6

[network.labels]
ring = [0, 1, 2, 3]

[model]
name = "lif_psc_exp"
v_init_mV = -60.0
v_init_sd_mV = 2.0

[[model.override]]
ids = [4, 5]
params = { tau_m_ms = 15.0 }

[[stimulus]]
kind = "poisson"
label = "ring"
rate_hz = 800.0
weight_pA = 250.0

[[stimulus]]
kind = "dc"
ids = [2]
amplitude_pA = 200.0
start_ms = 10.0
stop_ms = 60.0

[[stimulus]]
kind = "step"
population = "all"
times_ms = [0.0, 40.0]
amplitudes_pA = [50.0, 0.0]

[[stimulus]]
kind = "spike_times"
file = "times.csv"
weight_pA = 2000.0
refractory_ms = 0.0

[[stimulus]]
kind = "spike_times"
ids = [5]
times_ms = [20.0, 21.0]
weight_mV = 30.0
receptor = "voltage"

[[silence]]
ids = [3]

[record.voltages]
all = true
interval_ms = 0.5

[record.summary]
label = "ring"
TOML
check every_section "$work/every_section.toml" --threads 2 --csv
