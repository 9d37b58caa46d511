#!/usr/bin/env bash
# The fidelity ladder on real networks (issue: fidelity ladder): the microcircuit (scale 0.02)
# and the C. elegans connectome run under every model through the same experiments the
# benchmark measures (bench/model_networks.py), with weights mapped as documented; every run
# steps every neuron, and the worm's stimulated touch neurons fire under every model.
# A run with a model per population says so in profile.json.
# Usage: BRAINEMU=... $0 SOURCE_DIR DATA_DIR. Exit 77 (skipped) without the data.
set -euo pipefail
src=$1
data=$2
[ -d "$data/celegans_cook2019" ] || { echo "SKIP: $data has no connectome data"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$BRAINEMU" import --format cook2019 "$data/celegans_cook2019/cook2019_hermaphrodite_chemical_edgelist.csv" \
    "$data/celegans_cook2019/cook2019_herm_gap_jn_symmetric_edgelist.csv" \
    --transmitters "$data/celegans_neurotransmitters_bentley2016/Bentley_et_al_2016_expression.csv" \
    --out "$work/ce.bcx" >/dev/null
/usr/bin/python3 "$src/bench/model_networks.py" --brainemu "$BRAINEMU" --repetitions 1 \
    --duration-ms 100 --scale 0.02 --bcx "$work/ce.bcx" --out "$work/models.json" >/dev/null
/usr/bin/python3 - "$work/models.json" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))["rows"]
micro = {r["model"] for r in rows if r["network"].startswith("microcircuit")}
worm = {r["model"]: r for r in rows if r["network"].startswith("C. elegans")}
want_micro = {"lif_psc_exp", "lif_psc_delta", "lif_cond_exp", "izhikevich", "adex", "hh"}
assert micro == want_micro, micro
assert set(worm) == want_micro | {"fly_lif"}, set(worm)
for r in rows:
    # every neuron steps every step (100 ms, warm-up of 100 ms not counted)
    assert r["ns_per_neuron_step"] > 0, r
for m, r in worm.items():
    assert r["spikes"] >= 6, (m, r["spikes"])  # 6 touch neurons driven at 100 Hz
print(f"ok {len(rows)} model x network runs; worm spikes: "
      + ", ".join(f"{m} {r['spikes']}" for m, r in sorted(worm.items())))
PY

cat >"$work/mixed.toml" <<'TOML'
[simulation]
duration_ms = 20
[network]
builtin = "microcircuit"
scale = 0.02
[[model.override]]
population = "L5E"
name = "adex"
TOML
"$BRAINEMU" run "$work/mixed.toml" --out "$work/mixed" --threads 2 >/dev/null
/usr/bin/python3 - "$work/mixed/profile.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
m = p["models"]
assert set(m) == {"lif_psc_exp", "adex"}, m
assert m["adex"] == round(4850 * 0.02), m  # L5E: 4,850 neurons at full scale
assert sum(m.values()) == p["neurons"], (m, p["neurons"])
print(f"ok profile.json models: {m}")
PY
