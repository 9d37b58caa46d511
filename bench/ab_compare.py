#!/usr/bin/python3
"""Question: is build B as fast as build A? The full-scale microcircuit (DC drive), Brunel
network A, and one rank of 128 of the full-scale microcircuit (a dry run: blocks of ~300
targets, the form finely cut networks store), run by two brainemu binaries alternately (A, B,
A, B, ...) so that both see the same machine state; medians of the RTFs and the ratio B / A,
plus whether both gave the same spikes (the SHA-256 of spikes.bin).

Usage: /usr/bin/python3 bench/ab_compare.py --a OLD/brainemu --b NEW/brainemu
       [--label-a before --label-b after] [--repetitions 3] [--threads 2]
       [--micro-duration-ms 2000] [--brunel-duration-ms 2000] [--rank-duration-ms 10000]
       [--warmup-ms 500]
       [--out bench/results/redesign_ab.json]
RTF = wall time of the run loop / simulated time after the warm-up (profile.json's rtf).
"""
import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from side_by_side import ROOT, provenance  # noqa: E402


def run_once(binary, args, out):
    subprocess.run([binary, "run", *args, "--out", out], check=True, stdout=subprocess.DEVNULL)
    p = json.load(open(os.path.join(out, "profile.json")))
    with open(os.path.join(out, "spikes.bin"), "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    return {"rtf": p["rtf"], "build_s": p["build_s"], "spikes": p["spikes"], "sha256": digest}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--a", required=True, help="the baseline brainemu")
    ap.add_argument("--b", required=True, help="the brainemu to compare")
    ap.add_argument("--label-a", default="before")
    ap.add_argument("--label-b", default="after")
    ap.add_argument("--repetitions", type=int, default=3)
    ap.add_argument("--threads", default="2")
    ap.add_argument("--micro-duration-ms", default="2000")
    ap.add_argument("--brunel-duration-ms", default="2000")
    ap.add_argument("--rank-duration-ms", default="10000")
    ap.add_argument("--warmup-ms", default="500")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench/results/redesign_ab.json"))
    args = ap.parse_args()
    common = ["--threads", args.threads, "--warmup-ms", args.warmup_ms]
    cases = {
        "microcircuit full scale, DC": [
            os.path.join(ROOT, "examples/microcircuit.toml"), "--set", "network.scale=1.0",
            "--set", "network.drive=dc", "--duration-ms", args.micro_duration_ms, *common],
        "Brunel A": [
            os.path.join(ROOT, "examples/brunel.toml"), "--duration-ms",
            args.brunel_duration_ms, *common],
        "microcircuit full scale, DC, rank 5 of 128": [
            os.path.join(ROOT, "examples/microcircuit.toml"), "--set", "network.scale=1.0",
            "--set", "network.drive=dc", "--dry-run-rank", "5", "--dry-run-ranks", "128",
            "--duration-ms", args.rank_duration_ms, *common],
    }
    results = []
    with tempfile.TemporaryDirectory() as work:
        for name, run_args in cases.items():
            got = {args.label_a: [], args.label_b: []}
            for rep in range(args.repetitions):
                for label, binary in ((args.label_a, args.a), (args.label_b, args.b)):
                    r = run_once(binary, run_args, os.path.join(work, f"{label}-{rep}"))
                    got[label].append(r)
                    print(f"{name} {label} #{rep}: RTF {r['rtf']:.3f}, build {r['build_s']:.1f} s,"
                          f" {r['spikes']} spikes", flush=True)
            med = {k: statistics.median(x["rtf"] for x in v) for k, v in got.items()}
            same = len({x["sha256"] for v in got.values() for x in v}) == 1
            results.append({
                "case": name,
                "args": run_args,
                "rtf": {k: [x["rtf"] for x in v] for k, v in got.items()},
                "build_s": {k: [x["build_s"] for x in v] for k, v in got.items()},
                "median_rtf": med,
                "ratio_b_over_a": med[args.label_b] / med[args.label_a],
                "identical_spikes": same,
                "spikes": got[args.label_a][0]["spikes"],
            })
            print(f"{name}: median RTF {args.label_a} {med[args.label_a]:.3f}, "
                  f"{args.label_b} {med[args.label_b]:.3f}, ratio "
                  f"{results[-1]['ratio_b_over_a']:.3f}; identical spikes: {same}", flush=True)
    doc = {"question": __doc__.split("\n\n")[0].replace("\n", " "),
           "a": {"label": args.label_a, "binary": args.a},
           "b": {"label": args.label_b, "binary": args.b},
           "repetitions": args.repetitions, "threads": int(args.threads),
           "warmup_ms": float(args.warmup_ms), **provenance(), "cases": results}
    with open(args.out, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
