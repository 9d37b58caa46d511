#!/usr/bin/python3
"""Draws bench/results/weak_scaling.json as docs/scaling_weak.svg: per rank, bytes per synapse,
resident memory and the traffic received, against the whole network's size (log axis), one
line per series (neurons per rank, long-range share).
Usage: /usr/bin/python3 bench/weak_scaling_svg.py [JSON] [SVG]"""
import json
import math
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]
PANELS = [
    ("bytes per synapse", lambda p: p["bytes_per_synapse"], False),
    ("resident MiB after build (process)", lambda p: p["rss_after_build_bytes"] / 2**20, True),
    ("MB received per simulated s", lambda p: max(p["bytes_received_per_simulated_s"], 1) / 1e6,
     True),
]
W, H, PAD = 300, 220, 48


def panel(x0, title, values, log_y):
    out = [f'<text x="{x0 + W / 2}" y="16" text-anchor="middle" font-size="12">{title}</text>']
    xs = [x for series in values for x, _ in series]
    ys = [y for series in values for _, y in series]
    lx0, lx1 = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
    fy = (lambda v: math.log10(v)) if log_y else (lambda v: v)
    y0, y1 = (math.floor(fy(min(ys))), math.ceil(fy(max(ys)))) if log_y else (0, max(ys) * 1.1)
    px = lambda x: x0 + PAD + (math.log10(x) - lx0) / (lx1 - lx0) * (W - PAD - 10)
    py = lambda y: 30 + (H - 30 - PAD) * (1 - (fy(y) - y0) / (y1 - y0))
    out.append(f'<rect x="{x0 + PAD}" y="30" width="{W - PAD - 10}" height="{H - 30 - PAD}" '
               'fill="none" stroke="#888"/>')
    for e in range(lx0, lx1 + 1):
        out.append(f'<text x="{px(10**e)}" y="{H - PAD + 14}" text-anchor="middle" '
                   f'font-size="10">1e{e}</text>')
    ticks = [10**e for e in range(y0, y1 + 1)] if log_y else [y0 + (y1 - y0) * i / 4
                                                              for i in range(5)]
    for t in ticks:
        label = f"1e{round(math.log10(t))}" if log_y else f"{t:.0f}"
        out.append(f'<text x="{x0 + PAD - 4}" y="{py(t) + 3}" text-anchor="end" '
                   f'font-size="10">{label}</text>')
    out.append(f'<text x="{x0 + W / 2}" y="{H - 12}" text-anchor="middle" font-size="10">'
               'neurons in the whole network</text>')
    for i, series in enumerate(values):
        pts = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in series)
        out.append(f'<polyline points="{pts}" fill="none" stroke="{COLOURS[i]}"/>')
        for x, y in series:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="2.5" '
                       f'fill="{COLOURS[i]}"/>')
    return out


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT,
                                                             "bench/results/weak_scaling.json")
    dst = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "docs/scaling_weak.svg")
    data = json.load(open(src))
    series = data["series"]
    body = []
    for j, (title, f, log_y) in enumerate(PANELS):
        values = [[(p["network_neurons_total"], f(p)) for p in s["points"]
                   if p["ranks"] > 1 or j == 0] for s in series]
        body += panel(j * W, title, values, log_y)
    for i, s in enumerate(series):
        y = H + 14 + 14 * i
        body.append(f'<rect x="{PAD}" y="{y - 8}" width="10" height="3" fill="{COLOURS[i]}"/>')
        body.append(f'<text x="{PAD + 16}" y="{y}" font-size="11">{s["neurons_per_rank"]:,} '
                    f'neurons per rank, long-range share {s["long_range_share"]}, in-degree '
                    f'{s["in_degree"]}</text>')
    height = H + 20 + 14 * len(series)
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{3 * W}" height="{height}" '
           f'font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n' +
           "\n".join(body) + "\n</svg>\n")
    with open(dst, "w") as f:
        f.write(svg)
    print(f"wrote {dst}")


if __name__ == "__main__":
    main()
