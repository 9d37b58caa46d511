"""What every benchmark script shares: the commit and machine it ran on, and the harness that
runs brainemu and Brian2 alternately, takes medians and writes the JSON."""
import argparse
import json
import os
import platform
import statistics
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def provenance():
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    return {"commit": commit, "machine": {"cpus": os.cpu_count(), "platform": platform.platform()}}


def compare(description, question, default_out, default_duration_ms, run_brainemu, run_brian2):
    """run_brainemu(brainemu, duration_ms, threads, work) and run_brian2(duration_ms, threads,
    work, seed) each return a dict with at least wall_s (the simulation loop alone)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--brainemu", default=os.path.join(ROOT, "build/release/brainemu"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--duration-ms", type=float, default=default_duration_ms)
    ap.add_argument("--out", default=os.path.join(ROOT, default_out))
    args = ap.parse_args()
    be, br = [], []
    with tempfile.TemporaryDirectory() as work:
        for r in range(args.repeats):
            be.append(run_brainemu(args.brainemu, args.duration_ms, args.threads, work))
            print(f"brainemu run {r}: wall {be[-1]['wall_s']:.2f} s", flush=True)
            br.append(run_brian2(args.duration_ms, args.threads, work, r + 1))
            print(f"brian2 run {r}: wall {br[-1]['wall_s']:.2f} s", flush=True)
    sim_s = args.duration_ms * 1e-3
    med_be = statistics.median(x["wall_s"] for x in be)
    med_br = statistics.median(x["wall_s"] for x in br)
    result = {"question": question, **provenance(), "threads": args.threads,
              "duration_ms": args.duration_ms,
              "brainemu": {"runs": be, "median_wall_s": med_be, "rtf": med_be / sim_s},
              "brian2_cpp_standalone": {"runs": br, "median_wall_s": med_br, "rtf": med_br / sim_s},
              "speedup_over_brian2": med_br / med_be}
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
    print(f"brainemu RTF {med_be / sim_s:.2f}, Brian2 RTF {med_br / sim_s:.2f}: "
          f"brainemu {med_br / med_be:.1f}x faster; wrote {args.out}")
    return 0
