#!/usr/bin/python3
"""Question: how fast is brainemu on the Potjans-Diesmann microcircuit with 10% of the
neurons and the full in-degrees (7,717 neurons, 2.99e7 synapses, Poisson drive, 1 s simulated,
2 threads) against Brian2 2.5.1 cpp_standalone (OpenMP, 2 threads, -O3 -march=native) in the
same session?

Both run the model of models.md section 2: iaf_psc_exp neurons (NEST's refractory: V clamped
for 20 steps after the spike step), fixed total numbers of synapses per population pair
(sources and targets with replacement), weights N(mean, 10%) with sign kept, delays N(mean,
sd) redrawn below 0.1 ms and rounded to the step, independent Poisson drive of K_ext x 8 Hz
(brainemu: one merged train per neuron; Brian2: PoissonInput). The two draw different random
networks from the same law. Times are the simulation loops alone (brainemu: profile.json
wall_s; Brian2: the standalone binary's run time), medians over --repeats; population rates are
reported for both.
Usage: /usr/bin/python3 bench/microcircuit_vs_brian2.py [--repeats 3] [--duration-ms 1000]
"""
import json
import os
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from side_by_side import ROOT, compare  # noqa: E402
NAMES = ["L23E", "L23I", "L4E", "L4I", "L5E", "L5I", "L6E", "L6I"]
FULL_N = np.array([20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948])
K_EXT = np.array([1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100])
C = np.array([[0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0],
              [0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0],
              [0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.0],
              [0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0],
              [0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0],
              [0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.0],
              [0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252],
              [0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443]])
V0_MEAN = [-68.28, -63.16, -63.33, -63.45, -63.11, -61.66, -66.72, -61.43]
V0_SD = [5.36, 4.57, 4.74, 4.94, 4.94, 4.55, 5.46, 4.48]


def run_brainemu(brainemu, duration_ms, threads, work):
    out = os.path.join(work, "brainemu")
    subprocess.run([brainemu, "run", os.path.join(ROOT, "examples/microcircuit.toml"), "--out", out,
                    "--threads", str(threads), "--duration-ms", str(duration_ms),
                    "--set", "network.scale=0.1", "--set", "network.k_scale=1.0",
                    "--set", "network.drive=poisson"], check=True, capture_output=True)
    p = json.load(open(os.path.join(out, "profile.json")))
    return {"wall_s": p["wall_s"], "build_s": p["build_s"], "synapses": p["synapses"],
            "rates_hz": p["population_rates_hz"]}


def run_brian2(duration_ms, threads, work, seed):
    import brian2 as b2
    from brian2 import ms, mV, pA, pF, Hz
    directory = os.path.join(work, f"brian2_{seed}")
    b2.set_device("cpp_standalone", directory=directory, build_on_run=False)
    b2.prefs.devices.cpp_standalone.openmp_threads = threads
    b2.prefs.codegen.cpp.extra_compile_args_gcc = ["-O3", "-march=native", "-w"]
    b2.seed(seed)
    rng = np.random.default_rng(seed)
    n = np.round(FULL_N * 0.1).astype(int)
    first = np.concatenate([[0], np.cumsum(n)])
    eqs = """dv/dt = -(v - E_L) / tau_m + I / C_m : volt (unless refractory)
             dI/dt = -I / tau_syn : amp"""
    ns = dict(E_L=-65 * mV, tau_m=10 * ms, C_m=250 * pF, tau_syn=0.5 * ms, theta=-50 * mV,
              v_reset=-65 * mV)
    # NEST clamps V for round(t_ref/dt) = 20 steps after the spike step; Brian2 freezes
    # timestep(refractory) - 1 steps, hence 2.1 ms.
    neurons = b2.NeuronGroup(int(n.sum()), eqs, threshold="v >= theta", reset="v = v_reset",
                             refractory=2.1 * ms, method="exact", namespace=ns)
    v0 = np.concatenate([rng.normal(V0_MEAN[p], V0_SD[p], n[p]) for p in range(8)])
    neurons.v = v0 * mV
    pre, post, w, d = [], [], [], []
    for t in range(8):
        for s in range(8):
            if C[t, s] == 0.0:
                continue
            prod = FULL_N[s] * FULL_N[t]
            q = int(round(np.log(1 - C[t, s]) / np.log((prod - 1.0) / prod) * 0.1))
            pre.append(first[s] + rng.integers(0, n[s], q))
            post.append(first[t] + rng.integers(0, n[t], q))
            mean = (-4.0 if s % 2 else 1.0) * 87.8085 * (2.0 if (t, s) == (0, 2) else 1.0)
            ww = rng.normal(mean, abs(mean) * 0.1, q)
            bad = np.sign(ww) != np.sign(mean)
            while bad.any():
                ww[bad] = rng.normal(mean, abs(mean) * 0.1, bad.sum())
                bad = np.sign(ww) != np.sign(mean)
            w.append(ww)
            dm, dsd = (0.75, 0.375) if s % 2 else (1.5, 0.75)
            dd = rng.normal(dm, dsd, q)
            low = dd < 0.1
            while low.any():
                dd[low] = rng.normal(dm, dsd, low.sum())
                low = dd < 0.1
            d.append(np.maximum(np.round(dd / 0.1), 1) * 0.1)
    syn = b2.Synapses(neurons, neurons, "w : amp", on_pre="I_post += w")
    syn.connect(i=np.concatenate(pre), j=np.concatenate(post))
    syn.w = np.concatenate(w) * pA
    syn.delay = np.concatenate(d) * ms
    inputs = [b2.PoissonInput(neurons[first[p]:first[p + 1]], "I", N=int(K_EXT[p]), rate=8 * Hz,
                              weight=87.8085 * pA) for p in range(8)]
    spikes = b2.SpikeMonitor(neurons)
    net = b2.Network(neurons, syn, spikes, *inputs)
    net.run(duration_ms * ms)
    t0 = time.time()
    b2.device.build(directory=directory, compile=True, run=True)
    total = time.time() - t0
    counts = np.bincount(np.asarray(spikes.i), minlength=int(n.sum()))
    rates = {NAMES[p]: float(counts[first[p]:first[p + 1]].sum() / (n[p] * duration_ms * 1e-3))
             for p in range(8)}
    result = {"wall_s": float(b2.device._last_run_time), "compile_and_run_s": total,
              "synapses": int(sum(len(x) for x in pre)), "rates_hz": rates}
    b2.device.reinit()
    b2.device.activate()
    return result


def main():
    return compare(__doc__.split("\n")[0], "microcircuit, 10% neurons, full in-degrees, Poisson drive: brainemu vs Brian2 cpp_standalone, same session",
                   "bench/results/microcircuit_vs_brian2.json", 1000.0, run_brainemu, run_brian2)


if __name__ == "__main__":
    sys.exit(main())
