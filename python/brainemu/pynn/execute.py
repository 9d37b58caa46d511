"""run(): the network PyNN described, as a brainemu.Network and Experiment, run to time t."""
import csv
import math
import os
import warnings

import numpy as np
from pyNN import errors

import brainemu

from .simulator import one_value


def _other_initial_values(population, v0):
    """Initial values other than v: brainemu starts them where the model does (synaptic
    currents and conductances at 0; Izhikevich's u at b v). Anything else is refused."""
    b = population._parameters.get("b_per_ms")
    for name, value in population._initial.items():
        if name == "v":
            continue
        base = getattr(value, "base_value", value)
        if name == "u" and b is not None:
            b = one_value(_values(population, "b_per_ms"), "b")
            if (np.ndim(base) == 0 and not hasattr(base, "next") and v0 is not None
                    and abs(float(base) - b * v0) <= 1e-9 * max(1.0, abs(b * v0))):
                continue
            warnings.warn(f"population {population.label!r}: brainemu starts Izhikevich's u at "
                          f"b v (here b = {b:g}), not at the u given ({base!r})", stacklevel=5)
            continue
        if np.ndim(base) == 0 and not hasattr(base, "next") and float(base) == 0.0:
            continue
        raise errors.InvalidParameterValueError(
            f"population {population.label!r}: initial {name} = {base!r}; brainemu starts "
            f"{name} at 0 (only v can be set)")


def _initial_voltage(population):
    """brainemu.Network.population's initial-voltage keywords for PyNN's initial v: a number,
    a uniform or normal RandomDistribution (brainemu draws its own values from its seed: the
    same distribution, not the same numbers), or an array of one value."""
    v = population._initial.get("v")
    population._v0 = np.nan
    if v is None:
        return {}
    base = getattr(v, "base_value", v)
    if type(base).__name__ == "RandomDistribution":
        p = base.parameters
        if base.name == "uniform":
            return {"v_init_uniform_mV": (float(p["low"]), float(p["high"]))}
        if base.name == "normal":
            return {"v_init_mV": float(p["mu"]), "v_init_sd_mV": float(p["sigma"])}
        raise errors.InvalidParameterValueError(
            f"population {population.label!r}: initial v from a {base.name!r} distribution; "
            f"brainemu draws initial voltages from uniform and normal distributions")
    value = one_value(v.evaluate(simplify=False), f"population {population.label!r}: initial v")
    population._v0 = value
    return {"v_init_mV": value}


def _names(populations):
    names, seen = [], set()
    for k, p in enumerate(populations):
        name = p.label or f"population{k}"
        while name in seen:
            name = f"{name}_{k}"
        seen.add(name)
        names.append(name)
    return names


def _signature(state):
    """What the run depends on, by value, to refuse a network changed between two run()
    calls."""
    parts = []
    for p in state.populations:
        values = []
        for k in sorted(p._parameters):
            v = _values(p, k, dtype=object)
            values.append((k, repr([getattr(x, "value", x) for x in v.tolist()])))
        parts.append((type(p.celltype).__name__, p.size, tuple(values),
                      repr(sorted((k, getattr(v, "base_value", v)) for k, v in
                                  p._initial.items()))))
    for proj in state.projections:
        parts.append(tuple(a.tobytes() for a in proj.connections()))
    for s in state.current_sources:
        parts.append((type(s).__name__, tuple(s.cells), repr(sorted(s.get_parameters().items()))))
    return hash(repr(parts))


def _populations_and_projections(state, net, pops, names):
    """The populations (their models, parameters, initial voltages) and every projection's
    synapses, as arrays between pairs of populations, added to `net`; returns the
    brainemu.Population of each PyNN population."""
    firsts = np.array([int(p.first_id) for p in pops])
    made = []
    for p, name in zip(pops, names):
        model = p.celltype.brainemu_model
        params = {}
        initial = {}
        if model != "parrot":
            for key in p._parameters:
                params[key] = one_value(_values(p, key), f"population {name!r}: {key}")
            initial = _initial_voltage(p)
            _other_initial_values(p, initial.get("v_init_mV") if "v_init_sd_mV" not in initial
                                  else None)
        made.append(net.population(name, p.size, model, params, **initial))
    for proj in state.projections:
        pre, post, w, d = proj.connections()
        src_pop = np.searchsorted(firsts, pre, side="right") - 1
        tgt_pop = np.searchsorted(firsts, post, side="right") - 1
        for s in np.unique(src_pop):
            for t in np.unique(tgt_pop):
                keep = (src_pop == s) & (tgt_pop == t)
                if not keep.any():
                    continue
                target = pops[t].celltype
                if target.brainemu_model == "parrot":
                    raise errors.ConnectionError("spike sources take no input")
                weights = w[keep] * target.weight_scale
                if proj.receptor_type == "inhibitory" and target.conductance_based:
                    weights = -weights  # brainemu's sign picks the inhibitory conductance
                net.connect(made[s], made[t], sources=pre[keep] - firsts[s],
                            targets=post[keep] - firsts[t], weights=weights, delays_ms=d[keep])
    return made


def build(state, tstop):
    """The brainemu.Experiment of the network PyNN described, to run for tstop ms."""
    pops = state.populations
    if not pops:
        raise errors.InvalidModelError("no populations: create some before run()")
    names = _names(pops)
    net = brainemu.Network(weight_unit="model", directory=state.directory)
    with net.checked_once():  # every array file read once, not at every projection
        _populations_and_projections(state, net, pops, names)
    exp = net.experiment(duration_ms=float(tstop), dt_ms=float(state.dt), seed=int(state.seed))
    for p in pops:
        if type(p.celltype).__name__ == "SpikeSourcePoisson":
            _poisson_sources(exp, p, tstop, float(state.dt))
        elif type(p.celltype).__name__ == "SpikeSourceArray":
            _array_sources(exp, p, state.directory, float(state.dt))
    for source in state.current_sources:
        _current(exp, source, tstop)
    _record_voltages(exp, state)
    return exp


def _values(p, key, dtype=float):
    """Population p's native parameter `key`, one value per neuron."""
    v = p._parameters[key]
    v = v.evaluate(simplify=False) if hasattr(v, "evaluate") else v
    return np.broadcast_to(np.asarray(v, dtype=dtype), (p.size,))


def _poisson_sources(exp, p, tstop, dt):
    rate, start, duration = (_values(p, k) for k in ("rate_hz", "start_ms", "duration_ms"))
    # A parrot relays at most one spike per step: of Poisson events at rate r, a fraction
    # 1 - (1 - e^-x) / x with x = r dt falls together with another and is lost.
    x = float(np.max(rate, initial=0.0)) * dt * 1e-3
    lost = 1.0 - (1.0 - math.exp(-x)) / x if x > 0.0 else 0.0
    if lost > 0.01:
        warnings.warn(f"population {p.label!r}: SpikeSourcePoisson at {x / dt * 1e3:g} Hz and "
                      f"dt = {dt} ms relays {100 * (1 - lost):.1f}% of its events (one spike "
                      f"per step); use more sources at lower rates", stacklevel=4)
    groups = {}
    for k in range(p.size):
        groups.setdefault((rate[k], start[k], duration[k]), []).append(int(p.first_id) + k)
    for (r, s, dur), ids in groups.items():
        if r <= 0.0 or s >= tstop:
            continue
        fields = {"rate_hz": float(r), "weight_mV": 1.0, "start_ms": float(s)}
        if s + dur < tstop:
            fields["stop_ms"] = float(s + dur)
        exp.stimulate(ids=ids, kind="poisson", **fields)


def _array_sources(exp, p, directory, dt):
    # A parrot spikes at the end of the step its event arrives in: an event one step before a
    # spike time t gives the spike at t, as the source would (times below one step: at dt).
    times = _values(p, "spike_times", dtype=object)
    path = os.path.join(directory, f"spike-times-{p.first_id}.csv")
    rows = 0
    with open(path, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["neuron", "time_ms"])
        for k, seq in enumerate(times):
            for t in np.asarray(getattr(seq, "value", seq), dtype=float).ravel():
                out.writerow([int(p.first_id) + k, repr(max(float(t) - dt, 0.0))])
                rows += 1
    if rows:
        exp.stimulate(kind="spike_times", file=path, weight_mV=1.0)


def _current(exp, source, tstop):
    if not source.cells:
        return
    native = source.native()
    ids = sorted(set(source.cells))
    if "amplitude_pA" in native:
        fields = {"amplitude_pA": float(native["amplitude_pA"]),
                  "start_ms": float(native["start_ms"])}
        if native["stop_ms"] < tstop:
            fields["stop_ms"] = float(native["stop_ms"])
        exp.stimulate(ids=ids, kind="dc", **fields)
    else:
        times = np.asarray(getattr(native["times_ms"], "value", native["times_ms"]), float)
        amps = np.asarray(getattr(native["amplitudes_pA"], "value", native["amplitudes_pA"]),
                          float)
        exp.stimulate(ids=ids, kind="step", times_ms=times.tolist(), amplitudes_pA=amps.tolist())


def _record_voltages(exp, state):
    ids, intervals = set(), set()
    for r in state.recorders:
        cells = r.recorded.get("v", set())
        if cells:
            ids.update(int(c) for c in cells)
            intervals.add(float(r.sampling_interval))
    if len(intervals) > 1:
        raise errors.RecordingError("v", f"at one sampling interval (brainemu records every "
                                         f"voltage at one interval; got {sorted(intervals)})")
    if ids:
        exp.record_voltages(ids=sorted(ids), interval_ms=intervals.pop())


def run_to(state, tstop):
    signature = _signature(state)
    if state.signature is not None and signature != state.signature:
        raise NotImplementedError(
            "the network changed since the last run(): brainemu runs a network as a whole and "
            "cannot change it part way; call reset() before changing it")
    state.signature = signature
    state.result = build(state, tstop).run(threads=state.threads or None)
