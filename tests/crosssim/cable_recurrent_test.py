#!/usr/bin/python3
"""A recurrent network of biophysical cells against NEURON 8.2: spikes of cells driving synapses
on other cells.

The circuit (written here, deterministic): 20 Allen perisomatic cells (four of each
5_cells_iclamp model) under current steps of 0.14 to 0.26 nA from 100 ms, each receiving 12
synapses from other cells on basal and apical sections: excitatory Exp2Syn (1 / 3 ms, 0 mV,
0.004 uS) and inhibitory ExpSyn (5 ms, -70 mV, 0.003 uS), delays 1.02 to 4.02 ms (0.02 ms off
the 0.1 ms grid: an event due exactly at a step's middle would be decided by how each simulator
rounds its time), 600 ms at dt 0.1 ms. brainemu runs it with 1 and 2 threads and, where mpirun is
present, 2 ranks: spikes and soma traces must be bit-identical (the exchange of spikes every
shortest delay must not depend on the layout). The NEURON reference is
bench/results/neuron_recurrent.json, written by bench/biophysical_neuron_reference.py on the
same circuit (`--write-circuit DIR` writes it) with the Allen NMODL files: every cell's spike
count must equal NEURON's and every spike lie within 0.5 ms of NEURON's (measured: all on the
same step), soma voltage RMS below 0.05 mV.

Usage: cable_recurrent_test.py --brainemu BIN --data SONATA_EXAMPLES --reference DIR
         [--mpirun]    (or --write-circuit DIR instead of --reference)
Exit 77 (skipped) when h5py or the data is absent.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sonata_edges import write_dendritic_edges  # noqa: E402

MODELS = [(100, "Scnn1a_473845048_m", "Cell_472363762.cell.nml"),
          (101, "Rorb_325404214_m", "Cell_473863510.cell.nml"),
          (102, "Nr5a1_471087815_m", "Cell_473863035.cell.nml"),
          (103, "Pvalb_470522102_m", "Cell_472912177.cell.nml"),
          (104, "Pvalb_469628681_m", "Cell_473862421.cell.nml")]
CELLS = 20
TSTOP = 600.0


def lcg(seed):
    """A small deterministic generator (the circuit must be the same file for the reference)."""
    state = seed
    while True:
        state = (6364136223846793005 * state + 1442695040888963407) % (1 << 64)
        yield (state >> 11) / float(1 << 53)


def write_circuit(folder, data):
    import h5py
    import numpy as np
    folder = os.path.abspath(folder)
    comp = os.path.abspath(os.path.join(data, "shared_components"))
    net = os.path.join(folder, "network")
    os.makedirs(net, exist_ok=True)
    types = [MODELS[i % 5][0] for i in range(CELLS)]
    with h5py.File(os.path.join(net, "cells.h5"), "w") as f:
        g = f.create_group("nodes/cells")
        g["node_id"] = np.arange(CELLS, dtype=np.uint64)
        g["node_type_id"] = np.array(types, dtype=np.int64)
        g.create_group("0")
    with open(os.path.join(net, "cell_types.csv"), "w") as f:
        f.write("node_type_id model_type model_template morphology model_processing\n")
        for t, morph, nml in MODELS:
            f.write(f"{t} biophysical nml:{nml} {morph} aibs_perisomatic\n")
    rnd = lcg(7)
    dendritic = {}
    for t, morph, _ in MODELS:
        # BMTK's sec_id order: soma, dend..., apic..., axon stubs; count from the SWC types.
        out = subprocess.run([ARGS.brainemu, "morphology",
                              os.path.join(comp, "morphologies", morph + ".swc"), "--json"],
                             capture_output=True, text=True)
        sections = json.loads(out.stdout)["sections"]
        dendritic[t] = [i for i, s in enumerate(sections)
                        if s["name"].split("[")[0] in ("dend", "apic")]
    rows = []
    for target in range(CELLS):
        for k in range(12):
            source = (target + 1 + int(next(rnd) * (CELLS - 1))) % CELLS
            kind = 1 if k % 3 else 2
            secs = dendritic[types[target]]
            rows.append((source, target, kind, secs[int(next(rnd) * len(secs))], next(rnd),
                         0.004 if kind == 1 else 0.003,
                         # Off the grid by 0.02 ms: a spike (on the grid) arrives 0.03 ms
                         # before a step's middle, never on it, where the two simulators'
                         # rounding of t would decide the step.
                         round(1.0 + round(3.0 * next(rnd), 1) + 0.02, 2)))
    write_dendritic_edges(os.path.join(net, "edges.h5"), "cells_to_cells", "cells", "cells", rows)
    json.dump({"tau1": 1.0, "tau2": 3.0, "erev": 0.0}, open(os.path.join(folder, "exc.json"), "w"))
    json.dump({"tau1": 5.0, "erev": -70.0}, open(os.path.join(folder, "inh.json"), "w"))
    with open(os.path.join(net, "edge_types.csv"), "w") as f:
        f.write("edge_type_id delay dynamics_params model_template\n")
        f.write("1 2.0 exc.json Exp2Syn\n2 2.0 inh.json ExpSyn\n")
    json.dump({"components": {"morphologies_dir": os.path.join(comp, "morphologies"),
                              "synaptic_models_dir": folder,
                              "biophysical_neuron_models_dir":
                                  os.path.join(comp, "biophysical_neuron_templates", "nml")},
               "networks": {"nodes": [{"nodes_file": os.path.join(net, "cells.h5"),
                                       "node_types_file": os.path.join(net, "cell_types.csv")}],
                            "edges": [{"edges_file": os.path.join(net, "edges.h5"),
                                       "edge_types_file": os.path.join(net, "edge_types.csv")}]}},
              open(os.path.join(folder, "circuit_config.json"), "w"), indent=1)
    clamps = {}
    for i in range(CELLS):
        clamps[f"clamp_{i}"] = {"input_type": "current_clamp", "module": "IClamp",
                                "node_set": f"cell_{i}", "amp": round(0.14 + 0.006 * i, 3),
                                "delay": 100.0, "duration": 1000.0}
    json.dump({f"cell_{i}": {"population": "cells", "node_id": [i]} for i in range(CELLS)},
              open(os.path.join(folder, "node_sets.json"), "w"))
    json.dump({"run": {"tstop": TSTOP, "dt": 0.1, "dL": 20.0, "spike_threshold": -15},
               "network": os.path.join(folder, "circuit_config.json"),
               "conditions": {"celsius": 34.0, "v_init": -80},
               "node_sets_file": os.path.join(folder, "node_sets.json"), "inputs": clamps,
               "output": {"output_dir": os.path.join(folder, "output")},
               "reports": {"membrane_potential": {"cells": "cells", "variable_name": "v",
                                                  "module": "membrane_report",
                                                  "sections": "soma"}}},
              open(os.path.join(folder, "simulation_config.json"), "w"), indent=1)


def read(out):
    import h5py
    with h5py.File(os.path.join(out, "spikes.h5"), "r") as f:
        s = (f["spikes/cells/timestamps"][:], f["spikes/cells/node_ids"][:])
    with h5py.File(os.path.join(out, "membrane_potential.h5"), "r") as f:
        v = f["report/cells/data"][:]
    return s, v


def main():
    if ARGS.write_circuit:
        write_circuit(ARGS.write_circuit, ARGS.data)
        return 0
    try:
        import numpy as np
        import h5py  # noqa: F401
    except ImportError:
        print("SKIP: h5py or numpy is absent")
        return 77
    if not os.path.isdir(os.path.join(ARGS.data, "shared_components")):
        print(f"SKIP: {ARGS.data}/shared_components is absent (../shared/data/sonata_examples)")
        return 77
    tmp = tempfile.mkdtemp(prefix="cable_recurrent_")
    failures = []
    try:
        folder = os.path.join(tmp, "recurrent")
        write_circuit(folder, ARGS.data)
        config = os.path.join(folder, "simulation_config.json")
        env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
        outs = {}
        for label, prefix, extra in (("1 thread", [], ["--threads", "1"]),
                                     ("2 threads", [], ["--threads", "2"]),
                                     ("2 ranks", ["mpirun", "-np", "2", "--oversubscribe"], [])):
            if prefix and not (ARGS.mpirun and shutil.which("mpirun")):
                continue
            out = os.path.join(tmp, label.replace(" ", "_"))
            p = subprocess.run(prefix + [ARGS.brainemu, "run", config, "--out", out] + extra,
                               capture_output=True, text=True, env=env)
            if p.returncode != 0:
                failures.append(f"{label}: exit {p.returncode}: {p.stderr}")
                continue
            outs[label] = read(out)
        (t, ids), v = outs["1 thread"]
        for label, ((t2, ids2), v2) in outs.items():
            if label == "1 thread":
                continue
            same = np.array_equal(t, t2) and np.array_equal(ids, ids2) and np.array_equal(v, v2)
            print(f"{label} bit-identical to 1 thread: {same}")
            if not same:
                failures.append(f"{label} differs from 1 thread")
        ref = json.load(open(os.path.join(ARGS.reference, "neuron_recurrent.json")))
        every = int(round(ref["settings"]["sample_every_ms"] / ref["settings"]["dt"]))
        total = 0
        for node in ref["nodes"].values():
            nid = node["node_id"]
            theirs = np.array(node["spike_times_ms"])
            mine = np.sort(t[ids == nid])
            total += len(mine)
            worst = (float(np.max(np.abs(theirs - mine))) if len(theirs) == len(mine)
                     and len(mine) else 0.0)
            vm = v[every - 1::every, nid][:len(node["soma_v"])]
            rms = float(np.sqrt(np.mean((vm - np.array(node["soma_v"])) ** 2)))
            print(f"node {nid}: {len(mine)} spikes (NEURON {len(theirs)}), max |dt| "
                  f"{worst:.3f} ms, soma v RMS {rms:.4f} mV")
            if len(mine) != len(theirs) or worst > 0.5 or rms > 0.05:
                failures.append(f"node {nid} differs from NEURON")
        if total < 50:
            failures.append(f"only {total} spikes: the network does not test recurrence")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--brainemu", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--reference")
    ap.add_argument("--mpirun", action="store_true")
    ap.add_argument("--write-circuit")
    ARGS = ap.parse_args()
    sys.exit(main())
