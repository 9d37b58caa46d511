#!/usr/bin/python3
"""Question: how fast is brainemu on Brunel (2000) model A (12,500 neurons, 1.56e7 synapses,
g = 5, eta = 2, 10 s simulated, 2 threads) against Brian2 2.5.1 cpp_standalone (OpenMP, 2
threads, -O3 -march=native) on the same machine, in the same session?

Both run the same model: delta-synapse LIF (tau_m 20 ms, theta 20 mV, reset 10 mV, refractory
2 ms, exact integration), fixed in-degree 1000 E + 250 I, J = 0.1 mV, delay 1.5 ms, external
drive of C_E Poisson inputs at eta * nu_thr (brainemu: one merged Poisson train per neuron;
Brian2: PoissonInput, a binomial count per step, the same process). Times compared are the
simulation loops alone (brainemu: profile.json wall_s; Brian2: the standalone binary's run
time), medians over --repeats runs; network construction and compilation are reported apart.
Usage: /usr/bin/python3 bench/brunel_vs_brian2.py [--repeats 3] [--duration-ms 1000]
"""
import json
import os
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from side_by_side import ROOT, compare  # noqa: E402


def run_brainemu(brainemu, duration_ms, threads, work):
    out = os.path.join(work, "brainemu")
    subprocess.run([brainemu, "run", os.path.join(ROOT, "examples/brunel.toml"), "--out", out,
                    "--threads", str(threads), "--duration-ms", str(duration_ms)],
                   check=True, capture_output=True)
    p = json.load(open(os.path.join(out, "profile.json")))
    return {"wall_s": p["wall_s"], "build_s": p["build_s"], "rate_hz": p["mean_rate_hz"]}


def run_brian2(duration_ms, threads, work, seed):
    import brian2 as b2
    from brian2 import ms, mV
    b2.set_device("cpp_standalone", directory=os.path.join(work, f"brian2_{seed}"), build_on_run=False)
    b2.prefs.devices.cpp_standalone.openmp_threads = threads
    b2.prefs.codegen.cpp.extra_compile_args_gcc = ["-O3", "-march=native", "-w"]
    b2.seed(seed)
    n_e, n_i, c_e, c_i = 10000, 2500, 1000, 250
    tau, theta, v_r, t_ref, j, g, eta, delay = 20 * ms, 20 * mV, 10 * mV, 2 * ms, 0.1 * mV, 5.0, 2.0, 1.5 * ms
    nu_thr = theta / (j * c_e * tau)
    neurons = b2.NeuronGroup(n_e + n_i, "dv/dt = -v / tau : volt (unless refractory)",
                             threshold="v >= theta", reset="v = v_r", refractory=t_ref,
                             method="exact")
    neurons.v = "v_r + rand() * (theta - v_r)"
    exc, inh = neurons[:n_e], neurons[n_e:]
    se = b2.Synapses(exc, neurons, on_pre="v += J", delay=delay, namespace={"J": j})
    # Fixed in-degree: each target draws c_e excitatory and c_i inhibitory sources.
    rng = np.random.default_rng(seed)
    post = np.repeat(np.arange(n_e + n_i), c_e)
    se.connect(i=rng.integers(0, n_e, size=post.size), j=post)
    si = b2.Synapses(inh, neurons, on_pre="v += -G * J", delay=delay,
                     namespace={"J": j, "G": g})
    post_i = np.repeat(np.arange(n_e + n_i), c_i)
    si.connect(i=rng.integers(0, n_i, size=post_i.size), j=post_i)
    drive = b2.PoissonInput(neurons, "v", N=c_e, rate=eta * nu_thr, weight=j)
    spikes = b2.SpikeMonitor(neurons)
    net = b2.Network(neurons, se, si, spikes, drive)
    net.run(duration_ms * ms)
    t0 = time.time()
    b2.device.build(directory=os.path.join(work, f"brian2_{seed}"), compile=True, run=True)
    total = time.time() - t0
    run_s = float(b2.device._last_run_time)
    rate = spikes.num_spikes / ((n_e + n_i) * duration_ms * 1e-3)
    b2.device.reinit()
    b2.device.activate()
    return {"wall_s": run_s, "compile_and_run_s": total, "rate_hz": rate}


def main():
    return compare(__doc__.split("\n")[0], "Brunel model A, g=5 eta=2: brainemu vs Brian2 cpp_standalone, same session",
                   "bench/results/brunel_vs_brian2.json", 10000.0, run_brainemu, run_brian2)


if __name__ == "__main__":
    sys.exit(main())
