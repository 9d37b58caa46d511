#!/usr/bin/python3
"""Reference numbers for tests/models/{izhikevich,adex,hh,lif_cond_exp}_test.cpp.

Independent of brainemu: the models' equations integrated by scipy's DOP853 with tight
tolerances (rtol = atol = 1e-11), spikes found by event detection and the reset applied at the
event time. Writes one header per model beside this script:

    /usr/bin/python3 tests/models/reference/make_references.py

(needs Debian's python3-scipy and python3-numpy; the headers are committed, so the C++ tests
need neither).
"""
import math
import os
import subprocess

import numpy as np
from scipy.integrate import solve_ivp

HERE = os.path.dirname(os.path.abspath(__file__))
TOL = dict(method="DOP853", rtol=1e-11, atol=1e-11)
DT = 0.1  # ms, the tests' step; samples are at t = k * DT (the state after k steps)
EVERY = 10  # the headers keep every 10th sample (1 ms apart)


def hybrid(rhs, y0, t_end, crossing, reset, max_step=np.inf):
    """Integrates rhs from y0 over [0, t_end]; when crossing(y) rises through 0, applies
    reset(y). Returns spike times and the state sampled at every k * DT."""
    grid = np.arange(0.0, t_end + 1e-9, DT)
    samples = np.empty((len(grid), len(y0)))
    samples[0] = y0
    spikes, t0, y = [], 0.0, np.array(y0, dtype=float)
    ev = lambda t, y: crossing(y)
    ev.terminal, ev.direction = True, 1
    while t0 < t_end:
        s = solve_ivp(rhs, (t0, t_end), y, events=ev, dense_output=True, max_step=max_step, **TOL)
        if s.status < 0:
            raise RuntimeError(s.message)
        t1 = s.t_events[0][0] if s.t_events[0].size else t_end
        inside = (grid > t0) & (grid <= t1)
        if inside.any():
            samples[inside] = s.sol(grid[inside]).T
        if not s.t_events[0].size:
            break
        spikes.append(t1)
        y, t0 = reset(s.y_events[0][0]), t1
    return np.array(spikes), grid, samples


def izhikevich(a, b, c, d, current, t_end):
    rhs = lambda t, y: [0.04 * y[0] ** 2 + 5 * y[0] + 140 - y[1] + current, a * (b * y[0] - y[1])]
    return hybrid(rhs, [-65.0, b * -65.0], t_end, lambda y: y[0] - 30.0,
                  lambda y: np.array([c, y[1] + d]))


ADEX = dict(C=281.0, gL=30.0, EL=-70.6, VT=-50.4, DT=2.0, tauw=144.0, a=4.0, b=80.5, Vr=-70.6,
            Vp=0.0)


def adex(current, t_end):
    p = ADEX

    def rhs(t, y):
        v, w = y
        vc = min(v, p["Vp"])
        return [(-p["gL"] * (v - p["EL"]) + p["gL"] * p["DT"] * math.exp((vc - p["VT"]) / p["DT"])
                 - w + current) / p["C"], (p["a"] * (vc - p["EL"]) - w) / p["tauw"]]

    # The event fires 1 mV below V_peak: from there V' > 1e10 mV/ms, so V_peak is reached
    # ~1e-10 ms later, and DOP853 cannot step through that blow-up at rtol 1e-11.
    return hybrid(rhs, [p["EL"], 0.0], t_end, lambda y: y[0] - (p["Vp"] - 1.0),
                  lambda y: np.array([p["Vr"], y[1] + p["b"]]))


def vtrap(x, y):
    return y if abs(x / y) < 1e-7 else x / -math.expm1(-x / y)


def hh_rates(v):
    return (0.1 * vtrap(v + 40, 10), 4 * math.exp(-(v + 65) / 18), 0.07 * math.exp(-(v + 65) / 20),
            1 / (1 + math.exp(-(v + 35) / 10)), 0.01 * vtrap(v + 55, 10),
            0.125 * math.exp(-(v + 65) / 80))


def hh(current_density, t_end):
    def rhs(t, y):
        v, m, h, n = y
        am, bm, ah, bh, an, bn = hh_rates(v)
        i_ion = 120 * m ** 3 * h * (v - 50) + 36 * n ** 4 * (v + 77) + 0.3 * (v + 54.4)
        return [current_density - i_ion, am * (1 - m) - bm * m, ah * (1 - h) - bh * h,
                an * (1 - n) - bn * n]

    am, bm, ah, bh, an, bn = hh_rates(-65.0)
    y0 = [-65.0, am / (am + bm), ah / (ah + bh), an / (an + bn)]
    # No reset: a spike is an upward crossing of 0 mV, so the event is not terminal.
    ev = lambda t, y: y[0]
    ev.direction = 1
    grid = np.arange(0.0, t_end + 1e-9, DT)
    s = solve_ivp(rhs, (0, t_end), y0, events=ev, t_eval=grid, max_step=0.05, **TOL)
    return s.t_events[0], grid, s.y.T


def hh_threshold(t_end, min_spikes, lo, hi):
    """Smallest step current (uA/cm2, to 1e-4) giving at least min_spikes spikes in t_end."""
    while hi - lo > 1e-4:
        mid = 0.5 * (lo + hi)
        lo, hi = (lo, mid) if len(hh(mid, t_end)[0]) >= min_spikes else (mid, hi)
    return 0.5 * (lo + hi)


def lif_cond_exp(w_ex, w_in, t_end):
    C, gL, EL, Eex, Ein, tex, tin = 250.0, 16.6667, -70.0, 0.0, -85.0, 0.2, 2.0
    t_in = DT  # the weight arrives in step 0 and is added to g at its end (NEST's order)

    def rhs(t, y):
        ge = w_ex * math.exp(-(t - t_in) / tex) if t >= t_in else 0.0
        gi = w_in * math.exp(-(t - t_in) / tin) if t >= t_in else 0.0
        return [(-gL * (y[0] - EL) - ge * (y[0] - Eex) - gi * (y[0] - Ein)) / C]

    grid = np.arange(0.0, t_end + 1e-9, DT)
    s = solve_ivp(rhs, (t_in, t_end), [EL], t_eval=grid[grid >= t_in - 1e-12], max_step=0.01,
                  **TOL)
    return grid, np.concatenate([[EL] * (len(grid) - s.y.shape[1]), s.y[0]])


def array(name, values, fmt="{:.12g}"):
    body = ",\n    ".join(", ".join(fmt.format(v) for v in values[i:i + 6])
                          for i in range(0, len(values), 6))
    return f"inline constexpr double {name}[] = {{\n    {body}}};\n"


def write(model, parts, every=EVERY):
    path = os.path.join(HERE, f"{model}_reference.hpp")
    with open(path, "w") as f:
        f.write("#pragma once\n// Generated by tests/models/reference/make_references.py "
                "(scipy DOP853, rtol = atol = 1e-11,\n// events for spikes); do not edit. "
                f"Samples are at t = k * {DT * every:g} ms.\n\nnamespace brainemu::reference::{model} {{\n\n")
        f.write("\n".join(parts))
        f.write(f"\n}}  // namespace brainemu::reference::{model}\n")
    # The project's format check covers these headers too.
    subprocess.run(["clang-format", "-i", path], check=True)
    print("wrote", path)


def main():
    parts = []
    for tag, (a, b, c, d) in {"rs": (0.02, 0.2, -65, 8), "fs": (0.1, 0.2, -65, 2)}.items():
        spikes, grid, y = izhikevich(a, b, c, d, 10.0, 300.0)
        parts.append(f"// {tag}: I = 10 from t = 0, v(0) = -65, u(0) = -13, 300 ms.\n" +
                     array(f"{tag}_spikes_ms", spikes) + array(f"{tag}_v_mV", y[::EVERY, 0]))
    write("izhikevich", parts)

    spikes, grid, y = adex(1000.0, 500.0)
    write("adex", ["// I = 1000 pA from t = 0, V(0) = E_L, w(0) = 0, 500 ms.\n" +
                   array("spikes_ms", spikes) + array("v_mV", y[::EVERY, 0]) + array("w_pA", y[::EVERY, 1])])

    parts = []
    for i in (3.0, 7.0, 10.0, 15.0, 20.0):
        spikes, grid, y = hh(i, 200.0)
        tag = f"i{int(i)}"
        parts.append(f"// {i} uA/cm2 from t = 0, at rest, 200 ms.\n" +
                     array(f"{tag}_spikes_ms", spikes) + array(f"{tag}_v_mV", y[::EVERY, 0]))
        if i == 10.0:  # the action potential's shape, on the 0.1 ms grid
            first = grid <= spikes[0] + 3.0
            between = (grid > spikes[0]) & (grid < spikes[1])
            parts.append("// First spike at 10 uA/cm2: highest grid sample, and the lowest one "
                         "before the second spike.\n"
                         f"inline constexpr double i10_peak_mV = {y[first, 0].max():.9f};\n"
                         f"inline constexpr double i10_trough_mV = {y[between, 0].min():.9f};\n")
    rheobase = hh_threshold(100.0, 1, 1.0, 4.0)
    repetitive = hh_threshold(200.0, 5, 4.0, 9.0)
    parts.append(f"// Smallest step (uA/cm2) with >= 1 spike in 100 ms; with >= 5 spikes in 200 ms.\n"
                 f"inline constexpr double rheobase_uA_per_cm2 = {rheobase:.6f};\n"
                 f"inline constexpr double repetitive_uA_per_cm2 = {repetitive:.6f};\n")
    write("hh", parts)

    parts = []
    for tag, (we, wi) in {"ex5": (5.0, 0.0), "ex50": (50.0, 0.0), "in20": (0.0, 20.0)}.items():
        grid, v = lif_cond_exp(we, wi, 50.0)
        parts.append(f"// g_ex += {we} nS, g_in += {wi} nS in step 0, NEST defaults, 50 ms.\n" +
                     array(f"{tag}_v_mV", v))  # every step
    write("lif_cond_exp", parts, every=1)


if __name__ == "__main__":
    main()
