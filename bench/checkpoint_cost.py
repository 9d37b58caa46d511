#!/usr/bin/python3
"""Question: what does a checkpoint of the full-scale microcircuit (77,169 neurons, 2.99e8
synapses) cost: its bytes (per neuron and per synapse), the time to write it (gather, encode,
write, fsync, rename) and to read and restore it, and does the resumed run give the
uninterrupted run's spikes?

Usage: /usr/bin/python3 bench/checkpoint_cost.py [--brainemu build/release/brainemu]
       [--threads 2] [--repeats 3] [--out bench/results/checkpoint_cost.json]
Each repeat runs 200 ms (Poisson drive) with --checkpoint-at 100, then resumes that checkpoint
with the same threads; times are medians over the repeats, as the run's log reports them.
"""
import argparse
import json
import os
import re
import statistics
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from side_by_side import ROOT, provenance  # noqa: E402


def spikes(path):
    raw = open(path, "rb").read()
    (count,) = struct.unpack_from("<Q", raw, 24)
    return [struct.unpack_from("<II", raw, 32 + 8 * i) for i in range(count)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--brainemu", default=os.path.join(ROOT, "build/release/brainemu"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench/results/checkpoint_cost.json"))
    args = ap.parse_args()
    common = ["--threads", str(args.threads), "--duration-ms", "200",
              "--set", "network.scale=1.0", "--set", "network.drive=poisson"]
    exp = os.path.join(ROOT, "examples/microcircuit.toml")
    write_s, read_s, restore_s, identical = [], [], [], []
    with tempfile.TemporaryDirectory() as work:
        for r in range(args.repeats):
            a, b = os.path.join(work, f"a{r}"), os.path.join(work, f"b{r}")
            log = subprocess.run([args.brainemu, "run", exp, "--out", a, "--checkpoint-at", "100",
                                  *common], capture_output=True, text=True, check=True).stdout
            write_s.append(float(re.search(r"checkpoint at 100 ms: .* in ([0-9.]+) s\)", log).group(1)))
            ck = os.path.join(a, "checkpoint-100ms")
            meta = json.load(open(os.path.join(ck, "checkpoint.json")))
            files = {f: os.path.getsize(os.path.join(ck, f)) for f in os.listdir(ck)}
            log = subprocess.run([args.brainemu, "run", "--resume", ck, "--out", b,
                                  "--threads", str(args.threads)],
                                 capture_output=True, text=True, check=True).stdout
            m = re.search(r"read in ([0-9.]+) s, restored in ([0-9.]+) s", log)
            read_s.append(float(m.group(1)))
            restore_s.append(float(m.group(2)))
            full = [s for s in spikes(os.path.join(a, "spikes.bin")) if s[0] >= meta["step"]]
            identical.append(full == spikes(os.path.join(b, "spikes.bin")))
            print(f"repeat {r}: {sum(files.values()) / 1e6:.2f} MB, write {write_s[-1]:.3f} s, "
                  f"read {read_s[-1]:.3f} s, restore {restore_s[-1]:.3f} s, "
                  f"identical spikes {identical[-1]}", flush=True)
    total = sum(files.values())
    result = {"question": __doc__.split("\n\n")[0].replace("\n", " "),
              **provenance(),
              "threads": args.threads, "repeats": args.repeats,
              "neurons": meta["neurons"], "synapses": meta["synapses"],
              "pending_inputs": meta["pending_inputs"],
              "file_bytes": files, "bytes": total,
              "bytes_per_neuron": total / meta["neurons"],
              "bytes_per_synapse": total / meta["synapses"],
              "write_s_median": statistics.median(write_s),
              "read_s_median": statistics.median(read_s),
              "restore_s_median": statistics.median(restore_s),
              "write_ns_per_synapse": statistics.median(write_s) / meta["synapses"] * 1e9,
              "write_s": write_s, "read_s": read_s, "restore_s": restore_s,
              "resumed_spikes_identical": all(identical)}
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print(json.dumps({k: result[k] for k in ("bytes", "bytes_per_neuron", "bytes_per_synapse",
                                             "write_s_median", "read_s_median", "restore_s_median",
                                             "resumed_spikes_identical")}, indent=2))
    return 0 if all(identical) else 1


if __name__ == "__main__":
    sys.exit(main())
