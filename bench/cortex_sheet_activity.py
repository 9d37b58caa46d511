#!/usr/bin/python3
"""Question: is the cortex sheet (examples/cortex_sheet.toml) asynchronous and irregular, as
Brunel's dynamics at g = 5, eta = 2 should make it, for each distance profile and long-range
share asked for?

Measured after a 0.2 s transient over 1 s: mean rate of E and I neurons, mean ISI coefficient of
variation (neurons with >= 2 spikes), and synchrony chi = std / mean of the population spike
count per 0.1 ms step, next to chi of independent Poisson neurons at the same rate
(1 / sqrt(mean count)); Brunel's own network in bench/results/brunel_regimes.json, measured the
same way, for comparison.
Usage: /usr/bin/python3 bench/cortex_sheet_activity.py [--brainemu build/release/brainemu]
       [--set network.long_range_share=0.1 ...] [--out FILE.json]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from brunel_regimes import SKIP_MS, MEASURE_MS, measure  # noqa: E402
from side_by_side import ROOT, provenance  # noqa: E402
from spikes import read_spikes  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--brainemu", default=os.path.join(ROOT, "build/release/brainemu"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--set", action="append", default=[], help="KEY=VALUE, passed on")
    ap.add_argument("--out", help="write the numbers here as JSON")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as work:
        cmd = [args.brainemu, "run", os.path.join(ROOT, "examples/cortex_sheet.toml"), "--out",
               work + "/run", "--threads", str(args.threads), "--duration-ms",
               str(SKIP_MS + MEASURE_MS)]
        for s in args.set:
            cmd += ["--set", s]
        subprocess.run(cmd, check=True, capture_output=True)
        p = json.load(open(os.path.join(work, "run/profile.json")))
        dt, steps, neurons = read_spikes(os.path.join(work, "run/spikes.bin"))
        config = open(os.path.join(work, "run/config.toml")).read()
    n = p["neurons"]
    per_column = int(next(line.split("=")[1] for line in config.splitlines()
                          if line.startswith("neurons_per_column")))
    e_per_column = int(round(0.8 * per_column))
    is_i = (neurons % per_column) >= e_per_column
    rate, cv, chi = measure(steps, neurons, n, dt)
    skip = steps >= int(round(SKIP_MS / dt))
    n_i = n // per_column * (per_column - e_per_column)
    rate_e = np.count_nonzero(skip & ~is_i) / ((n - n_i) * MEASURE_MS * 1e-3)
    rate_i = np.count_nonzero(skip & is_i) / (n_i * MEASURE_MS * 1e-3)
    poisson_chi = 1.0 / np.sqrt(rate * n * dt * 1e-3)
    row = {"set": args.set, "neurons": n, "rate_hz": rate, "rate_e_hz": float(rate_e),
           "rate_i_hz": float(rate_i), "isi_cv": cv, "synchrony": chi,
           "synchrony_poisson": float(poisson_chi), "rtf": p["rtf"], "build_s": p["build_s"]}
    label = " ".join(args.set) or "example"
    print(f"{label}: rate {rate:.2f} Hz (E {rate_e:.2f}, I {rate_i:.2f}), "
          f"ISI CV {cv:.3f}, synchrony {chi:.3f} (independent Poisson: {poisson_chi:.3f}), "
          f"RTF {p['rtf']:.2f}")
    if args.out:
        with open(args.out, "w") as f:
            json.dump(provenance() | {"question": "cortex sheet activity", "skip_ms": SKIP_MS,
                                      "measure_ms": MEASURE_MS, "run": row}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
