#!/usr/bin/python3
"""Question: which regime does brainemu's Brunel (2000) model A land in for each (g, eta) of
Brunel's Fig. 8, measured by mean rate, ISI coefficient of variation and synchrony, and what
does a simulated second cost?

Synchrony chi = std / mean of the population spike count per 0.1 ms step (independent units
give ~1/sqrt(mean count), ~0.15 at 38 Hz); rhythm = the peak of that count's power spectrum
above 5 Hz. Measured over 1 s after a 0.2 s transient. Labels are Brunel's (2000, Fig. 8):
A = SR, B = SI fast (g = 6, eta = 4), C = AI, D = SI slow.
Usage: /usr/bin/python3 bench/brunel_regimes.py [--brainemu ...] [--out bench/results/brunel_regimes.json]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from side_by_side import ROOT, provenance  # noqa: E402
from spikes import read_spikes  # noqa: E402
REGIMES = [("asynchronous irregular", 5.0, 2.0), ("synchronous regular", 3.0, 2.0),
           ("synchronous irregular, fast", 6.0, 4.0), ("synchronous irregular, slow", 4.5, 0.9)]
SKIP_MS, MEASURE_MS = 200.0, 1000.0


def measure(steps, neurons, n, dt):
    skip = int(round(SKIP_MS / dt))
    total = int(round((SKIP_MS + MEASURE_MS) / dt))
    keep = steps >= skip
    steps, neurons = steps[keep], neurons[keep]
    rate = len(steps) / (n * MEASURE_MS * 1e-3)
    order = np.lexsort((steps, neurons))
    s, nn = steps[order].astype(np.int64), neurons[order]
    same = nn[1:] == nn[:-1]
    isi = np.diff(s)[same]
    owner = nn[1:][same]
    cvs = []
    if len(isi):
        counts = np.bincount(owner, minlength=n)
        sums = np.bincount(owner, weights=isi, minlength=n)
        sq = np.bincount(owner, weights=isi.astype(float) ** 2, minlength=n)
        ok = counts >= 2
        m = sums[ok] / counts[ok]
        v = np.maximum(sq[ok] / counts[ok] - m * m, 0.0)
        cvs = np.sqrt(v) / m
    pop = np.bincount(steps - skip, minlength=total - skip).astype(float)
    chi = float(pop.std() / pop.mean()) if pop.mean() > 0 else 0.0
    # The population rhythm: the peak of the population count's power spectrum above 5 Hz
    # (Brunel's fast oscillations sit near 180 Hz, the slow ones near 20 Hz).
    power = np.abs(np.fft.rfft(pop - pop.mean())) ** 2
    freq = np.fft.rfftfreq(len(pop), d=dt * 1e-3)
    band = freq > 5.0
    rhythm = float(freq[band][np.argmax(power[band])]) if pop.mean() > 0 else 0.0
    return rate, float(np.mean(cvs)) if len(cvs) else 0.0, chi, rhythm


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--brainemu", default=os.path.join(ROOT, "build/release/brainemu"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench/results/brunel_regimes.json"))
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for name, g, eta in REGIMES:
            out = os.path.join(work, f"g{g}_eta{eta}")
            subprocess.run([args.brainemu, "run", os.path.join(ROOT, "examples/brunel.toml"),
                            "--out", out, "--threads", str(args.threads),
                            "--duration-ms", str(SKIP_MS + MEASURE_MS),
                            "--set", f"network.g={g}", "--set", f"network.eta={eta}"],
                           check=True, capture_output=True)
            p = json.load(open(os.path.join(out, "profile.json")))
            dt, steps, neurons = read_spikes(os.path.join(out, "spikes.bin"))
            rate, cv, chi, rhythm = measure(steps, neurons, p["neurons"], dt)
            rows.append({"regime": name, "g": g, "eta": eta, "rate_hz": rate, "isi_cv": cv,
                         "synchrony": chi, "rhythm_hz": rhythm, "rtf": p["rtf"],
                         "build_s": p["build_s"],
                         "bytes_per_synapse": p["bytes_per_synapse"]})
            print(f"g={g} eta={eta} ({name}): rate {rate:.2f} Hz, ISI CV {cv:.3f}, "
                  f"synchrony {chi:.3f}, rhythm {rhythm:.0f} Hz, RTF {p['rtf']:.2f}", flush=True)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(provenance() | {"question": "Brunel 2000 model A regimes (Fig. 8)", "threads": args.threads,
                   "skip_ms": SKIP_MS, "measure_ms": MEASURE_MS, "runs": rows}, f, indent=2)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
