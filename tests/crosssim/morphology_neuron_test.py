#!/usr/bin/python3
"""brainemu's cable geometry against NEURON 8.2's on the Allen Cell Types morphologies.

For each SWC file in sonata_examples/shared_components/morphologies, NEURON builds the cell as
bmtk does for the perisomatic models (Import3d, the axon replaced by two 30 um x 1 um
sections at soma(0.5), nseg = 1 + 2 int(L / 40), Ra = 100 ohm cm), and `brainemu morphology
--json` describes the same file. Every section must match by name: its parent and where on it,
its segment count, and every segment's area and ri.

Tolerance: relative 1e-5 on areas and resistances (measured: at most 2.2e-6). Import3d writes
each coordinate through "%g" (6 significant digits) and NEURON keeps 3-D points as 32-bit
floats, so a segment's figures differ from double arithmetic on the file's values in the 6th
digit; a different rule (a point dropped or added, a cylinder for a frustum, another segment
count) moves them by 1e-3 and more.

Then the cable solver alone: each cell made passive with a membrane per section type, as the
Allen models set theirs (Ra 138 ohm cm; cm 1 uF/cm2 on soma and axon, 2.12 on the dendrites;
g_pas 5.7e-6, 4.6e-4, 3.2e-6, 9.6e-5 S/cm2 and e_pas -80, -85, -75, -70 mV on soma, axon, basal
and apical dendrites), started at -65 mV and driven by 0.02 nA into soma(0.5) from 10 to
60 ms, 100 ms at dt 0.025 ms, in NEURON (fixed step, backward Euler) and in brainemu's
cable_tree (the same scheme; the clamp sampled at each step's middle as NEURON samples it). The
soma's and two dendrites' voltages (the first basal, the last apical; the second basal in cells
without apical dendrites) must agree
within 1e-4 mV at every step: the equations are
the same, so what differs is the geometry's 6th digit (above) times the ~10 mV the cell moves.

Usage: morphology_neuron_test.py --brainemu BIN --cable-trace BIN --data DATA_DIR. Exit 77
(skipped) when NEURON (python3-neuron) or the data is absent.
"""
import argparse
import json
import os
import subprocess
import sys

# The cell as bmtk builds the perisomatic models: Import3d, the axon replaced by two stubs.
BUILD_CELL = r"""
import json, sys
from neuron import h
h.load_file("stdlib.hoc")
h.load_file("import3d.hoc")
reader = h.Import3d_SWC_read()
reader.input(sys.argv[1])
h.Import3d_GUI(reader, False).instantiate(None)
for sec in list(h.allsec()):
    if sec.name().startswith("axon"):
        h.delete_section(sec=sec)
h("create axon[2]")
for s in h.axon:
    s.L = 30
    s.diam = 1
h.axon[0].connect(h.soma[0](0.5), 0)
h.axon[1].connect(h.axon[0](1), 0)
h.define_shape()
"""

NEURON_SIDE = BUILD_CELL + r"""
out = {}
for sec in h.allsec():
    sec.nseg = 1 + 2 * int(sec.L / 40)
    sec.Ra = 100
for sec in h.allsec():
    parent = sec.parentseg()
    out[sec.name()] = {"parent": parent.sec.name() if parent is not None else "",
                       "parent_x": parent.x if parent is not None else None,
                       "nseg": sec.nseg, "length_um": sec.L,
                       "area_um2": [seg.area() for seg in sec],
                       "ri_mohm": [seg.ri() for seg in sec]}
print(json.dumps(out))
"""


PASSIVE_RUN = BUILD_CELL + r"""
MEMBRANE = {"soma": (1.0, 5.7e-6, -80.0), "axon": (1.0, 4.6e-4, -85.0),
            "dend": (2.12, 3.2e-6, -75.0), "apic": (2.12, 9.6e-5, -70.0)}
for sec in h.allsec():
    sec.nseg = 1 + 2 * int(sec.L / 40)
    sec.Ra = 138.0
    cm, g, e = MEMBRANE[sec.name().split("[")[0]]
    sec.cm = cm
    sec.insert("pas")
    for seg in sec:
        seg.pas.g = g
        seg.pas.e = e
clamp = h.IClamp(h.soma[0](0.5))
clamp.amp, clamp.delay, clamp.dur = 0.02, 10, 50
names = ["soma[0]"] + sys.argv[2:]
secs = {sec.name(): sec for sec in h.allsec()}
h.dt = 0.025
h.finitialize(-65)
for n in range(4000):
    h.fadvance()
    print(" ".join(repr(secs[name](0.5).v) for name in names))
"""


def passive_traces(args, path, sections):
    ref = subprocess.run([sys.executable, "-c", PASSIVE_RUN, path, *sections], check=True,
                         capture_output=True, text=True).stdout.split("\n")
    ours = subprocess.run([args.cable_trace, path, "0.025", "100", "0.02", "10", "50", "-65",
                           "138", "1,1,2.12,2.12", "5.7e-6,4.6e-4,3.2e-6,9.6e-5",
                           "-80,-85,-75,-70", *sections], check=True,
                          capture_output=True, text=True).stdout.split("\n")
    ref = [[float(x) for x in line.split()] for line in ref if line.strip()]
    ours = [[float(x) for x in line.split()] for line in ours if line.strip()]
    return ref, ours


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--brainemu", required=True)
    ap.add_argument("--cable-trace", required=True)
    ap.add_argument("--data", required=True)
    args = ap.parse_args()
    try:
        import neuron  # noqa: F401
    except ImportError:
        print("skipped: NEURON is not installed (apt-get install python3-neuron)")
        return 77
    folder = os.path.join(args.data, "sonata_examples/shared_components/morphologies")
    if not os.path.isdir(folder):
        print(f"skipped: {folder} is absent (see ../shared/data)")
        return 77
    tolerance = 1e-5
    failures = 0
    for name in sorted(f for f in os.listdir(folder) if f.endswith(".swc")):
        path = os.path.join(folder, name)
        ref = json.loads(subprocess.run([sys.executable, "-c", NEURON_SIDE, path], check=True,
                                        capture_output=True, text=True).stdout)
        ours = json.loads(subprocess.run([args.brainemu, "morphology", path, "--json"],
                                         check=True, capture_output=True, text=True).stdout)
        mine = {s["name"]: s for s in ours["sections"]}
        if set(mine) != set(ref):
            print(f"FAIL {name}: sections {sorted(set(mine) ^ set(ref))[:5]} in one only")
            failures += 1
            continue
        worst = 0.0
        for sec, r in ref.items():
            m = mine[sec]
            if m["parent"] != r["parent"] or m["nseg"] != r["nseg"] or (
                    r["parent_x"] is not None and m["parent_x"] != r["parent_x"]):
                print(f"FAIL {name} {sec}: parent {m['parent']}({m['parent_x']}) nseg {m['nseg']}"
                      f" against NEURON's {r['parent']}({r['parent_x']}) nseg {r['nseg']}")
                failures += 1
                continue
            for key in ("area_um2", "ri_mohm"):
                for a, b in zip(m[key], r[key]):
                    rel = abs(a - b) / abs(b)
                    worst = max(worst, rel)
                    if rel > tolerance:
                        print(f"FAIL {name} {sec} {key}: {a} against NEURON's {b} ({rel:.1e})")
                        failures += 1
        total = sum(sum(s["area_um2"]) for s in ref.values())
        print(f"ok {name}: {len(ref)} sections, "
              f"{sum(s['nseg'] for s in ref.values())} segments, {total:.1f} um2; largest "
              f"relative difference {worst:.1e}")
        apics = [k for k in ref if k.startswith("apic")]
        recorded = ["dend[0]", apics[-1] if apics else "dend[1]"]
        nrn, mine_v = passive_traces(args, path, recorded)
        if len(nrn) != len(mine_v) or len(nrn) != 4000:
            print(f"FAIL {name}: {len(mine_v)} steps against NEURON's {len(nrn)}")
            failures += 1
            continue
        diff = max(abs(a - b) for ra, rb in zip(nrn, mine_v) for a, b in zip(ra, rb))
        swing = max(r[0] for r in nrn) - min(r[0] for r in nrn)
        status = "ok" if diff <= 1e-4 else "FAIL"
        failures += status == "FAIL"
        print(f"{status} {name} passive: soma, {recorded[0]}, {recorded[1]} within {diff:.1e} mV of "
              f"NEURON over 4,000 steps (the soma moves {swing:.1f} mV)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
