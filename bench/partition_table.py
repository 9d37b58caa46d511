#!/usr/bin/python3
"""How much spike traffic does a locality-aware partition save on real connectomes?

For K = 2, 4, 8, 16, 64 parts and each method (METIS, round-robin as NEST does, contiguous by
id), runs `brainemu partition --json` on the connectomes whose data is present (C. elegans,
Cook et al. 2019; the whole Drosophila larva brain, Winding et al. 2023), imported with
`brainemu import` into connectomes/ when not there yet (the arguments of
scripts/import-examples.sh). Writes bench/results/partition_cuts.json: per (connectome, K,
method) the cut fraction (stored synapses whose source is in another part), the fraction of
(source, part) pairs that cross (one message per spike each), imbalance and partition time.

The microcircuit and the FlyWire-sized surrogate are built-in networks, not .bcx files yet, so
they are not in the table.

    /usr/bin/python3 bench/partition_table.py [--brainemu build/release/brainemu] [--data DIR]
"""
import argparse
import datetime
import json
import os
import platform
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KS = [2, 4, 8, 16, 64]
METHODS = ["metis", "round-robin", "contiguous"]

# name -> (format, inputs relative to the data folder, extra arguments with {data})
CONNECTOMES = {
    "celegans_cook2019": (
        "cook2019",
        ["celegans_cook2019/cook2019_hermaphrodite_chemical_edgelist.csv",
         "celegans_cook2019/cook2019_herm_gap_jn_symmetric_edgelist.csv"],
        ["--transmitters",
         "{data}/celegans_neurotransmitters_bentley2016/Bentley_et_al_2016_expression.csv"]),
    "larva": (
        "larva",
        ["drosophila_larva_winding2023_full/unmatched_full_edgelist.csv",
         "drosophila_larva_winding2023_full/unmatched_full_nodes.csv",
         "drosophila_larva_winding2023_full/meta_data.csv"],
        []),
}


def provenance(argv):
    def git(*a):
        return subprocess.run(["git", "-C", ROOT, *a], capture_output=True, text=True).stdout.strip()
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
    except OSError:
        pass
    metis = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libmetis-dev"],
                           capture_output=True, text=True).stdout.strip()
    return {
        "commit": git("rev-parse", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "command": " ".join(["/usr/bin/python3"] + argv),
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpu": cpu, "cpus": os.cpu_count(), "platform": platform.platform()},
        "libmetis": metis,
    }


def ensure_bcx(brainemu, data, name):
    """The connectome's .bcx path, importing it first if absent; None if its data is absent."""
    out = os.path.join(ROOT, "connectomes", name + ".bcx")
    if os.path.exists(out):
        return out
    fmt, inputs, extra = CONNECTOMES[name]
    files = [os.path.join(data, rel) for rel in inputs]
    missing = [f for f in files if not os.path.exists(f)]
    if missing:
        print(f"skip {name}: {missing[0]} is absent", file=sys.stderr)
        return None
    os.makedirs(os.path.dirname(out), exist_ok=True)
    subprocess.run([brainemu, "import", "--format", fmt, *files, "--out", out,
                    *[e.format(data=data) for e in extra]], check=True)
    return out


def partition(brainemu, bcx, k, method):
    p = subprocess.run([brainemu, "partition", bcx, "--parts", str(k), "--method", method,
                        "--json"], capture_output=True, text=True, check=True)
    return json.loads(p.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--brainemu", default=os.environ.get(
        "BRAINEMU", os.path.join(ROOT, "build/release/brainemu")))
    ap.add_argument("--data", default=os.environ.get(
        "BRAINEMU_DATA", os.path.join(ROOT, "..", "shared", "data")))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench/results/partition_cuts.json"))
    args = ap.parse_args()

    rows = []
    print(f"{'connectome':<18} {'K':>3} {'method':<12} {'cut':>7} {'pairs x':>8} "
          f"{'imb n':>6} {'imb syn':>7} {'time s':>8}")
    for name in CONNECTOMES:
        bcx = ensure_bcx(args.brainemu, args.data, name)
        if bcx is None:
            continue
        for k in KS:
            for method in METHODS:
                j = partition(args.brainemu, bcx, k, method)
                row = {key: j[key] for key in (
                    "method", "k", "neurons", "synapses", "synapse_count", "cut_fraction",
                    "cut_count_fraction", "source_part_pairs", "source_part_pairs_crossing",
                    "imbalance", "partition_s")}
                row["connectome"] = name
                row["seed"] = j.get("seed")
                rows.append(row)
                print(f"{name:<18} {k:>3} {method:<12} {row['cut_fraction']:>7.4f} "
                      f"{row['source_part_pairs_crossing']:>8.4f} "
                      f"{row['imbalance']['neurons']:>6.3f} {row['imbalance']['synapses']:>7.3f} "
                      f"{row['partition_s']:>8.4f}", flush=True)

    result = {
        "question": "cut fraction and source-part pairs crossing of METIS vs round-robin vs "
                    "contiguous partitions of real connectomes, K = 2..64",
        "left_out": "the microcircuit and the FlyWire-sized surrogate: built-in networks, "
                    "not .bcx files yet",
        "provenance": provenance(sys.argv),
        "rows": rows,
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    os.replace(tmp, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
