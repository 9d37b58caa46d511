#!/usr/bin/python3
"""Question: how much of a rank's spike traffic leaves it, as a function of the neurons per
rank, for the cortex sheet cut into spatial patches (contiguous ids along its Z curve) or
round-robin, and for the real connectomes cut by METIS?

Three sources, each in its own series of bench/results/locality.json:
- sheet_virtual: the example sheet (40,960 neurons, in-degree 500) run for 100 ms with
  --virtual-parts K, contiguous and round-robin, long-range share 0.5 and 0.1: exact books of
  one process. Per point: neurons per part, the share of synapses whose source is in another
  part, messages per spike (the other parts a spike is sent to, on average) and that over K - 1.
- sheet_dry_run: one rank of a 10^7-neuron sheet (columns of 10,000 neurons, in-degree 1,000)
  for 20 ms with --dry-run-ranks K, K = 10 .. 10,000 (10^6 .. 10^3 neurons per rank), long-range
  share 0.5, 0.1 and 0: messages received per spike the rank fires, which for ranks alike is
  the messages each spike sends.
- connectomes_metis: bench/results/partition_traffic.json (METIS, K = 2 .. 64), as measured
  there: C. elegans, the larva, the FlyWire-shaped surrogate, the 10 % microcircuit.
Usage: /usr/bin/python3 bench/locality_curve.py [--brainemu build/ci/brainemu]
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

DRY = """[simulation]
dt_ms = 0.1
duration_ms = 20.0
seed = 1

[network]
builtin = "cortex_sheet"
neurons = 10000000
neurons_per_column = 10000
column_um = 353.6
in_degree = 1000

[record]
spikes = true
"""


def run(brainemu, exp, out, *args):
    subprocess.run([brainemu, "run", exp, "--out", out, *args], check=True, capture_output=True)
    return json.load(open(os.path.join(out, "profile.json")))


def sheet_virtual(brainemu, work):
    points = []
    for share in [0.5, 0.1]:
        for method in ["contiguous", "round-robin"]:
            for parts in [4, 16, 64, 256]:
                p = run(brainemu, os.path.join(ROOT, "examples/cortex_sheet.toml"),
                        os.path.join(work, f"v_{share}_{method}_{parts}"), "--duration-ms", "100",
                        "--virtual-parts", str(parts), "--method", method, "--set",
                        "network.in_degree=500", "--set", f"network.long_range_share={share}")
                books = p["partitions"]
                spikes = sum(b["spikes"] for b in books)
                sent = sum(b["spikes_sent"] for b in books)
                pt = {"long_range_share": share, "method": method, "parts": parts,
                      "neurons_per_part": p["neurons"] / parts,
                      "synapses_from_other_parts": sum(b["synapses_from_other_parts"]
                                                       for b in books) / p["synapses"],
                      "messages_per_spike": sent / spikes,
                      "share_of_other_parts_reached": sent / spikes / (parts - 1)}
                points.append(pt)
                print("virtual", pt, flush=True)
    return points


def sheet_dry_run(brainemu, work):
    exp = os.path.join(work, "sheet.toml")
    with open(exp, "w") as f:
        f.write(DRY)
    points = []
    for share in [0.5, 0.1, 0.0]:
        for k in [10, 100, 1000, 10000]:
            p = run(brainemu, exp, os.path.join(work, f"d_{share}_{k}"), "--set",
                    f"network.long_range_share={share}", "--dry-run-rank", str(k // 2),
                    "--dry-run-ranks", str(k))
            d = p["dry_run"]
            pt = {"long_range_share": share, "ranks": k, "neurons_per_rank": p["neurons"],
                  "messages_per_spike": d["spikes_received"] / p["spikes"],
                  "share_of_other_ranks_reached": d["spikes_received"] / p["spikes"] / (k - 1),
                  "ranks_sending": d["ranks_sending"], "remote_sources": d["remote_sources"],
                  "bytes_per_synapse": p["bytes_per_synapse"]}
            points.append(pt)
            print("dry run", pt, flush=True)
    return points


def connectomes_metis():
    src = json.load(open(os.path.join(ROOT, "bench/results/partition_traffic.json")))
    # Neurons per network: the .bcx files as bench/results/partition_cuts.json counts them, the
    # surrogate's v783 neuron list and the microcircuit's published sizes.
    sizes = {"celegans": 473, "larva": 3013, "flywire_surrogate": 139255,
             "microcircuit_0.1": 7718, "microcircuit_1.0": 77169}
    points = []
    for net, rows in src["networks"].items():
        for r in rows:
            if r["method"] == "metis" and net in sizes:
                points.append({"network": net, "parts": r["k"],
                               "neurons_per_part": sizes[net] / r["k"],
                               "messages_per_spike": r["messages_per_spike"],
                               "share_of_other_parts_reached":
                                   r["messages_per_spike"] / (r["k"] - 1),
                               "synapses_from_other_parts": r["cut_fraction"]})
    return {"from": f"bench/results/partition_traffic.json ({src['commit']}, {src['date']})",
            "points": points}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--brainemu", default=os.path.join(ROOT, "build/ci/brainemu"))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench/results/locality.json"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as work:
        result = {"question": __doc__.split("\n")[0], **provenance(),
                  "date": datetime.date.today().isoformat(),
                  "command": "bench/locality_curve.py " + " ".join(sys.argv[1:]),
                  "sheet_virtual": sheet_virtual(args.brainemu, work),
                  "sheet_dry_run": sheet_dry_run(args.brainemu, work),
                  "connectomes_metis": connectomes_metis()}
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
