#!/usr/bin/python3
"""Question: how local is the cortex sheet's traffic when its neurons are cut into parts by id
(--method contiguous: each part a compact patch, the columns being numbered along a Z curve)
rather than round-robin, for a few long-range shares and part counts?

Per run (examples/cortex_sheet.toml, 100 ms, --virtual-parts K): the share of synapses whose
source lies in another part, and the mean number of other parts a spike is sent to, over K - 1
(1: every spike reaches every other part). Both from profile.json's partition books.
Usage: /usr/bin/python3 bench/cortex_sheet_locality.py [--brainemu build/release/brainemu]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from side_by_side import ROOT  # noqa: E402

SHARES = [0.5, 0.1, 0.0]
PARTS = [16, 64]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--brainemu", default=os.path.join(ROOT, "build/release/brainemu"))
    args = ap.parse_args()
    print("long_range_share parts method synapses_from_other_parts parts_reached_per_spike")
    with tempfile.TemporaryDirectory() as work:
        for share in SHARES:
            for parts in PARTS:
                for method in ["contiguous", "round-robin"]:
                    out = os.path.join(work, f"{share}_{parts}_{method}")
                    subprocess.run([args.brainemu, "run",
                                    os.path.join(ROOT, "examples/cortex_sheet.toml"), "--out", out,
                                    "--duration-ms", "100", "--virtual-parts", str(parts),
                                    "--method", method, "--set",
                                    f"network.long_range_share={share}"],
                                   check=True, capture_output=True)
                    p = json.load(open(os.path.join(out, "profile.json")))
                    books = p["partitions"]
                    other = sum(b["synapses_from_other_parts"] for b in books)
                    synapses = sum(b["synapses"] for b in books)
                    sent = sum(b["spikes_sent"] for b in books)
                    spikes = sum(b["spikes"] for b in books)
                    print(f"{share} {parts} {method} {other / synapses:.3f} "
                          f"{sent / spikes / (parts - 1):.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
