#!/usr/bin/python3
"""brainemu's dendritic synapses and event timing against NEURON 8.2's own Exp2Syn and ExpSyn.

Both are built into NEURON (no NMODL to compile), so this runs wherever Debian's python3-neuron
is installed. A SONATA circuit is written to a temporary folder: two Allen morphologies
(Scnn1a_473845048 and Pvalb_469628681, axon replaced by the perisomatic stub, dL 20 um) with a
passive membrane per section type (a NeuroML cell with `pas` only), 24 synapses each on basal
and apical sections at x = 0.1, 0.5 and 0.9, half Exp2Syn (tau 1 / 3 ms, 0 mV), half ExpSyn
(tau 5 ms, -70 mV), driven by four virtual nodes' spike trains through a 1.5 ms delay, 300 ms
at dt 0.1 ms from -80 mV. brainemu runs it from its simulation_config.json; NEURON builds the
same cells (Import3d, the stub, nseg 1 + 2 int(L/40), pas, cm and Ra per section type) with
the same synapses at `all`[sec_id](sec_x) and the same events.

The soma's voltage must agree at every step within 1e-4 mV while the synapses move it by more
than 1 mV (measured: under 1e-6 mV): the equations and the event timing (an event due at t is
applied at the start of the step whose middle is past it) are the same, so what differs is the
geometry's 6th digit (see morphology_neuron_test.py) times a few mV.

Usage: cable_synapse_neuron_test.py --brainemu BIN --data SONATA_EXAMPLES. Exit 77 (skipped)
when NEURON, h5py or the data is absent.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from morphology_neuron_test import BUILD_CELL  # noqa: E402
from sonata_edges import write_dendritic_edges  # noqa: E402

CELLS = [("Scnn1a_473845048_m", 100), ("Pvalb_469628681_m", 101)]
SOURCES = 4
DELAY = 1.5
TSTOP = 300.0
DT = 0.1
MEMBRANE = {"soma": (1.0, 5.7e-6), "axon": (1.0, 4.6e-4), "dend": (2.12, 3.2e-6),
            "apic": (2.12, 9.6e-5)}
RA, E_PAS = 138.28, -80.0
SYNAPSES = {1: ("Exp2Syn", {"tau1": 1.0, "tau2": 3.0, "erev": 0.0}),
            2: ("ExpSyn", {"tau1": 5.0, "erev": -70.0})}

NML = """<neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="passive">
  <cell id="passive">
    <biophysicalProperties id="biophys">
      <membraneProperties>
{densities}
{capacitances}
      </membraneProperties>
      <intracellularProperties>
        <resistivity segmentGroup="all" value="{ra} ohm_cm"/>
      </intracellularProperties>
    </biophysicalProperties>
  </cell>
</neuroml>
"""

# One cell in NEURON from argv: SWC (built as bmtk builds it, morphology_neuron_test.py's
# BUILD_CELL), JSON of synapses, output file.
NEURON_CELL = BUILD_CELL + r"""
spec = json.load(open(sys.argv[2]))
for sec in h.allsec():
    sec.nseg = 1 + 2 * int(sec.L / 40)
    sec.Ra = spec["ra"]
    cm, g = spec["membrane"][sec.name().split("[")[0]]
    sec.cm = cm
    sec.insert("pas")
    for seg in sec:
        seg.pas.g = g
        seg.pas.e = spec["e_pas"]
# BMTK's sec_id order: soma, dend..., apic..., axon.
secs = [h.soma[0]] + list(h.dend) + (list(h.apic) if hasattr(h, "apic") else []) + list(h.axon)
keep, queue = [], []
for s in spec["synapses"]:
    sec = secs[s["sec_id"]]
    if s["template"] == "Exp2Syn":
        syn = h.Exp2Syn(sec(s["x"]))
        syn.tau1, syn.tau2 = s["tau1"], s["tau2"]
    else:
        syn = h.ExpSyn(sec(s["x"]))
        syn.tau = s["tau1"]
    syn.e = s["erev"]
    nc = h.NetCon(None, syn)
    nc.weight[0] = s["weight"]
    keep += [syn, nc]
    queue += [(nc, t + spec["delay"]) for t in s["times"]]
fih = h.FInitializeHandler(lambda: [nc.event(t) for nc, t in queue])
v = h.Vector().record(h.soma[0](0.5)._ref_v)
h.dt = spec["dt"]
h.secondorder = 0
h.finitialize(spec["v_init"])
for _ in range(int(round(spec["tstop"] / spec["dt"]))):
    h.fadvance()
json.dump(list(v)[1:], open(sys.argv[3], "w"))
"""


def skip(msg):
    print("SKIP: " + msg)
    sys.exit(77)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--brainemu", required=True)
    ap.add_argument("--data", required=True)
    args = ap.parse_args()
    probe = subprocess.run(["/usr/bin/python3", "-c", "import neuron, h5py, numpy"],
                           capture_output=True)
    if probe.returncode != 0:
        skip("NEURON (python3-neuron), h5py or numpy is absent")
    morph_dir = os.path.join(args.data, "shared_components", "morphologies")
    if not os.path.isdir(morph_dir):
        skip(f"{morph_dir} is absent (../shared/data/sonata_examples)")
    import h5py
    import numpy as np

    tmp = tempfile.mkdtemp(prefix="cable_synapse_")
    try:
        net = os.path.join(tmp, "network")
        os.makedirs(net)
        # The cells: a passive NeuroML cell, the two morphologies.
        densities = "\n".join(
            f'        <channelDensity id="pas_{g}" segmentGroup="{g}" ion="non_specific" '
            f'ionChannel="pas" erev="{E_PAS} mV" condDensity="{gp} S_per_cm2"/>'
            for g, (_, gp) in MEMBRANE.items())
        caps = "\n".join(f'        <specificCapacitance segmentGroup="{g}" value="{cm} '
                         f'uF_per_cm2"/>' for g, (cm, _) in MEMBRANE.items())
        open(os.path.join(tmp, "passive.cell.nml"), "w").write(
            NML.format(densities=densities, capacitances=caps, ra=RA))
        with h5py.File(os.path.join(net, "cells.h5"), "w") as f:
            g = f.create_group("nodes/cells")
            g["node_id"] = np.arange(len(CELLS), dtype=np.uint64)
            g["node_type_id"] = np.array([t for _, t in CELLS], dtype=np.int64)
            g["node_group_id"] = np.zeros(len(CELLS), dtype=np.uint32)
            g["node_group_index"] = np.arange(len(CELLS), dtype=np.uint64)
            g.create_group("0")
        with open(os.path.join(net, "cell_types.csv"), "w") as f:
            f.write("node_type_id model_type model_template morphology model_processing\n")
            for morph, t in CELLS:
                f.write(f"{t} biophysical nml:passive.cell.nml {morph} aibs_perisomatic\n")
        with h5py.File(os.path.join(net, "input.h5"), "w") as f:
            g = f.create_group("nodes/input")
            g["node_id"] = np.arange(SOURCES, dtype=np.uint64)
            g["node_type_id"] = np.ones(SOURCES, dtype=np.int64)
            g.create_group("0")
        open(os.path.join(net, "input_types.csv"), "w").write("node_type_id model_type\n1 virtual\n")
        # Spike trains on and off the 0.1 ms grid (an event due mid-step must wait for the
        # next step's middle, as in NEURON).
        times = {k: [round(20.0 + 7.3 * k + 41.17 * j, 3) for j in range(6)]
                 for k in range(SOURCES)}
        with h5py.File(os.path.join(tmp, "spikes.h5"), "w") as f:
            g = f.create_group("spikes/input")
            ids = [k for k in range(SOURCES) for _ in times[k]]
            g["node_ids"] = np.array(ids, dtype=np.uint64)
            g["timestamps"] = np.array([t for k in range(SOURCES) for t in times[k]])
        # Synapses: 24 a cell on basal and apical sections (sec_id in BMTK's order).
        rows = []
        per_cell = {}
        for cell, (morph, _) in enumerate(CELLS):
            sections = json.loads(subprocess.run(
                [args.brainemu, "morphology", os.path.join(morph_dir, morph + ".swc"), "--json"],
                check=True, capture_output=True, text=True).stdout)["sections"]
            dendritic = [i for i, s in enumerate(sections)
                         if s["name"].split("[")[0] in ("dend", "apic")]
            per_cell[cell] = []
            for k in range(24):
                kind = 1 + k % 2
                sec_id = dendritic[(k * 7) % len(dendritic)]
                x = (0.1, 0.5, 0.9)[k % 3]
                source = k % SOURCES
                weight = 0.004 if kind == 1 else 0.002
                rows.append((source, cell, kind, sec_id, x, weight))
                template, params = SYNAPSES[kind]
                per_cell[cell].append(dict(params, template=template, sec_id=sec_id, x=x,
                                           weight=weight, times=times[source]))
        write_dendritic_edges(os.path.join(net, "edges.h5"), "input_to_cells", "input", "cells",
                              rows)
        with open(os.path.join(net, "edge_types.csv"), "w") as f:
            f.write("edge_type_id delay dynamics_params model_template\n")
            for kind, (template, params) in SYNAPSES.items():
                json.dump(params, open(os.path.join(tmp, f"syn{kind}.json"), "w"))
                f.write(f"{kind} {DELAY} syn{kind}.json {template}\n")
        json.dump({"components": {"morphologies_dir": morph_dir, "synaptic_models_dir": tmp,
                                  "biophysical_neuron_models_dir": tmp},
                   "networks": {
                       "nodes": [{"nodes_file": "network/cells.h5",
                                  "node_types_file": "network/cell_types.csv"},
                                 {"nodes_file": "network/input.h5",
                                  "node_types_file": "network/input_types.csv"}],
                       "edges": [{"edges_file": "network/edges.h5",
                                  "edge_types_file": "network/edge_types.csv"}]}},
                  open(os.path.join(tmp, "circuit_config.json"), "w"))
        json.dump({"run": {"tstop": TSTOP, "dt": DT, "dL": 20.0},
                   "conditions": {"celsius": 34.0, "v_init": -80.0},
                   "network": "circuit_config.json",
                   "inputs": {"spikes": {"input_type": "spikes", "module": "h5",
                                         "input_file": "spikes.h5", "node_set": "input"}},
                   "reports": {"membrane_potential": {"cells": "cells", "variable_name": "v",
                                                      "module": "membrane_report",
                                                      "sections": "soma"}}},
                  open(os.path.join(tmp, "simulation_config.json"), "w"))

        out_dir = os.path.join(tmp, "out")
        p = subprocess.run([args.brainemu, "run", os.path.join(tmp, "simulation_config.json"),
                            "--out", out_dir], capture_output=True, text=True)
        if p.returncode != 0:
            print(p.stderr)
            return 1
        with h5py.File(os.path.join(out_dir, "membrane_potential.h5"), "r") as f:
            mine = f["report/cells/data"][:]
        failures = 0
        for cell, (morph, _) in enumerate(CELLS):
            spec = {"ra": RA, "membrane": MEMBRANE, "e_pas": E_PAS, "delay": DELAY, "dt": DT,
                    "tstop": TSTOP, "v_init": -80.0, "synapses": per_cell[cell]}
            spec_file = os.path.join(tmp, f"spec{cell}.json")
            json.dump(spec, open(spec_file, "w"))
            script = os.path.join(tmp, "neuron_cell.py")
            open(script, "w").write(NEURON_CELL)
            trace = os.path.join(tmp, f"neuron{cell}.json")
            q = subprocess.run(["/usr/bin/python3", script, os.path.join(morph_dir, morph + ".swc"),
                                spec_file, trace], capture_output=True, text=True)
            if q.returncode != 0:
                print(q.stderr)
                return 1
            theirs = np.array(json.load(open(trace)))
            ours = mine[:, cell]
            n = min(len(theirs), len(ours))
            diff = float(np.max(np.abs(theirs[:n] - ours[:n])))
            swing = float(np.max(ours) - np.min(ours))
            print(f"{morph}: {n} steps, soma moves {swing:.3f} mV, "
                  f"largest difference from NEURON {diff:.2e} mV")
            if n != int(round(TSTOP / DT)) or diff > 1e-4 or swing < 1.0:
                failures += 1
        return 1 if failures else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
