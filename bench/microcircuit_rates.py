#!/usr/bin/python3
"""Question: does the full-scale microcircuit with Poisson drive reproduce the reference
population rates (models.md section 2) within 15%, as a mean over seeds?

Runs `brainemu run examples/microcircuit.toml` at scale 1, drive = poisson, for 1.1 s per seed
(rates counted over 1 s after a 0.1 s warm-up), and writes bench/results/microcircuit_rates.json.
Usage: /usr/bin/python3 bench/microcircuit_rates.py [--brainemu build/release/brainemu]
       [--seeds 1 2 3] [--threads 2] [--out bench/results/microcircuit_rates.json]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from side_by_side import ROOT, provenance  # noqa: E402
from spikes import read_spikes  # noqa: E402
POPS = ["L23E", "L23I", "L4E", "L4I", "L5E", "L5I", "L6E", "L6I"]
REFERENCE = [0.903, 2.965, 4.414, 5.876, 7.569, 8.633, 1.105, 7.829]
WARMUP_MS, MEASURE_MS = 100.0, 1000.0


def run_seed(brainemu, seed, threads, work):
    out = os.path.join(work, f"seed{seed}")
    cmd = ["/usr/bin/time", "-v", brainemu, "run", os.path.join(ROOT, "examples/microcircuit.toml"),
           "--out", out, "--threads", str(threads), "--seed", str(seed),
           "--duration-ms", str(WARMUP_MS + MEASURE_MS),
           "--set", "network.scale=1.0", "--set", "network.drive=poisson"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))
    profile = json.load(open(os.path.join(out, "profile.json")))
    dt, steps, neurons = read_spikes(os.path.join(out, "spikes.bin"))
    keep = steps >= int(round(WARMUP_MS / dt))
    counts = np.bincount(neurons[keep], minlength=profile["neurons"])
    rates, first = [], 0
    sizes = []
    for line in open(os.path.join(out, "rates.csv")).read().splitlines()[1:]:
        sizes.append(int(line.split(",")[1]))
    for n in sizes:
        rates.append(float(counts[first:first + n].sum()) / (n * MEASURE_MS * 1e-3))
        first += n
    return {"seed": seed, "rates_hz": dict(zip(POPS, rates)), "build_s": profile["build_s"],
            "wall_s": profile["wall_s"], "rtf": profile["rtf"],
            "bytes_per_synapse": profile["bytes_per_synapse"],
            "synapses": profile["synapses"], "peak_rss_bytes": rss_kb * 1024}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--brainemu", default=os.path.join(ROOT, "build/release/brainemu"))
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench/results/microcircuit_rates.json"))
    args = ap.parse_args()
    runs = []
    with tempfile.TemporaryDirectory() as work:
        for seed in args.seeds:
            r = run_seed(args.brainemu, seed, args.threads, work)
            print(f"seed {seed}: " + " ".join(f"{p} {r['rates_hz'][p]:.3f}" for p in POPS),
                  f"(RTF {r['rtf']:.2f}, build {r['build_s']:.0f} s)", flush=True)
            runs.append(r)
    table, ok = {}, True
    for p, ref in zip(POPS, REFERENCE):
        vals = np.array([r["rates_hz"][p] for r in runs])
        mean = float(vals.mean())
        dev = (mean - ref) / ref
        ok &= abs(dev) <= 0.15
        table[p] = {"mean_hz": mean, "sd_over_seeds_hz": float(vals.std(ddof=1)) if len(vals) > 1 else 0.0,
                    "reference_hz": ref, "relative_deviation": dev, "within_15_percent": abs(dev) <= 0.15}
        print(f"{p:5s} mean {mean:6.3f} Hz  sd {table[p]['sd_over_seeds_hz']:.3f}  "
              f"reference {ref:6.3f}  deviation {100 * dev:+6.1f}%")
    result = {"question": "full-scale microcircuit, Poisson drive: population rates vs the reference "
                          "(models.md), mean over seeds, 1 s after 0.1 s warm-up",
              **provenance(),
              "threads": args.threads, "seeds": args.seeds, "populations": table,
              "all_within_15_percent": bool(ok), "runs": runs}
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
    print(("PASS" if ok else "FAIL") + f": every population within 15%: {ok}; wrote {args.out}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
