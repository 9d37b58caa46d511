"""Network: populations and projections built from Python, as in PyNEST, Brian2 or PyNN.

A Network becomes the [[network.population]] and [[network.projection]] tables of an experiment
(docs/experiments.md, "Composed networks"), so it runs through the same reader, engine and
outputs as a file, and every run's config.toml runs it again from the command line. Arrays
given to connect() are written once to a .npy file (numpy.save's format, read by brainemu without
a text step) in the network's directory.

python/README.md has a runnable example (Brunel's network A, built here and run).
"""
import contextlib
import os
import shutil
import tempfile
import weakref

import numpy as np

from . import _brainemu, _toml

WEIGHT_UNITS = ("pA", "mV", "nS", "model")


# -- connection rules --------------------------------------------------------------------------

class Rule:
    """A connection rule: its [[network.projection]] fields (rule = NAME and its parameters)."""

    name = None

    def __init__(self, **fields):
        self._fields = {k: v for k, v in fields.items() if v is not None}

    def fields(self):
        return {"rule": self.name, **self._fields}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self._fields.items())
        return f"{type(self).__name__}({args})"


class AllToAll(Rule):
    """Every source onto every target (autapses: a neuron onto itself where the populations
    are one)."""

    name = "all_to_all"

    def __init__(self, autapses=True):
        super().__init__(autapses=bool(autapses))


class OneToOne(Rule):
    """Source i onto target i (populations of one size)."""

    name = "one_to_one"

    def __init__(self):
        super().__init__()


class FixedIndegree(Rule):
    """Each target draws n sources uniformly (NEST's fixed_indegree; PyNN's
    FixedNumberPreConnector)."""

    name = "fixed_indegree"

    def __init__(self, n, autapses=True, multapses=True):
        super().__init__(indegree=int(n), autapses=bool(autapses), multapses=bool(multapses))


class FixedOutdegree(Rule):
    """Each source draws n targets uniformly (NEST's fixed_outdegree; PyNN's
    FixedNumberPostConnector)."""

    name = "fixed_outdegree"

    def __init__(self, n, autapses=True, multapses=True):
        super().__init__(outdegree=int(n), autapses=bool(autapses), multapses=bool(multapses))


class FixedProbability(Rule):
    """Each (source, target) pair independently with probability p (NEST's
    pairwise_bernoulli)."""

    name = "fixed_probability"

    def __init__(self, p, autapses=True):
        super().__init__(probability=float(p), autapses=bool(autapses))


class FixedTotal(Rule):
    """n (source, target) pairs drawn uniformly (NEST's fixed_total_number)."""

    name = "fixed_total"

    def __init__(self, n, autapses=True, multapses=True):
        super().__init__(number=int(n), autapses=bool(autapses), multapses=bool(multapses))


class DistanceDependent(Rule):
    """Each pair with probability p * exp(-d^2 / 2 sigma^2) (sigma_um) or p * exp(-d / lambda)
    (lambda_um), d the distance between the neurons' positions (both populations need
    positions); none beyond max_distance_um (0: no limit); periodic: distances wrap around
    the square of the target population."""

    name = "distance"

    def __init__(self, p, sigma_um=None, lambda_um=None, max_distance_um=None, periodic=None,
                 autapses=True):
        super().__init__(probability=float(p), sigma_um=sigma_um, lambda_um=lambda_um,
                         max_distance_um=max_distance_um, periodic=periodic,
                         autapses=bool(autapses))


# -- populations --------------------------------------------------------------------------------

class Population:
    """Neurons of one model, contiguous in the network: ids is range(first, first + size).
    p[i], p[i:j], p[[...]] are views (a subset of its neurons) for stimuli and recording."""

    def __init__(self, network, name, size, first, model):
        self.network = network
        self.name = name
        self.size = size
        self.first = first
        self.model = model

    @property
    def ids(self):
        """The population's network indices."""
        return range(self.first, self.first + self.size)

    def __len__(self):
        return self.size

    def __getitem__(self, index):
        local = np.arange(self.size)[index]
        return PopulationView(self, np.atleast_1d(local) + self.first)

    def __repr__(self):
        return (f"<brainemu.Population {self.name!r}: {self.size} neurons "
                f"[{self.first}, {self.first + self.size}), {self.model['name']}>")


class PopulationView:
    """Some neurons of a population: ids are their network indices (uint64 array)."""

    def __init__(self, parent, ids):
        self.parent = parent
        self.ids = np.asarray(ids, dtype=np.uint64)

    def __len__(self):
        return len(self.ids)

    def __repr__(self):
        return f"<brainemu.PopulationView of {self.parent.name!r}: {len(self.ids)} neurons>"


def _populations(x):
    """A Population or a list of them."""
    items = list(x) if isinstance(x, (list, tuple)) else [x]
    for p in items:
        if not isinstance(p, Population):
            raise TypeError(f"expected a Population (from Network.population), got {p!r}")
    return items


# -- the network --------------------------------------------------------------------------------

class Network:
    """Populations and projections. weight_unit: the unit of every weight given to connect()
    ("pA" for current-based models, "mV" for delta synapses, "nS" for conductances), mapped to
    each model's unit as for any network (docs/experiments.md), or "model" (each weight in its
    target model's own unit); psc_tau_ms: with pA, the time
    constant the currents were made for. directory: where arrays given to connect() are
    written (default: a temporary directory removed with this object)."""

    def __init__(self, weight_unit="pA", psc_tau_ms=None, directory=None):
        if weight_unit not in WEIGHT_UNITS:
            raise ValueError(f"weight_unit must be one of {', '.join(WEIGHT_UNITS)}, "
                             f"got {weight_unit!r}")
        self.weight_unit = weight_unit
        self.psc_tau_ms = psc_tau_ms
        self._populations = {}
        self._projections = []
        self._arrays = 0
        if directory is None:
            self.directory = tempfile.mkdtemp(prefix="brainemu-network-")
            self._cleanup = weakref.finalize(self, shutil.rmtree, self.directory, True)
        else:
            self.directory = os.fspath(directory)
            os.makedirs(self.directory, exist_ok=True)

    @property
    def populations(self):
        """{name: Population}, in network order."""
        return dict(self._populations)

    @property
    def size(self):
        """Neurons in all populations."""
        return sum(p.size for p in self._populations.values())

    def population(self, name, size, model, params=None, v_init_mV=None, v_init_sd_mV=None,
                   v_init_uniform_mV=None, positions=None, spacing_um=None, extent_um=None):
        """Adds `size` neurons of `model` (brainemu models lists them) with parameters `params`
        ({name: value} in the model's units; the rest take the model's defaults). Initial
        voltage: v_init_mV (with v_init_sd_mV: normal), v_init_uniform_mV = (low, high), or the
        model's resting potential. positions = "grid" (with spacing_um) or "random" (with
        extent_um) place the neurons in the plane for DistanceDependent rules."""
        name = str(name)
        if name in self._populations:
            raise _brainemu.InputError(f"<network>: population {name!r} is added twice")
        model = {"name": str(model), "params": dict(params or {})}
        if v_init_uniform_mV is not None:
            low, high = v_init_uniform_mV
            model["v_init_low_mV"], model["v_init_high_mV"] = float(low), float(high)
        if v_init_mV is not None:
            model["v_init_mV"] = float(v_init_mV)
            if v_init_sd_mV is not None:
                model["v_init_sd_mV"] = float(v_init_sd_mV)
        for key, v in model["params"].items():
            if np.ndim(v) != 0:
                raise ValueError(f"population {name!r}: params[{key!r}] must be one number "
                                 f"for the whole population (neurons that differ are separate "
                                 f"populations, or [[model.override]]s)")
        table = {"name": name, "size": int(size), "positions": positions,
                 "spacing_um": spacing_um, "extent_um": extent_um}
        population = Population(self, name, int(size), self.size, model)
        population._table = table
        self._populations[name] = population
        try:
            self._check()
        except BaseException:
            del self._populations[name]
            raise
        return population

    def connect(self, source, target, rule=None, weight=None, delay_ms=None, *, sources=None,
                targets=None, weights=None, delays_ms=None):
        """Connects population `source` to `target` (either may be a list: one projection per
        pair) by `rule` (AllToAll, OneToOne, FixedIndegree, FixedOutdegree, FixedProbability,
        FixedTotal, DistanceDependent) with one weight (the network's weight_unit) and
        delay_ms; or, without a rule, synapse by synapse from arrays: sources and targets
        (indices within the populations), weights and delays_ms (arrays or one number each)."""
        arrays = sources is not None or targets is not None
        if arrays == (rule is not None):
            raise TypeError("give either a rule (with weight and delay_ms) or sources= and "
                            "targets= (with weights= and delays_ms=)")
        added = []
        for s in _populations(source):
            for t in _populations(target):
                if arrays:
                    table = self._arrays_table(s, t, sources, targets, weights, delays_ms)
                else:
                    if not isinstance(rule, Rule):
                        raise TypeError(f"rule must be a brainemu rule (FixedIndegree(...), "
                                        f"...), got {rule!r}")
                    if weight is None or delay_ms is None:
                        raise TypeError("a rule needs weight= and delay_ms=")
                    table = {"source": s.name, "target": t.name, **rule.fields(),
                             "weight": float(weight), "delay_ms": float(delay_ms)}
                added.append(table)
        before = list(self._projections)
        self._projections.extend(added)
        try:
            self._check()
        except BaseException:
            self._projections = before
            raise
        return self

    def experiment(self, overrides=None, **keywords):
        """An Experiment running this network; keywords as Experiment.builtin's
        (duration_ms=..., seed=..., dt_ms=...)."""
        from ._experiment import Experiment, _overrides
        return Experiment(self.toml(), "<network>", _overrides(overrides, keywords, None),
                          network=self)

    def toml(self):
        """The network's tables: [model] names the first population's model with its own
        defaults, and each population is a [[model.override]] with its model, parameters and
        initial voltage (an override of [model]'s model would otherwise start from [model]'s
        values, not the model's defaults)."""
        if not self._populations:
            raise _brainemu.InputError("<network>: add a population first")
        pops = list(self._populations.values())
        parts = [_toml.table("[network]", {"weight_unit": self.weight_unit,
                                           "psc_tau_ms": self.psc_tau_ms})]
        for p in pops:
            parts.append(_toml.table("[[network.population]]", p._table))
        for t in self._projections:
            parts.append(_toml.table("[[network.projection]]", t))
        parts.append(_toml.table("[model]", {"name": pops[0].model["name"]}))
        for p in pops:
            # Needed where a population's model, parameters or initial voltage are not the
            # bare [model]'s (keys beyond name and params: initial voltage).
            if p.model["name"] != pops[0].model["name"] or p.model["params"] or len(p.model) > 2:
                parts.append(_model_table("[[model.override]]", p.model, population=p.name))
        return "\n".join(parts)

    def __repr__(self):
        return (f"<brainemu.Network {len(self._populations)} populations, {self.size} neurons, "
                f"{len(self._projections)} projections>")

    # -- internals -------------------------------------------------------------------------

    def _arrays_table(self, s, t, sources, targets, weights, delays_ms):
        if weights is None or delays_ms is None:
            raise TypeError("arrays need weights= and delays_ms= (arrays or one number each)")
        src = np.asarray(sources)
        tgt = np.asarray(targets)
        if src.shape != tgt.shape or src.ndim != 1:
            raise ValueError(f"sources and targets must be 1-d arrays of one length, got shapes "
                             f"{src.shape} and {tgt.shape}")
        for what, a in (("sources", src), ("targets", tgt)):
            if a.size and not np.issubdtype(a.dtype, np.integer):
                raise ValueError(f"{what} must be integers (indices within the population)")
        table = np.empty(len(src), dtype=[("source", "<i8"), ("target", "<i8"),
                                          ("weight", "<f8"), ("delay_ms", "<f8")])
        table["source"], table["target"] = src, tgt
        table["weight"], table["delay_ms"] = weights, delays_ms
        path = os.path.join(self.directory, f"projection-{self._arrays}.npy")
        self._arrays += 1
        np.save(path, table)
        return {"source": s.name, "target": t.name, "rule": "arrays", "file": path}

    @contextlib.contextmanager
    def checked_once(self):
        """Within `with network.checked_once():` changes are checked once, when the block ends
        (a program that adds many array projections reads each file once instead of at every
        call; the PyNN backend builds so). A mistake then raises at the end of the block, and
        every change the block made is undone."""
        before = (dict(self._populations), list(self._projections))
        self._deferred = True
        try:
            yield self
        finally:
            self._deferred = False
        try:
            self._check()
        except BaseException:
            self._populations, self._projections = before
            raise

    def _check(self):
        # Every change is read by brainemu's own reader at once, so a mistake raises here
        # with the message `brainemu run` would give, naming the table it is in.
        if self._populations and not getattr(self, "_deferred", False):
            _brainemu.check(self.toml(), "<network>", [], 0)


def _model_table(header, model, population=None):
    fields = {"population": population, "name": model["name"]}
    fields.update({k: v for k, v in model.items() if k not in ("name", "params")})
    text = _toml.table(header, fields)
    if model["params"]:
        sub = header.strip("[]") + ".params"
        text += _toml.table(f"[{sub}]", model["params"])
    return text
