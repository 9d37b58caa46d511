#!/usr/bin/python3
"""Question: how large is report.html for the full-scale microcircuit (77,169 neurons, Poisson
drive, 1 s), whose raster draws every spike, and how long does `brainemu report` take?

Usage: /usr/bin/python3 bench/report_size.py [--brainemu build/release/brainemu]
       [--out bench/results/report_size.json]
"""
import argparse
import base64
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from side_by_side import ROOT, provenance  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--brainemu", default=os.path.join(ROOT, "build/release/brainemu"))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench/results/report_size.json"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as work:
        out = os.path.join(work, "mc")
        subprocess.run([args.brainemu, "run", os.path.join(ROOT, "examples/microcircuit.toml"),
                        "--out", out, "--set", "network.scale=1.0", "--duration-ms", "1000",
                        "--threads", "2"], check=True, capture_output=True)
        t0 = time.perf_counter()
        subprocess.run([args.brainemu, "report", out], check=True, capture_output=True)
        seconds = time.perf_counter() - t0
        html = open(os.path.join(out, "report.html"), encoding="utf-8").read()
        raster = base64.b64decode(re.search(r"data:image/png;base64,([A-Za-z0-9+/=]+)", html)[1])
        caption = re.search(r"all (\d+) neurons and (\d+) spikes", html)
        profile = json.load(open(os.path.join(out, "profile.json")))
    result = {"question": __doc__.split("\n\n")[0].replace("\n", " "), **provenance(),
              "neurons": profile["neurons"], "spikes": profile["spikes"],
              "raster_neurons": int(caption[1]), "raster_spikes": int(caption[2]),
              "report_bytes": len(html.encode()), "raster_png_bytes": len(raster),
              "report_s": seconds}
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print(json.dumps(result, indent=2))
    ok = result["raster_spikes"] == result["spikes"] and result["report_bytes"] < 3e6
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
