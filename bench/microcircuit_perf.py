#!/usr/bin/python3
"""Question: what does the full-scale microcircuit (77,169 neurons, 2.99e8 synapses, DC drive)
cost on this machine: build time, real-time factor, synaptic events per second, bytes per
synapse and peak resident memory, on 1 and 2 threads?

Usage: /usr/bin/python3 bench/microcircuit_perf.py [--brainemu build/release/brainemu]
       [--threads 1 2] [--duration-ms 10000] [--warmup-ms 500] [--drive dc|poisson]
       [--out bench/results/microcircuit_perf.json]
RTF = wall time of the run loop / simulated time, over the 10 s after a 0.5 s warm-up (the
build is reported apart).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from side_by_side import ROOT, provenance  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--brainemu", default=os.path.join(ROOT, "build/release/brainemu"))
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--duration-ms", type=float, default=10000.0)
    ap.add_argument("--warmup-ms", type=float, default=500.0)
    ap.add_argument("--drive", default="dc", choices=["dc", "poisson"])
    ap.add_argument("--out", default=os.path.join(ROOT, "bench/results/microcircuit_perf.json"))
    args = ap.parse_args()
    runs = []
    with tempfile.TemporaryDirectory() as work:
        for t in args.threads:
            out = os.path.join(work, f"t{t}")
            cmd = ["/usr/bin/time", "-v", args.brainemu, "run",
                   os.path.join(ROOT, "examples/microcircuit.toml"), "--out", out,
                   "--threads", str(t), "--duration-ms", str(args.duration_ms),
                   "--warmup-ms", str(args.warmup_ms),
                   "--set", "network.scale=1.0", "--set", f"network.drive={args.drive}"]
            proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
            rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))
            p = json.load(open(os.path.join(out, "profile.json")))
            run = {k: p[k] for k in ("threads", "neurons", "synapses", "build_s", "wall_s", "rtf",
                                     "spikes", "synaptic_events", "events_per_s",
                                     "bytes_per_synapse", "bytes_resident", "time_s",
                                     "population_rates_hz")}
            run["peak_rss_bytes"] = rss * 1024
            runs.append(run)
            print(f"threads {t}: build {p['build_s']:.1f} s, RTF {p['rtf']:.2f}, "
                  f"{p['events_per_s']:.3g} events/s, {p['bytes_per_synapse']:.2f} B/synapse, "
                  f"peak RSS {rss / 1024 / 1024:.2f} GiB", flush=True)
    result = {"question": __doc__.split("\n\n")[0].replace("\n", " "),
              "drive": args.drive, "duration_ms": args.duration_ms, "warmup_ms": args.warmup_ms,
              **provenance(),
              "runs": runs}
    if len(runs) == 2 and runs[0]["threads"] == 1:
        result["speedup_2_threads"] = runs[0]["wall_s"] / runs[1]["wall_s"]
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
