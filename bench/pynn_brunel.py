#!/usr/bin/python3
"""Brunel's sparse balanced network in PyNN 0.10, run on any backend: brainemu (brainemu.pynn)
or PyNN's NEURON backend (pyNN.neuron), one JSON line of results on stdout.

    PYTHONPATH=build/release/python /usr/bin/python3 bench/pynn_brunel.py brainemu
    PYTHONPATH=DIR /usr/bin/python3 bench/pynn_brunel.py neuron --dt-ms 0.025
        # DIR: a copy of pyNN whose neuron/nmodl is compiled (python/tests/test_pynn.py makes
        # one). NEURON's fixed-step integration overestimates a PSP by ~dt/tau_syn (2.3% at
        # dt 0.1 ms and tau_syn 2 ms, 0.6% at 0.025 ms; brainemu's is exact at any dt).

    bench/pynn_brunel.py compare --neuron-path DIR --out bench/results/pynn_brunel.json
        # both, for seeds 1234, 1235, 1236, with the commit and machine

The network: NE excitatory and NI inhibitory IF_curr_exp cells (tau_m 20 ms, threshold 20 mV
above rest, reset to 10 mV, 2 ms refractory), fixed in-degrees CE = NE/10 and CI = NI/10 drawn
by PyNN's FixedNumberPreConnector with one NumpyRNG seed (so both backends get the same
synapses), exponential synaptic currents (tau_syn 2 ms), PSP amplitude J = 0.1 mV (g = 5), delay 1.5 ms, and the external drive of Brunel's
eta = 2 from a pool of SpikeSourcePoisson cells at 100 Hz (each cell draws CE * eta * nu_thr /
100 Hz of them), so that brainemu's parrots merge few events (1 - (1 - e^-x)/x = 0.5% at
x = r dt = 0.01). Rates, build and run wall times, and the backend.
"""
import argparse
import json
import math
import time

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("backend", choices=["brainemu", "neuron", "compare"])
parser.add_argument("--neuron-path", help="compare: the PYTHONPATH of a compiled pyNN copy")
parser.add_argument("--out", help="compare: the JSON file to write")
parser.add_argument("--scale", type=float, default=0.1, help="NE = 10000 scale (default 0.1)")
parser.add_argument("--duration-ms", type=float, default=1000.0)
parser.add_argument("--seed", type=int, default=1234, help="NumpyRNG seed of the connectivity")
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--dt-ms", type=float, default=0.1)
parser.add_argument("--tau-syn-ms", type=float, default=2.0)
args = parser.parse_args()

if args.backend == "compare":
    import os
    import platform
    import subprocess
    import sys

    def one(backend, seed, pythonpath, dt):
        env = dict(os.environ, PYTHONPATH=pythonpath)
        done = subprocess.run([sys.executable, __file__, backend, "--seed", str(seed),
                               "--duration-ms", str(args.duration_ms), "--dt-ms", str(dt),
                               "--scale", str(args.scale)],
                              capture_output=True, text=True, env=env, check=True)
        return json.loads(done.stdout.strip().splitlines()[-1])

    runs = []
    for seed in (1234, 1235, 1236):
        runs.append(one("brainemu", seed, os.environ.get("PYTHONPATH", ""), 0.1))
        runs.append(one("neuron", seed, args.neuron_path, 0.025))
        runs[-1]["seed"] = runs[-2]["seed"] = seed
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=os.path.dirname(os.path.abspath(__file__))).stdout
    out = {"question": "Do brainemu.pynn and PyNN's NEURON backend give the same rates for one "
                       "PyNN script of Brunel's network (same synapses, independent Poisson "
                       "sources)? brainemu at dt 0.1 ms, NEURON at 0.025 ms",
           "commit": commit.strip(),
           "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
           "runs": runs}
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    for r in runs:
        print(r["backend"], r["seed"], r["rates_hz"], f"run {r['run_s']:.2f} s")
    raise SystemExit(0)

if args.backend == "brainemu":
    import brainemu.pynn as sim
else:
    import pyNN.neuron as sim
from pyNN.random import NumpyRNG, RandomDistribution

NE, NI = round(10000 * args.scale), round(2500 * args.scale)
CE, CI = NE // 10, NI // 10
J, g, eta, delay = 0.1, 5.0, 2.0, 1.5
tau_m, tau_syn, cm = 20.0, args.tau_syn_ms, 0.25  # ms, ms, nF
theta = 20.0
# PSP peak of an exponential current of amplitude w (nA) into the membrane: J mV for w = J/psp.
t_peak = math.log(tau_m / tau_syn) * tau_m * tau_syn / (tau_m - tau_syn)
psp_per_nA = tau_syn / cm * tau_m / (tau_m - tau_syn) * (
    math.exp(-t_peak / tau_m) - math.exp(-t_peak / tau_syn))
w_e = J / psp_per_nA
nu_thr = theta / (J * CE * tau_m) * 1000.0  # Hz per input
source_rate = 100.0
k_ext = round(CE * eta * nu_thr / source_rate)
n_ext = 10 * k_ext

sim.setup(timestep=args.dt_ms, min_delay=args.dt_ms, max_delay=10.0, threads=args.threads)
start = time.perf_counter()
cell = sim.IF_curr_exp(tau_m=tau_m, cm=cm, tau_syn_E=tau_syn, tau_syn_I=tau_syn, v_rest=0.0,
                       v_reset=10.0, v_thresh=theta, tau_refrac=2.0, i_offset=0.0)
E = sim.Population(NE, cell, label="E")
I = sim.Population(NI, cell, label="I")
rng = NumpyRNG(seed=args.seed)
for p in (E, I):
    p.initialize(v=RandomDistribution("uniform", (10.0, 20.0), rng=rng))
ext = sim.Population(n_ext, sim.SpikeSourcePoisson(rate=source_rate), label="ext")
exc = sim.StaticSynapse(weight=w_e, delay=delay)
inh = sim.StaticSynapse(weight=-g * w_e, delay=delay)
for target in (E, I):
    sim.Projection(E, target, sim.FixedNumberPreConnector(CE, rng=rng), exc,
                   receptor_type="excitatory")
    sim.Projection(I, target, sim.FixedNumberPreConnector(CI, rng=rng), inh,
                   receptor_type="inhibitory")
    sim.Projection(ext, target, sim.FixedNumberPreConnector(k_ext, rng=rng),
                   sim.StaticSynapse(weight=w_e, delay=args.dt_ms), receptor_type="excitatory")
E.record("spikes")
I.record("spikes")
built = time.perf_counter()
sim.run(args.duration_ms)
ran = time.perf_counter()
rates = {}
for p in (E, I):
    trains = p.get_data().segments[0].spiketrains
    rates[p.label] = sum(len(t) for t in trains) / p.size / (args.duration_ms / 1000.0)
sim.end()
print(json.dumps({"backend": args.backend, "NE": NE, "NI": NI, "CE": CE, "CI": CI,
                  "weight_nA": w_e, "ext_sources": n_ext, "ext_per_cell": k_ext,
                  "duration_ms": args.duration_ms, "rates_hz": rates,
                  "build_s": built - start, "run_s": ran - built}))
