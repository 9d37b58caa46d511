#!/usr/bin/python3
"""What a multi-compartment cell costs: brainemu's cable rung against NEURON 8.2, same cells,
same machine, same session.

Question: how many ns does one compartment-step take, and how many bytes does a compartment and
a dendritic synapse hold, for the Allen perisomatic cells (5_cells_iclamp's five models), one
thread and two, alone and in a network of a few hundred such cells with random dendritic
synapses; and how does NEURON's own fixed-step time on the same cells compare?

Cases (each a SONATA circuit run from its simulation_config.json, generated here into a
temporary folder except the first two, which are the examples themselves):
  - 5_cells_iclamp and 9_cells, as published;
  - per model: 20 copies of one Allen model under the 5_cells current steps (1 s);
  - network: N cells (the five models in turn; default 300) each with 100 excitatory and 30
    inhibitory Exp2Syn synapses on random basal and apical sections at random positions, driven
    by 200 virtual Poisson sources (10 Hz, seeded), 1 s.
brainemu's figures come from its cable_profile.json (step time summed over threads: core-ns per
compartment-step; state bytes: every array the cells hold). NEURON's are the wall time of its
run alone (bench/biophysical_neuron_reference.py, which needs the Allen NMODL files compiled in
--modfiles; without them the NEURON columns are left out).

Usage: /usr/bin/python3 bench/cable_cost.py --brainemu build/release/brainemu
         --data ../shared/data/sonata_examples [--modfiles DIR] [--cells 300] [--repeats 3]
         --out bench/results/cable_cost.json
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

import h5py
import numpy as np

MODELS = [  # node type, morphology, NeuroML cell (the 5_cells_iclamp models)
    (100, "Scnn1a_473845048_m", "Cell_472363762.cell.nml"),
    (101, "Rorb_325404214_m", "Cell_473863510.cell.nml"),
    (102, "Nr5a1_471087815_m", "Cell_473863035.cell.nml"),
    (103, "Pvalb_470522102_m", "Cell_472912177.cell.nml"),
    (104, "Pvalb_469628681_m", "Cell_473862421.cell.nml"),
]
CLAMPS = [(0.15, 500.0, 500.0), (0.175, 1500.0, 500.0), (0.2, 2500.0, 500.0)]


def dendrite_sections(brainemu, swc):
    """sec_id range of basal and apical sections (BMTK's order: soma, dend, apic, axon)."""
    out = subprocess.run([brainemu, "morphology", swc, "--json"], check=True,
                         capture_output=True, text=True).stdout
    sections = json.loads(out)["sections"]
    return [i for i, s in enumerate(sections) if s["name"].split("[")[0] in ("dend", "apic")]


def write_circuit(folder, data, types, tstop, clamps, inputs=None):
    """A SONATA circuit of biophysical cells of the given node types, with current clamps on
    all of them and/or virtual spike inputs (inputs: dict with edges and spikes)."""
    folder = os.path.abspath(folder)  # every path absolute: the NEURON script takes them as is
    os.makedirs(os.path.join(folder, "network"), exist_ok=True)
    comp = os.path.abspath(os.path.join(data, "shared_components"))
    n = len(types)
    with h5py.File(os.path.join(folder, "network", "cells.h5"), "w") as f:
        g = f.create_group("nodes/cells")
        g["node_id"] = np.arange(n, dtype=np.uint64)
        g["node_type_id"] = np.array(types, dtype=np.int64)
        g["node_group_id"] = np.zeros(n, dtype=np.uint32)
        g["node_group_index"] = np.arange(n, dtype=np.uint64)
        g.create_group("0")
    with open(os.path.join(folder, "network", "cell_types.csv"), "w") as f:
        f.write("node_type_id ei model_processing morphology model_template model_type\n")
        for t, morph, nml in MODELS:
            f.write(f"{t} e aibs_perisomatic {morph} nml:{nml} biophysical\n")
    net_dir = os.path.join(folder, "network")
    nets = {"nodes": [{"nodes_file": os.path.join(net_dir, "cells.h5"),
                       "node_types_file": os.path.join(net_dir, "cell_types.csv")}],
            "edges": []}
    sim_inputs = {}
    for k, (amp, delay, dur) in enumerate(clamps):
        sim_inputs[f"clamp_{k}"] = {"input_type": "current_clamp", "module": "IClamp",
                                    "node_set": "cells", "amp": amp, "delay": delay,
                                    "duration": dur}
    if inputs:
        m = inputs["sources"]
        with h5py.File(os.path.join(folder, "network", "input.h5"), "w") as f:
            g = f.create_group("nodes/input")
            g["node_id"] = np.arange(m, dtype=np.uint64)
            g["node_type_id"] = np.full(m, 1, dtype=np.int64)
            g["node_group_id"] = np.zeros(m, dtype=np.uint32)
            g["node_group_index"] = np.arange(m, dtype=np.uint64)
            g.create_group("0")
        with open(os.path.join(folder, "network", "input_types.csv"), "w") as f:
            f.write("node_type_id model_type\n1 virtual\n")
        nets["nodes"].append({"nodes_file": os.path.join(net_dir, "input.h5"),
                              "node_types_file": os.path.join(net_dir, "input_types.csv")})
        e = inputs["edges"]
        with h5py.File(os.path.join(folder, "network", "input_edges.h5"), "w") as f:
            g = f.create_group("edges/input_to_cells")
            g["source_node_id"] = e["source"].astype(np.uint64)
            g["source_node_id"].attrs["node_population"] = "input"
            g["target_node_id"] = e["target"].astype(np.uint64)
            g["target_node_id"].attrs["node_population"] = "cells"
            g["edge_type_id"] = e["type"].astype(np.int64)
            g["edge_group_id"] = np.zeros(len(e["source"]), dtype=np.uint32)
            g["edge_group_index"] = np.arange(len(e["source"]), dtype=np.uint64)
            g0 = g.create_group("0")
            g0["sec_id"] = e["sec_id"].astype(np.int64)
            g0["sec_x"] = e["sec_x"]
            g0["syn_weight"] = e["weight"]
        with open(os.path.join(folder, "network", "input_edge_types.csv"), "w") as f:
            f.write("edge_type_id delay dynamics_params model_template\n")
            f.write("1 2.0 AMPA_ExcToExc.json Exp2Syn\n2 2.0 GABA_InhToExc.json Exp2Syn\n")
        nets["edges"].append({"edges_file": os.path.join(net_dir, "input_edges.h5"),
                              "edge_types_file": os.path.join(net_dir, "input_edge_types.csv")})
        with h5py.File(os.path.join(folder, "input_spikes.h5"), "w") as f:
            g = f.create_group("spikes/input")
            g["node_ids"] = inputs["spike_ids"].astype(np.uint64)
            g["timestamps"] = inputs["spike_times"]
        sim_inputs["spikes"] = {"input_type": "spikes", "module": "h5",
                                "input_file": os.path.abspath(os.path.join(folder,
                                                                           "input_spikes.h5")),
                                "node_set": "input"}
    circuit = {"components": {"morphologies_dir": os.path.join(comp, "morphologies"),
                              "synaptic_models_dir": os.path.join(comp, "synaptic_models"),
                              "biophysical_neuron_models_dir":
                                  os.path.join(comp, "biophysical_neuron_templates", "nml")},
               "networks": nets}
    json.dump(circuit, open(os.path.join(folder, "circuit_config.json"), "w"), indent=1)
    json.dump({"cells": {"population": "cells"}, "input": {"population": "input"}},
              open(os.path.join(folder, "node_sets.json"), "w"))
    sim = {"run": {"tstop": tstop, "dt": 0.1, "dL": 20.0, "spike_threshold": -15},
           "network": os.path.join(folder, "circuit_config.json"),
           "conditions": {"celsius": 34.0, "v_init": -80},
           "node_sets_file": os.path.join(folder, "node_sets.json"), "inputs": sim_inputs,
           "output": {"output_dir": os.path.join(folder, "output"), "spikes_file": "spikes.h5"},
           "reports": {}}
    json.dump(sim, open(os.path.join(folder, "simulation_config.json"), "w"), indent=1)


def network_inputs(brainemu, data, types, tstop, seed=1):
    rng = np.random.default_rng(seed)
    sources = 200
    dend = {t: dendrite_sections(brainemu, os.path.join(data, "shared_components", "morphologies",
                                                        morph + ".swc"))
            for t, morph, _ in MODELS}
    src, dst, typ, sec, pos, w = [], [], [], [], [], []
    for cell, t in enumerate(types):
        for kind, count, weight, first in ((1, 100, 0.00034, 0), (2, 30, 0.00026, 150)):
            src.append(rng.integers(first, first + (150 if kind == 1 else 50), count))
            dst.append(np.full(count, cell))
            typ.append(np.full(count, kind))
            sec.append(rng.choice(dend[t], count))
            pos.append(rng.random(count))
            w.append(np.full(count, weight))
    cat = np.concatenate
    counts = rng.poisson(10.0 * tstop / 1000.0, sources)
    times = [np.sort(rng.random(c) * tstop).round(1) for c in counts]
    ids = cat([np.full(c, i) for i, c in enumerate(counts)])
    return {"sources": sources,
            "edges": {"source": cat(src), "target": cat(dst), "type": cat(typ),
                      "sec_id": cat(sec), "sec_x": cat(pos), "weight": cat(w)},
            "spike_ids": ids, "spike_times": cat(times)}


def run_brainemu(brainemu, config, threads, repeats, tmp):
    runs = []
    for r in range(repeats):
        out = os.path.join(tmp, f"out_{threads}_{r}")
        subprocess.run([brainemu, "run", config, "--out", out, "--threads", str(threads)],
                       check=True, capture_output=True)
        runs.append(json.load(open(os.path.join(out, "cable_profile.json"))))
        shutil.rmtree(out)
    best = runs[0]
    return {"step_s_median": statistics.median(p["step_s"] for p in runs),
            "ns_per_compartment_step_median":
                statistics.median(p["ns_per_compartment_step"] for p in runs),
            "compartments": best["compartments"], "synapses": best["synapses"],
            "channel_instances": best["channel_instances"], "steps": best["steps"],
            "spikes": best["spikes"], "state_bytes": best["state_bytes"],
            "bytes_per_compartment": best["bytes_per_compartment"],
            "bytes_per_synapse": best["bytes_per_synapse"]}


def neuron_reference(modfiles, folder, out):
    """NEURON's run of the circuit in `folder` (biophysical_neuron_reference.py's JSON)."""
    here = os.path.dirname(os.path.abspath(__file__))
    subprocess.run(["/usr/bin/python3", os.path.join(here, "biophysical_neuron_reference.py"),
                    "--modfiles", modfiles, "--data", os.path.dirname(folder),
                    "--circuit", os.path.basename(folder), "--out", out],
                   check=True, capture_output=True)
    return json.load(open(out))


def run_neuron(modfiles, folder, repeats, tmp):
    walls = []
    for r in range(repeats):
        ref = neuron_reference(modfiles, folder, os.path.join(tmp, f"neuron_{r}.json"))
        walls.append(ref["run_wall_s"])
    spikes = sum(len(n["spike_times_ms"]) for n in ref["nodes"].values())
    return {"run_s_median": statistics.median(walls), "segments": ref["n_segments"],
            "spikes": spikes,
            "ns_per_compartment_step": statistics.median(walls) * 1e9 /
            (ref["n_segments"] * ref["steps"])}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--brainemu", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--modfiles")
    ap.add_argument("--cells", type=int, default=300)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    brainemu = os.path.abspath(args.brainemu)
    tmp = tempfile.mkdtemp(prefix="cable_cost_")
    cases = {}
    try:
        folders = {c: os.path.join(args.data, c) for c in ("5_cells_iclamp", "9_cells")}
        for t, morph, _ in MODELS:
            folder = os.path.join(tmp, f"model_{morph}")
            write_circuit(folder, args.data, [t] * 20, 1000.0, CLAMPS[:1])
            folders[f"20x {morph}"] = folder
        types = [MODELS[i % 5][0] for i in range(args.cells)]
        folder = os.path.join(tmp, f"network_{args.cells}")
        write_circuit(folder, args.data, types, 1000.0, [],
                      network_inputs(brainemu, args.data, types, 1000.0))
        folders[f"network of {args.cells}"] = folder
        for name, folder in folders.items():
            config = os.path.join(folder, "simulation_config.json")
            case = {"threads_1": run_brainemu(brainemu, config, 1, args.repeats, tmp),
                    "threads_2": run_brainemu(brainemu, config, 2, args.repeats, tmp)}
            if args.modfiles:
                network = name.startswith("network")
                # The NEURON script plays input spikes by queuing every NetCon's events at
                # initialisation (Debian's NEURON has no VecStim): with 39,000 synapses that is
                # ~400,000 queued events, which slows NEURON's queue far beyond what BMTK's
                # VecStims cost. Its time there is not NEURON's; it runs once, for the spikes.
                case["neuron"] = run_neuron(args.modfiles, folder, 1 if network else args.repeats,
                                            tmp)
                case["neuron"]["time_comparable"] = not network
                if not network:
                    case["neuron_over_brainemu_1_thread"] = (
                        case["neuron"]["run_s_median"] / case["threads_1"]["step_s_median"])
            case["speedup_2_threads"] = (case["threads_1"]["step_s_median"] /
                                         case["threads_2"]["step_s_median"])
            cases[name] = case
            print(name, json.dumps(case), flush=True)
        # A dendritic synapse's bytes, checked: the network's state less the same cells' alone.
        bare = os.path.join(tmp, "network_bare")
        write_circuit(bare, args.data, types, 100.0, CLAMPS[:1])
        b = run_brainemu(brainemu, os.path.join(bare, "simulation_config.json"), 1, 1, tmp)
        net = cases[f"network of {args.cells}"]["threads_1"]
        per_synapse = (net["state_bytes"] - b["state_bytes"]) / net["synapses"]
        spikes_equal = {k: c["neuron"]["spikes"] == c["threads_1"]["spikes"]
                        for k, c in cases.items() if "neuron" in c}
    finally:
        if not os.environ.get("KEEP"):
            shutil.rmtree(tmp, ignore_errors=True)
    result = {"question": __doc__.split("\n\n")[1].replace("\n", " "),
              "machine": subprocess.run(["uname", "-srm"], capture_output=True,
                                        text=True).stdout.strip(),
              "cpus": os.cpu_count(), "repeats": args.repeats,
              "bytes_per_dendritic_synapse": per_synapse,
              "spike_counts_equal_to_neuron": spikes_equal, "cases": cases}
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    json.dump(result, open(args.out, "w"), indent=1)
    print(f"bytes per dendritic synapse: {per_synapse:.1f}")


if __name__ == "__main__":
    sys.exit(main())
