#!/usr/bin/python3
"""Pure-NEURON reference run of the SONATA biophysical examples (5_cells_iclamp, 9_cells).

Question: what do Allen "perisomatic" cells do in NEURON itself, built exactly as BMTK bionet
builds them (model_template nml:..., model_processing aibs_perisomatic), so that brainemu's
cable solver has a trace/spike reference and a cost baseline (wall time of the run alone)?

The channel kinetics (Allen NMODL files) are program code that is not in this repository:
compile them yourself into DIR (nrnivmodl in DIR) and pass --modfiles DIR. The reference set is
AllenSDK's current ("v2") files: CaDynamics Ca_HVA Ca_LVA Ih Im Im_v2 K_P K_T Kd Kv2like Kv3_1
NaTs NaV Nap SK (the Hay-2011-style K_P/K_T/Nap do not reproduce BMTK's 2018 spikes).
Usage: /usr/bin/python3 bench/biophysical_neuron_reference.py --modfiles DIR
         --data /work/shared/data/sonata_examples --circuit 5_cells_iclamp|9_cells --out OUT.json
         [--dt 0.1] [--tstop T]
Output JSON: per node spike_times_ms, soma_v (to 1 uV) sampled every 2 ms (the value after the
step that ends at t = 2, 4, ... ms) and soma_cai (6 digits) every 20 ms, plus settings, segment count and run_wall_s.
"""
import argparse
import csv
import glob
import json
import os
import re
import time
from xml.etree import ElementTree

import h5py
import numpy as np
from neuron import h

NML_NS = "{http://www.neuroml.org/schema/neuroml2}"
GROUPS = ("soma", "axon", "dend", "apic")
SAMPLE_MS = 2.0

# BMTK's Biophys1 template: Import3d must instantiate into an object so each cell gets its own
# soma/dend/apic/axon arrays and its own `all` list (the sec_id order used by the edge files).
h.load_file("stdlib.hoc")
h.load_file("import3d.hoc")
h("""
begintemplate RefBiophys1
public soma, dend, apic, axon, all, somatic, basal, apical, axonal
objref all, somatic, basal, apical, axonal, this
create soma[1], dend[1], apic[1], axon[1]
proc init() { localobj nl, imp
    all = new SectionList()  somatic = new SectionList()  basal = new SectionList()
    apical = new SectionList()  axonal = new SectionList()
    forall delete_section()
    nl = new Import3d_SWC_read()  nl.quiet = 1  nl.input($s1)
    imp = new Import3d_GUI(nl, 0)  imp.instantiate(this)
}
endtemplate RefBiophys1
""")


def resolve_manifest(cfg_path):
    """Load a SONATA config and expand its $VARS (paths are relative to the config's folder)."""
    cfg = json.load(open(cfg_path))
    base = os.path.dirname(os.path.abspath(cfg_path))
    man = dict(cfg.get("manifest", {}))
    def sub(s):
        for _ in range(10):  # manifest entries may refer to each other
            s = re.sub(r"\$\w+", lambda m: man.get(m.group(0), m.group(0)), s)
        return os.path.normpath(os.path.join(base, s)) if not os.path.isabs(s) else s
    man = {k: sub(v) for k, v in man.items()}
    def walk(o):
        if isinstance(o, dict):
            return {k: walk(v) for k, v in o.items()}
        if isinstance(o, list):
            return [walk(v) for v in o]
        return sub(o) if isinstance(o, str) and "$" in o else o
    return walk(cfg)


def strip_unit(s):
    return float(s.split()[0])


def nml_props(path):
    """Per section group, the NML elements BMTK's NMLTree reads, in file order."""
    props = {g: [] for g in GROUPS}
    for el in ElementTree.parse(path).getroot().iter():
        tag = el.tag.replace(NML_NS, "")
        if tag not in ("channelDensity", "channelDensityNernst", "resistivity",
                       "specificCapacitance", "concentrationModel"):
            continue
        grp = el.attrib["segmentGroup"].lower()
        for g in (GROUPS if grp == "all" else (grp,)):
            props[g].append((tag, el.attrib))
    return props


def build_cell(swc, nml, dL):
    cell = h.RefBiophys1(swc)
    # fix_axon_peri (BMTK NMLLoad calls it before the parameters are set): the reconstructed
    # axon becomes two 30 um x 1 um stubs, appended last to `all`.
    for sec in list(cell.axon):
        h.delete_section(sec=sec)
    h.execute("create axon[2]", cell)
    for sec in cell.axon:
        sec.L, sec.diam = 30, 1
        cell.axonal.append(sec=sec)
        cell.all.append(sec=sec)
    cell.axon[0].connect(cell.soma[0], 0.5, 0)
    cell.axon[1].connect(cell.axon[0], 1, 0)
    h.define_shape()
    props = nml_props(nml)
    for sec in cell.all:
        for tag, a in props[sec.name().split(".")[1][:4]]:
            if tag == "resistivity":
                sec.Ra = strip_unit(a["value"])
            elif tag == "specificCapacitance":
                sec.cm = strip_unit(a["value"])
            elif a.get("ionChannel") == "pas":
                sec.insert("pas")
                sec.g_pas = strip_unit(a["condDensity"])
                sec.e_pas = strip_unit(a["erev"])
            elif tag in ("channelDensity", "channelDensityNernst"):
                ch = a["ionChannel"]
                sec.insert(ch)
                setattr(sec, "gbar_" + ch, strip_unit(a["condDensity"]))
                # Only na/k erevs are applied (as BMTK does); Ih's -45 mV is ehcn inside the mod
                # and Ca channels get eca from Nernst on cai (written by CaDynamics) / cao = 2 mM.
                if "erev" in a and a["ion"] == "na":
                    sec.ena = strip_unit(a["erev"])
                elif "erev" in a and a["ion"] == "k":
                    sec.ek = strip_unit(a["erev"])
            elif tag == "concentrationModel":
                sec.insert(a["type"])
                for p in ("gamma", "decay", "depth", "minCai"):
                    if p in a:
                        setattr(sec, p + "_" + a["type"], strip_unit(a[p]))
    # BioCell.set_nseg runs after the model is built: odd nseg, about one segment per dL um.
    for sec in cell.all:
        sec.nseg = 1 + 2 * int(sec.L / (2 * dL))
    return cell, list(cell.all)


def read_types(csv_path, key="node_type_id"):
    with open(csv_path) as f:  # SONATA type tables are space separated
        return {int(r[key]): r for r in csv.DictReader(f, delimiter=" ")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--modfiles", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--circuit", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--dt", type=float, default=None)
    ap.add_argument("--tstop", type=float, default=None)
    args = ap.parse_args()
    h.nrn_load_dll(os.path.join(os.path.abspath(args.modfiles), "x86_64", "libnrnmech.so"))

    cdir = os.path.join(args.data, args.circuit)
    sim = resolve_manifest(os.path.join(cdir, "simulation_config.json"))
    circ = resolve_manifest(os.path.join(cdir, "circuit_config.json"))
    dt = args.dt or sim["run"]["dt"]
    tstop = args.tstop or sim["run"]["tstop"]
    dL, thresh = sim["run"]["dL"], sim["run"]["spike_threshold"]
    comp = circ["components"]

    # Biophysical nodes (virtual ones only matter as spike sources).
    cells = {}
    for net in circ["networks"]["nodes"]:
        types = read_types(net["node_types_file"])
        with h5py.File(net["nodes_file"]) as f:
            for pop, g in f["nodes"].items():
                for nid, tid in zip(g["node_id"][:], g["node_type_id"][:]):
                    t = types[int(tid)]
                    if t["model_type"] == "virtual":
                        continue
                    morph = t["morphology"] if os.path.splitext(t["morphology"])[1] else t["morphology"] + ".swc"
                    nml = t["model_template"].split(":", 1)[1]
                    cells[(pop, int(nid))] = build_cell(
                        os.path.join(comp["morphologies_dir"], morph),
                        os.path.join(comp["biophysical_neuron_models_dir"], nml), dL)

    keep = []  # NEURON objects must outlive the run
    # Current clamps at soma[0](0.5) of the node set's cells (a node set of "population" and
    # "node_id" keys, or every cell, as the examples' model_type sets select).
    node_sets = json.load(open(sim["node_sets_file"])) if "node_sets_file" in sim else {}
    for inp in sim.get("inputs", {}).values():
        if inp["input_type"] == "current_clamp":
            ns = node_sets.get(inp["node_set"], {})
            for (pop, nid), (cell, _) in cells.items():
                if ("population" in ns and ns["population"] != pop) or \
                        ("node_id" in ns and nid not in ns["node_id"]):
                    continue
                ic = h.IClamp(cell.soma[0](0.5))
                ic.amp, ic.delay, ic.dur = inp["amp"], inp["delay"], inp["duration"]
                keep.append(ic)

    # Virtual spike sources: times per (population, node_id).
    trains = {}
    for inp in sim.get("inputs", {}).values():
        if inp["input_type"] == "spikes":
            with h5py.File(inp["input_file"]) as f:
                for pop, g in f["spikes"].items():
                    ids, ts = g["node_ids"][:], g["timestamps"][:]
                    for nid in np.unique(ids):
                        trains[(pop, int(nid))] = np.sort(ts[ids == nid])

    # One Exp2Syn + NetCon per edge row, at sec_x of `all`[sec_id] (BMTK's _secs_by_id: a
    # section index, not a segment index; the edge files' SWC `type` column is checked against
    # it). VecStim is not built into NEURON (it is vecevent.mod); unless DIR compiled one,
    # NetCon.event(t + delay) queued at finitialize delivers the same events. Either way an event
    # due at T is applied at the end of the first step whose end is >= T + dt/2.
    n_syn, sec_type_mismatch = 0, 0
    pending = []
    for net in circ["networks"].get("edges", []):
        etypes = read_types(net["edge_types_file"], "edge_type_id")
        with h5py.File(net["edges_file"]) as f:
            for pop, g in f["edges"].items():
                spop = g["source_node_id"].attrs.get("node_population", None)
                tpop = g["target_node_id"].attrs.get("node_population", None)
                spop = spop.decode() if isinstance(spop, bytes) else spop
                tpop = tpop.decode() if isinstance(tpop, bytes) else tpop
                src, trg, et = g["source_node_id"][:], g["target_node_id"][:], g["edge_type_id"][:]
                g0 = g["0"]
                sec_id, sec_x, w = g0["sec_id"][:], g0["sec_x"][:], g0["syn_weight"][:]
                stype = g0["type"][:] if "type" in g0 else None
                for i in range(len(src)):
                    et_row = etypes[int(et[i])]
                    sp = json.load(open(os.path.join(comp["synaptic_models_dir"], et_row["dynamics_params"])))
                    _, secs = cells[(tpop, int(trg[i]))]
                    sec = secs[int(sec_id[i])]
                    if stype is not None and {3: "dend", 4: "apic", 1: "soma", 2: "axon"}.get(int(stype[i])) != sec.name().split(".")[1][:4]:
                        sec_type_mismatch += 1
                    if et_row.get("model_template") == "ExpSyn":  # BMTK: tau = tau1
                        syn = h.ExpSyn(sec(float(sec_x[i])))
                        syn.tau, syn.e = sp["tau1"], sp["erev"]
                    else:
                        syn = h.Exp2Syn(sec(float(sec_x[i])))
                        syn.tau1, syn.tau2, syn.e = sp["tau1"], sp["tau2"], sp["erev"]
                    delay = float(g0["delay"][i]) if "delay" in g0 else float(et_row["delay"])
                    times = trains.get((spop, int(src[i])), np.zeros(0))
                    if (spop, int(src[i])) in cells:  # a recurrent synapse: the source's soma
                        source = cells[(spop, int(src[i]))][0].soma[0]
                        nc = h.NetCon(source(0.5)._ref_v, syn, sec=source)
                        nc.threshold = thresh
                    elif hasattr(h, "VecStim"):
                        vs = h.VecStim()
                        tv = h.Vector(times)
                        vs.play(tv)
                        nc = h.NetCon(vs, syn)
                        keep += [vs, tv]
                    else:
                        nc = h.NetCon(None, syn)
                        pending.append((nc, times + delay))
                    nc.weight[0], nc.delay = float(w[i]), delay
                    keep += [syn, nc]
                    n_syn += 1
    keep.append(h.FInitializeHandler(lambda: [nc.event(float(t)) for nc, ts in pending for t in ts]))

    # Spike detectors and soma recordings (every step; downsampled below). With fixed steps
    # NEURON does not interpolate: a spike time is the end of the first step with v > threshold.
    rec = {}
    for key, (cell, _) in cells.items():
        s = cell.soma[0]
        nc = h.NetCon(s(0.5)._ref_v, None, sec=s)
        nc.threshold = thresh
        st, v, ca = h.Vector(), h.Vector(), h.Vector()
        nc.record(st)
        v.record(s(0.5)._ref_v)
        ca.record(s(0.5)._ref_cai)
        rec[key] = (nc, st, v, ca)

    # Conditions from simulation_config (celsius 34, v_init -80: not the fitted v_init);
    # fixed-step backward Euler, integrated with pc.psolve as BMTK does.
    h.celsius = sim["conditions"]["celsius"]
    h.dt = dt
    h.secondorder = 0
    h.CVode().active(0)
    pc = h.ParallelContext()
    pc.set_maxstep(10)
    h.finitialize(sim["conditions"]["v_init"])
    t0 = time.perf_counter()
    pc.psolve(tstop)
    run_wall = time.perf_counter() - t0

    # Every 2 ms, to 1 uV: small enough to keep in bench/results, fine enough for an RMS error
    # of a few uV to show (brainemu's is 0-4 uV on these cells).
    every = int(round(SAMPLE_MS / dt))
    nodes = {}
    one_pop = len({p for p, _ in rec}) == 1  # both examples: key by node_id alone
    for (pop, nid), (nc, st, v, ca) in sorted(rec.items()):
        nodes[str(nid) if one_pop else f"{pop}:{nid}"] = {
            "node_id": nid, "population": pop,
            "spike_times_ms": [round(x, 6) for x in st],
            "soma_v": np.asarray(v)[every::every].round(3).tolist(),
            "soma_cai": [float(f"{c:.6g}") for c in np.asarray(ca)[10 * every::10 * every]],
        }
    out = {
        "circuit": args.circuit, "simulator": h.nrnversion(),
        "settings": {"dt": dt, "tstop": tstop, "dL": dL, "celsius": h.celsius,
                     "v_init": sim["conditions"]["v_init"], "spike_threshold": thresh,
                     "method": "fixed-step backward Euler (secondorder 0)",
                     "modfiles": "AllenSDK v2 (see the docstring)",
                     "mod_list": sorted(os.path.basename(p) for p in glob.glob(os.path.join(args.modfiles, "*.mod"))),
                     "sample_every_ms": SAMPLE_MS, "cai_every_ms": 10 * SAMPLE_MS, "vecstim": hasattr(h, "VecStim")},
        "n_cells": len(cells), "n_sections": sum(len(s) for _, s in cells.values()),
        "n_segments": sum(sec.nseg for _, s in cells.values() for sec in s),
        "n_synapses": n_syn, "sec_id_type_mismatches": sec_type_mismatch,
        "steps": int(round(h.t / dt)), "run_wall_s": run_wall, "nodes": nodes,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    json.dump(out, open(args.out, "w"))
    print(f"{args.circuit}: {len(cells)} cells, {out['n_segments']} segments, {n_syn} synapses, "
          f"run {run_wall:.2f} s; spikes " +
          ", ".join(f"{k}:{len(n['spike_times_ms'])}" for k, n in nodes.items()))


if __name__ == "__main__":
    main()
