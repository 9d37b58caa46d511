#!/usr/bin/python3
"""What does a K-way split of a real run send between its parts, and how balanced is it?

For K = 2, 4, 8, 16, 64 and each partitioner (METIS, round-robin as NEST does, contiguous by
id), runs `brainemu run --virtual-parts K --method M`: one process that keeps the K parts'
books exactly (a spike crosses once to every part holding one of its targets, as the MPI
backend sends it; tests/cli/partition_determinism_test.sh checks that an MPI run counts the
same). Networks: the microcircuit at scale 0.1 and 1.0 (DC drive), C. elegans (Cook 2019,
examples/celegans.toml), the whole larva brain (examples/larva.toml) and the FlyWire-sized
surrogate (real v783 neuron list, random wiring with FlyWire's totals: bench/bcx_bench --file,
fly LIF, 21 neurons at 200 Hz). Writes bench/results/partition_traffic.json: per (network, K,
method) the cut fraction (stored synapses whose source is in another part), spike messages and
bytes crossing per simulated second, and the imbalance (max/mean) of resident bytes.

METIS on the full-scale microcircuit is left out: its graph (2.99e8 synapses) does not fit the
partitioner's conversion on this 24 GiB machine in reasonable time.

    /usr/bin/python3 bench/partition_traffic.py [--brainemu build/release/brainemu] [--quick]
"""
import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KS = [2, 4, 8, 16, 64]
METHODS = ["metis", "round-robin", "contiguous"]


def networks(data, work, quick):
    """name -> (experiment file, extra run arguments, methods)"""
    out = {
        "microcircuit_0.1": (os.path.join(ROOT, "examples/microcircuit.toml"),
                             ["--set", "network.scale=0.1", "--set", "network.drive=dc",
                              "--duration-ms", "500"], METHODS),
    }
    if not quick:
        out["microcircuit_1.0"] = (os.path.join(ROOT, "examples/microcircuit.toml"),
                                   ["--set", "network.scale=1.0", "--set", "network.drive=dc",
                                    "--duration-ms", "200"], ["round-robin", "contiguous"])
    conn = os.path.join(ROOT, "connectomes")
    if os.path.exists(os.path.join(conn, "celegans_cook2019.bcx")):
        out["celegans"] = (os.path.join(ROOT, "examples/celegans.toml"),
                           ["--set", "simulation.trials=1", "--duration-ms", "1000"], METHODS)
    if os.path.exists(os.path.join(conn, "larva.bcx")):
        out["larva"] = (os.path.join(ROOT, "examples/larva.toml"),
                        ["--set", "simulation.trials=1", "--duration-ms", "1000"], METHODS)
    fly = os.path.join(conn, "flywire_surrogate.bcx")
    ids_file = os.path.join(data, "flywire_shiu2024", "Completeness_783.csv")
    if os.path.exists(fly) and os.path.exists(ids_file):
        with open(ids_file) as f:
            next(f)
            ids = [next(f).split(",")[0] for _ in range(21)]
        exp = os.path.join(work, "flywire_surrogate.toml")
        with open(exp, "w") as f:
            f.write(f"""[simulation]
duration_ms = 1000.0
[network]
connectome = "{fly}"
unit_weight_mV = 0.275
delay_ms = 1.8
[model]
name = "fly_lif"
[[stimulus]]
ids = [{", ".join(ids)}]
kind = "poisson"
rate_hz = 200.0
weight_mV = 68.75
receptor = "voltage"
refractory_ms = 0.0
""")
        out["flywire_surrogate"] = (exp, [], METHODS if not quick else ["round-robin"])
    return out


def one(brainemu, exp, args, k, method, work):
    out = os.path.join(work, "run")
    t0 = time.perf_counter()
    p = subprocess.run([brainemu, "run", exp, "--out", out, "--virtual-parts", str(k),
                        "--method", method, *args], capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{exp} K={k} {method}: {p.stderr.strip()}")
    with open(os.path.join(out, "profile.json")) as f:
        j = json.load(f)
    seconds = j["simulated_ms"] * 1e-3
    parts = j["partitions"]
    synapses = sum(x["synapses"] for x in parts)
    cut = sum(x["synapses_from_other_parts"] for x in parts)
    msgs = sum(map(sum, j["traffic"]["spikes"]))
    byts = sum(map(sum, j["traffic"]["bytes"]))
    mem = [x["bytes_resident"]["total"] for x in parts]
    return {
        "k": k, "method": method,
        "cut_fraction": cut / synapses if synapses else 0.0,
        "spike_messages_per_s": msgs / seconds,
        "bytes_per_s": byts / seconds,
        "spikes_per_s": j["spikes"] / seconds,
        "messages_per_spike": msgs / j["spikes"] if j["spikes"] else 0.0,
        "memory_imbalance": max(mem) / (sum(mem) / len(mem)),
        "partition_s": j["partitioning"]["partition_s"],
        "wall_s": round(time.perf_counter() - t0, 2),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--brainemu", default=os.path.join(ROOT, "build/release/brainemu"))
    ap.add_argument("--data", default=os.environ.get("BRAINEMU_DATA",
                                                     os.path.join(ROOT, "..", "shared", "data")))
    ap.add_argument("--quick", action="store_true", help="microcircuit 0.1 and connectomes only")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench/results/partition_traffic.json"))
    a = ap.parse_args()
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    result = {"question": __doc__.split("\n")[0], "commit": commit,
              "date": datetime.date.today().isoformat(), "cpus": os.cpu_count(),
              "command": " ".join(["bench/partition_traffic.py", *sys.argv[1:]]),
              "networks": {}}
    with tempfile.TemporaryDirectory() as work:
        for name, (exp, args, methods) in networks(a.data, work, a.quick).items():
            rows = []
            for method in methods:
                for k in KS:
                    r = one(a.brainemu, exp, args, k, method, work)
                    rows.append(r)
                    print(f"{name:18s} K={k:3d} {method:12s} cut {r['cut_fraction']:.3f} "
                          f"msgs/s {r['spike_messages_per_s']:10.4g} ({r['messages_per_spike']:.2f}"
                          f" per spike) bytes/s {r['bytes_per_s']:10.4g} mem max/mean "
                          f"{r['memory_imbalance']:.3f}", flush=True)
            result["networks"][name] = rows
    with open(a.out, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
