#!/usr/bin/python3
"""Question: what does one rank of a K-rank run of the cortex sheet hold, cost and receive, with
the neurons per rank fixed and K from 1 to 1,000,000 (10^4 to 10^10 neurons in all)?

Each point is a dry run (docs/scaling.md): `brainemu run --dry-run-rank R --dry-run-ranks K`
builds only rank R's share of a sheet of K x n neurons and runs it, the other ranks firing as
rank R does (stand-in "replicate"). Per point, from its profile.json: bytes per synapse,
resident bytes after the build and the build's peak (the process, as the kernel counts it),
build time, wall time per simulated second, the spikes and bytes this rank receives per
simulated second and per spike its own neurons fire (in a network whose ranks are alike, what
a rank receives per own spike is what it sends: each message sent is received once), and how
many ranks and remote sources it hears from.

The sheet: builtin = "cortex_sheet" at its defaults' density (80,000 neurons per mm^2), sigma
(300 um) and long_range_share (0.5, and 0.1 for the 10^4-neuron ranks), in columns of 10,000
neurons (354 um wide, so that a rank is whole columns: the sheet rounds its size to whole
columns), and in_degree = 1,000 (4,000 by default) so that a point runs in seconds on two
cores. Both series reach 10^10 neurons (ids are 64-bit): 10^4-neuron ranks at K = 10^6,
10^5-neuron ranks at K = 10^5.

Usage: /usr/bin/python3 bench/weak_scaling.py [--brainemu build/ci/brainemu]
       [--out bench/results/weak_scaling.json] [--quick]
"""
import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from side_by_side import ROOT, provenance  # noqa: E402

SERIES = [
    # (neurons per rank, long-range share, simulated ms, ranks)
    (10_000, 0.5, 200.0, [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]),
    (10_000, 0.1, 200.0, [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]),
    (100_000, 0.5, 50.0, [1, 10, 100, 1_000, 10_000, 100_000]),
]
IN_DEGREE = 1000

EXPERIMENT = """[simulation]
dt_ms = 0.1
duration_ms = 100.0
seed = 1

[network]
builtin = "cortex_sheet"
neurons = 10000
neurons_per_column = 10000
column_um = 353.6

[record]
spikes = true
"""


def point(brainemu, work, n, share, ms, k, threads):
    exp = os.path.join(work, "sheet.toml")
    with open(exp, "w") as f:
        f.write(EXPERIMENT)
    out = os.path.join(work, f"n{n}_s{share}_k{k}")
    rank = k // 2
    cmd = [brainemu, "run", exp, "--out", out, "--threads", str(threads), "--duration-ms",
           str(ms), "--set", f"network.neurons={n * k}", "--set",
           f"network.in_degree={IN_DEGREE}", "--set", f"network.long_range_share={share}",
           "--dry-run-rank", str(rank), "--dry-run-ranks", str(k)]
    subprocess.run(cmd, check=True, capture_output=True)
    p = json.load(open(os.path.join(out, "profile.json")))
    d = p["dry_run"]
    sim_s = p["simulated_ms"] * 1e-3
    own = p["spikes"]
    # Thread-seconds per neuron update and per synaptic event, as `plan --calibrate` takes them.
    threads_s = {ph: sum(t[ph] for t in p["per_thread_time_s"]) for ph in ["update", "delivery"]}
    return {
        "ranks": k, "rank": rank, "neurons_per_rank": p["neurons"],
        "network_neurons_total": p["network_neurons_total"],
        "synapses_per_rank": p["synapses"],
        "network_synapses_total": p.get("network_synapses_total"),
        "bytes_per_synapse": p["bytes_per_synapse"],
        "bytes_resident_engine": p["bytes_resident"]["total"],
        "bytes_resident_state": p["bytes_resident"]["state"],
        "rss_after_build_bytes": p["rss_bytes"]["after_build"],
        "rss_peak_build_bytes": p["peak_rss_bytes"]["build"],
        "build_s": p["build_s"],
        "wall_s_per_simulated_s": p["wall_s"] / sim_s,
        "s_per_neuron_update": threads_s["update"] / p["neuron_updates"],
        "s_per_synaptic_event": threads_s["delivery"] / max(1, p["synaptic_events"]),
        "dt_ms": p["dt_ms"],
        "mean_rate_hz": p["mean_rate_hz"],
        "spikes_received_per_simulated_s": d["spikes_received"] / sim_s,
        "bytes_received_per_simulated_s": d["bytes_received"] / sim_s,
        "messages_per_own_spike": d["spikes_received"] / own if own else None,
        "ranks_sending": d["ranks_sending"],
        "remote_sources": d["remote_sources"],
        "threads": threads, "simulated_ms": p["simulated_ms"],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--brainemu", default=os.path.join(ROOT, "build/ci/brainemu"))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench/results/weak_scaling.json"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--quick", action="store_true", help="10 ms per point (a smoke run)")
    args = ap.parse_args()
    series = []
    with tempfile.TemporaryDirectory() as work:
        for n, share, ms, ks in SERIES:
            points = []
            for k in ks:
                pt = point(args.brainemu, work, n, share, 10.0 if args.quick else ms, k,
                           args.threads)
                points.append(pt)
                print(f"n {n} share {share} K {k:>6}: {pt['bytes_per_synapse']:.2f} B/syn, "
                      f"RSS {pt['rss_after_build_bytes'] / 2**20:.0f} MiB (build peak "
                      f"{pt['rss_peak_build_bytes'] / 2**20:.0f}), build {pt['build_s']:.1f} s, "
                      f"wall/sim {pt['wall_s_per_simulated_s']:.0f}, in "
                      f"{pt['bytes_received_per_simulated_s'] / 1e6:.1f} MB/s from "
                      f"{pt['ranks_sending']} ranks", flush=True)
            series.append({"neurons_per_rank": n, "long_range_share": share,
                           "in_degree": IN_DEGREE, "simulated_ms": points[0]["simulated_ms"],
                           "points": points})
    result = {"question": __doc__.split("\n")[0], **provenance(),
              "date": datetime.date.today().isoformat(),
              "command": "bench/weak_scaling.py " + " ".join(sys.argv[1:]),
              "stand_in": "replicate", "series": series}
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
