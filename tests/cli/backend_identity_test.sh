#!/usr/bin/env bash
# The run library's GPU path, end to end, without a GPU: `--backend emulated` runs the GPU
# engine's arithmetic (the kernels' step and delivery functions) on the host through the same
# trial loop, outputs and books as `--backend cuda`. Its spikes.bin must equal the CPU
# engine's byte for byte, trial by trial (every trial batched in one engine against one CPU
# engine per trial), and what it does not run is refused before anything is written.
# Usage: BRAINEMU=... $0
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/brunel.toml" <<'TOML'
[simulation]
duration_ms = 150.0
trials = 3
seed = 4
[network]
builtin = "brunel"
scale = 0.2
TOML
cat >"$work/alpha.toml" <<'TOML'
[simulation]
duration_ms = 100.0
warmup_ms = 20.0
[network]
builtin = "microcircuit"
scale = 0.03
drive = "poisson"
[model]
name = "iaf_psc_alpha"
TOML

for exp in brunel alpha; do
    "$BRAINEMU" run "$work/$exp.toml" --out "$work/$exp-cpu" --threads 2 >/dev/null
    "$BRAINEMU" run "$work/$exp.toml" --out "$work/$exp-emu" --backend emulated >"$work/$exp.log"
    grep -q "GPU engine emulated on the host" "$work/$exp.log"
    n=0
    for f in $(cd "$work/$exp-cpu" && find . -name spikes.bin | sort); do
        cmp "$work/$exp-cpu/$f" "$work/$exp-emu/$f"
        n=$((n + 1))
    done
    echo "ok $exp: $n spikes.bin identical"
done
/usr/bin/python3 - "$work" <<'PY'
import json, os, sys
w = sys.argv[1]
p = json.load(open(os.path.join(w, "brunel-emu", "profile.json")))
assert p["backend"] == "cuda" and p["device"] == "emulated", p
assert p["trials"] == 3 and p["spikes"] > 0, p
# One engine ran the batch: its trials' spikes are summed; the per-trial rates.csv are not.
cpu = [json.load(open(os.path.join(w, "brunel-cpu", f"trial-{t:03}", "profile.json")))["spikes"]
       for t in range(3)]
assert p["spikes"] == sum(cpu), (p["spikes"], cpu)
assert not os.path.exists(os.path.join(w, "brunel-emu", "trial-000", "profile.json"))
print(f"ok profile.json of the batch: {p['spikes']} spikes = {' + '.join(map(str, cpu))}")
PY

# Refused before the output directory is touched: exit 3, nothing written.
cat >"$work/izh.toml" <<'TOML'
[simulation]
duration_ms = 10.0
[network]
builtin = "microcircuit"
scale = 0.02
[model]
name = "izhikevich"
TOML
set +e
"$BRAINEMU" run "$work/izh.toml" --out "$work/izh" --backend emulated 2>"$work/izh.err"
rc=$?
set -e
[ "$rc" -eq 3 ] || { echo "exit $rc, expected 3"; cat "$work/izh.err"; exit 1; }
grep -q "the GPU engine runs lif_psc_exp, lif_psc_delta, fly_lif, iaf_psc_alpha" "$work/izh.err"
[ ! -e "$work/izh" ] || { echo "refused run wrote $work/izh"; exit 1; }
echo "ok refused: $(cat "$work/izh.err")"
