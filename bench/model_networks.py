#!/usr/bin/python3
"""Question: what does each rung of the fidelity ladder cost on real networks?

Runs the microcircuit at scale 0.1 (Poisson drive, its pA weights mapped to each model as
docs/experiments.md "Models and weights" says) and the C. elegans connectome (Cook 2019, gap
junctions where the model takes current) under every model, on one thread, and reads each
run's profile.json:
  ns per neuron step   = update time / neuron updates (the update phase includes the Poisson
                         drive's draws, as it does in every run)
  ns per synaptic event = delivery time / synaptic events
  real-time factor      = wall time of the simulated span / simulated time
Medians over --repetitions runs. Writes bench/results/model_networks.json.

Usage: /usr/bin/python3 bench/model_networks.py [--brainemu build/release/brainemu]
       [--repetitions 3] [--duration-ms 1000] [--scale 0.1] [--bcx FILE] [--out FILE]
Needs connectomes/celegans_cook2019.bcx (scripts/import-examples.sh); the worm rows are left
out with a message where it is missing.
"""

import argparse
import json
import pathlib
import statistics
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

MODELS = ["lif_psc_exp", "lif_psc_delta", "lif_cond_exp", "izhikevich", "adex", "hh", "fly_lif"]

# The microcircuit runs every model that takes current (its DC drive) and has a pA rule; the
# rest (reference neuron's C_m, tau_syn, t_ref) comes from the mapping, nothing is tuned here.
MICROCIRCUIT = """
[simulation]
dt_ms = 0.1
duration_ms = {duration}
warmup_ms = 100
seed = 1
threads = 1
[network]
builtin = "microcircuit"
scale = {scale}
drive = "poisson"
[model]
name = "{model}"
[model.params]
i_e_pA = {bias}
"""

# At their own rest and threshold, izhikevich and adex are nearly silent under the mapped
# drive, which leaves their cost per synaptic event unmeasured; these rows add a constant
# current (our choice) that brings them to a few Hz.
MICROCIRCUIT_BIAS_PA = {"izhikevich": 500.0, "adex": 200.0}

# The worm with each model scaled to its cells: C_m = 20 pF, tau_m = 20 ms (1 GOhm), synaptic
# currents of 5 ms, as in examples/celegans.toml. Weights are that example's (2 pA per synapse,
# 200 pA per sensory event): given in pA where the model takes pA or nS (mapped by the model's
# rule), and as the same charge (w tau_syn / C) or the same drive (w R, fly_lif) in mV where the
# model takes voltage jumps. These are our choices for a cost comparison, not fitted models.
WORM_PARAMS = {
    "lif_psc_exp": ("pA", 2.0, 200.0, 0.05, """c_m_pF = 20.0
tau_m_ms = 20.0
tau_syn_ex_ms = 5.0
tau_syn_in_ms = 5.0
e_l_mV = -65.0
v_reset_mV = -65.0
v_th_mV = -50.0"""),
    "lif_psc_delta": ("mV", 0.5, 50.0, 0.05, """c_m_pF = 20.0
tau_m_ms = 20.0
e_l_mV = -65.0
v_reset_mV = -65.0
v_th_mV = -50.0"""),
    "lif_cond_exp": ("pA", 2.0, 200.0, 0.05, """c_m_pF = 20.0
g_l_nS = 1.0
tau_syn_ex_ms = 5.0
tau_syn_in_ms = 5.0
e_l_mV = -65.0
v_reset_mV = -65.0
v_th_mV = -50.0"""),
    "izhikevich": ("mV", 0.5, 50.0, 0.05, """c_m_pF = 20.0"""),
    "adex": ("pA", 2.0, 200.0, 0.05, """c_m_pF = 20.0
g_l_nS = 1.0
a_nS = 0.28
b_pA = 5.7
tau_syn_ex_ms = 5.0
tau_syn_in_ms = 5.0"""),
    "hh": ("pA", 2.0, 200.0, 0.05, """area_um2 = 2000.0
tau_syn_ex_ms = 5.0
tau_syn_in_ms = 5.0"""),
    "fly_lif": ("mV", 2.0, 200.0, 0.0, """v_0_mV = -65.0
v_reset_mV = -65.0
v_th_mV = -50.0
tau_m_ms = 20.0
tau_syn_ms = 5.0"""),
}

WORM = """
[simulation]
dt_ms = 0.1
duration_ms = {duration}
seed = 1
threads = 1
[network]
connectome = "{bcx}"
unit_weight_{unit} = {unit_weight}
delay_ms = 1.0
gap_junction_nS = {gap}
[network.signs]
dopamine = 0
serotonin = 0
octopamine = 0
tyramine = 0
default = 1
[model]
name = "{model}"
[model.params]
{params}
[[stimulus]]
names = ["ALML", "ALMR", "AVM", "PLML", "PLMR", "PVM"]
kind = "poisson"
rate_hz = 100.0
weight_{unit} = {stim_weight}
"""


def run(brainemu, text, workdir, name):
    exp = workdir / f"{name}.toml"
    exp.write_text(text)
    out = workdir / name
    subprocess.run([brainemu, "run", str(exp), "--out", str(out)], check=True,
                   stdout=subprocess.DEVNULL)
    return json.loads((out / "profile.json").read_text())


def summarise(profiles):
    def med(f):
        return statistics.median(f(p) for p in profiles)

    p0 = profiles[0]
    return {
        "neurons": p0["neurons"],
        "synapses": p0["synapses"],
        "bytes_per_synapse": p0["bytes_per_synapse"],
        "mean_rate_hz": p0["mean_rate_hz"],
        "spikes": p0["spikes"],
        "synaptic_events": p0["synaptic_events"],
        "rtf": med(lambda p: p["rtf"]),
        "ns_per_neuron_step": med(lambda p: 1e9 * p["time_s"]["update"] / p["neuron_updates"]),
        # Below 1e5 events the delivery phase's fixed cost per step dominates: not a cost per
        # event (a silent network delivers nothing).
        "ns_per_synaptic_event": med(
            lambda p: 1e9 * p["time_s"]["delivery"] / p["synaptic_events"])
        if p0["synaptic_events"] >= 100000 else None,
        "rtf_all": [p["rtf"] for p in profiles],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--brainemu", default=str(ROOT / "build/release/brainemu"))
    ap.add_argument("--repetitions", type=int, default=3)
    ap.add_argument("--duration-ms", type=float, default=1000.0)
    ap.add_argument("--scale", type=float, default=0.1, help="microcircuit scale")
    ap.add_argument("--bcx", default=str(ROOT / "connectomes/celegans_cook2019.bcx"),
                    help="the C. elegans connectome (brainemu import --format cook2019)")
    ap.add_argument("--out", default=str(ROOT / "bench/results/model_networks.json"))
    args = ap.parse_args()
    from side_by_side import provenance  # noqa: E402

    bcx = pathlib.Path(args.bcx).resolve()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        for model in MODELS:
            # fly_lif takes no current: the microcircuit's DC cannot drive it
            biases = [] if model == "fly_lif" else [0.0]
            if model in MICROCIRCUIT_BIAS_PA:
                biases.append(MICROCIRCUIT_BIAS_PA[model])
            for bias in biases:
                text = MICROCIRCUIT.format(duration=args.duration_ms, model=model,
                                           scale=args.scale, bias=bias)
                profiles = [run(args.brainemu, text, work, f"mc_{model}_{bias:g}_{r}")
                            for r in range(args.repetitions)]
                rows.append({"network": f"microcircuit {args.scale:g}", "model": model,
                             "i_e_pA": bias, **summarise(profiles)})
                print(f"microcircuit {model} (i_e_pA {bias:g}): rtf {rows[-1]['rtf']:.2f}",
                      file=sys.stderr)
            if not bcx.exists():
                continue
            unit, w, stim, gap, params = WORM_PARAMS[model]
            text = WORM.format(duration=args.duration_ms, bcx=bcx, unit=unit, unit_weight=w,
                               gap=gap, model=model, params=params, stim_weight=stim)
            profiles = [run(args.brainemu, text, work, f"worm_{model}_{r}")
                        for r in range(args.repetitions)]
            rows.append({"network": "C. elegans (Cook 2019)", "model": model,
                         "gap_junctions": gap > 0, **summarise(profiles)})
            print(f"worm {model}: rtf {rows[-1]['rtf']:.3f}", file=sys.stderr)
    if not bcx.exists():
        print(f"{bcx} is missing (scripts/import-examples.sh): C. elegans rows left out",
              file=sys.stderr)
    result = {
        "question": "cost of each neuron model on the microcircuit (0.1) and C. elegans",
        "method": "one thread; medians of repetitions; ns per neuron step = update phase / "
                  "neuron updates (Poisson draws included), ns per synaptic event = delivery "
                  "phase / events; rtf = wall / simulated (warm-up excluded)",
        "duration_ms": args.duration_ms,
        "repetitions": args.repetitions,
        **provenance(),
        "rows": rows,
    }
    pathlib.Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    print(f"{'network':24} {'model':14} {'i_e_pA':>6} {'rate Hz':>8} {'rtf':>7} {'ns/step':>8} {'ns/event':>9}")
    for r in rows:
        ev = r["ns_per_synaptic_event"]
        print(f"{r['network']:24} {r['model']:14} {r.get('i_e_pA', 0):6g} {r['mean_rate_hz']:8.2f} {r['rtf']:7.3f} "
              f"{r['ns_per_neuron_step']:8.1f} {'-' if ev is None else f'{ev:.2f}':>9}")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
