#!/usr/bin/python3
"""f-I curves and rheobases of the five Allen perisomatic cells, brainemu against NEURON 8.2.

Question: does each cell fire as often in brainemu as in NEURON across the current range, and
does it start firing at the same current? Each cell (one of each 5_cells_iclamp model) gets a
1 s current step from 200 ms (1.3 s runs, dt 0.1 ms, 34 C, v_init -80 mV, dL 20 um, threshold
-15 mV), amplitudes 0.025 to 0.4 nA by 0.025; spikes counted in the step. Rheobase: the
smallest amplitude that fires at least once in the step, by bisection between 0 and 0.4 nA to
1 pA. NEURON runs the same generated circuits through bench/biophysical_neuron_reference.py with
the Allen NMODL files in --modfiles (not in this repository; see that script).

Usage: /usr/bin/python3 bench/cable_fi.py --brainemu build/release/brainemu
         --data ../shared/data/sonata_examples --modfiles DIR --out bench/results/cable_fi.json
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cable_cost import MODELS, neuron_reference, write_circuit  # noqa: E402

DELAY, DUR, TSTOP = 200.0, 1000.0, 1300.0


def in_step(times):
    return int(np.sum((times >= DELAY) & (times < DELAY + DUR + 5.0)))


def brainemu_counts(brainemu, folder, cells):
    """Spikes in the step of each of the circuit's `cells` cells, in brainemu."""
    out = os.path.join(folder, "out_brainemu")
    subprocess.run([brainemu, "run", os.path.join(folder, "simulation_config.json"), "--out", out,
                    "--threads", "2"], check=True, capture_output=True)
    with h5py.File(os.path.join(out, "spikes.h5"), "r") as f:
        g = f["spikes"]["cells"]
        t, ids = g["timestamps"][:], g["node_ids"][:]
    shutil.rmtree(out)
    return [in_step(t[ids == i]) for i in range(cells)]


def neuron_counts(modfiles, folder, cells):
    """The same in NEURON."""
    ref = neuron_reference(modfiles, folder, os.path.join(folder, "neuron.json"))
    return [in_step(np.array(ref["nodes"][str(i)]["spike_times_ms"])) for i in range(cells)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--brainemu", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--modfiles", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    brainemu = os.path.abspath(args.brainemu)
    tmp = tempfile.mkdtemp(prefix="cable_fi_")
    types = [t for t, _, _ in MODELS]
    runs = 0

    def counts_at(amp):
        nonlocal runs
        runs += 1
        folder = os.path.join(tmp, f"amp_{runs}")
        write_circuit(folder, args.data, types, TSTOP, [(amp, DELAY, DUR)])
        return (brainemu_counts(brainemu, folder, len(MODELS)),
                neuron_counts(args.modfiles, folder, len(MODELS)))

    try:
        amps = [round(0.025 * k, 3) for k in range(1, 17)]
        curve = {"brainemu": [], "neuron": []}
        for a in amps:
            b, n = counts_at(a)
            curve["brainemu"].append(b)
            curve["neuron"].append(n)
            print(f"{a:.3f} nA: brainemu {b}  NEURON {n}", flush=True)
        rheobase = {}
        for sim in ("brainemu", "neuron"):
            rheobase[sim] = []
            for cell in range(len(MODELS)):
                lo, hi = 0.0, 0.4
                while hi - lo > 0.001:
                    mid = round((lo + hi) / 2, 6)
                    folder = os.path.join(tmp, f"rheo_{sim}_{cell}_{mid}")
                    write_circuit(folder, args.data, [types[cell]], TSTOP, [(mid, DELAY, DUR)])
                    # One cell per circuit: node 0.
                    fired = (brainemu_counts(brainemu, folder, 1) if sim == "brainemu"
                             else neuron_counts(args.modfiles, folder, 1))[0]
                    lo, hi = (lo, mid) if fired > 0 else (mid, hi)
                rheobase[sim].append(round(hi, 4))
            print(f"rheobase {sim}: {rheobase[sim]}", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    result = {"question": __doc__.split("\n\n")[1].replace("\n", " "),
              "cells": [m for _, m, _ in MODELS], "amplitudes_nA": amps,
              "spikes_per_step": curve, "rheobase_nA": rheobase,
              "curves_equal": curve["brainemu"] == curve["neuron"]}
    json.dump(result, open(args.out, "w"), indent=1)
    print("f-I curves equal:", result["curves_equal"])


if __name__ == "__main__":
    sys.exit(main())
