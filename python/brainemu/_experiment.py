"""Experiment: a TOML experiment, changed from Python, run through brainemu's own run loop.

The experiment stays TOML text on the way to C++: stimuli and silencing become [[stimulus]] and
[[silence]] tables appended to the text, everything else becomes a `--set` override. Each change
is parsed at once by the reader `brainemu run` uses, so a mistake raises InputError with the
CLI's own message and leaves the experiment as it was.
"""
import os
import shutil
import tempfile
import tomllib

from . import _brainemu, _toml
from ._result import Result

# [simulation] fields: a bare keyword argument of this name means simulation.NAME.
SIMULATION_FIELDS = ("dt_ms", "duration_ms", "warmup_ms", "seed", "threads", "trials")
SELECTORS = ("ids", "names", "type", "transmitter", "population", "label", "all")


def _override_text(v):
    # A string is passed as `--set KEY=VALUE` passes it: TOML text, a bare word a string.
    return v if isinstance(v, str) else _toml.value(v)


def _overrides(mapping, keywords, bare_section):
    """(key, TOML text) pairs: `mapping` keys as written ("network.scale"); keyword names with
    "__" for "." (network__scale=0.1), a bare [simulation] field for simulation.NAME, and any
    other bare name for bare_section.NAME (None: as given)."""
    pairs = [(str(k), _override_text(v)) for k, v in (mapping or {}).items()]
    for name, v in keywords.items():
        k = name.replace("__", ".")
        if "." not in k:
            if k in SIMULATION_FIELDS:
                k = "simulation." + k
            elif bare_section:
                k = f"{bare_section}.{k}"
        pairs.append((k, _override_text(v)))
    return pairs


def _selector(ids, names, type, transmitter, population, label, all):
    # Unset selectors are left out; brainemu itself says when none or several are given.
    # A Population (Network.population) selects by its name, a view (population[i:j]) by ids.
    if hasattr(population, "parent") and hasattr(population, "ids"):
        population, ids = None, population.ids
    elif hasattr(population, "ids") and hasattr(population, "name"):
        population = population.name
    if hasattr(ids, "parent") and hasattr(ids, "ids"):
        ids = ids.ids
    return {"ids": ids, "names": names, "type": type, "transmitter": transmitter,
            "population": population, "label": label, "all": True if all else None}


class Experiment:
    """A brainemu experiment. Make one with Experiment.load, from_toml or builtin."""

    def __init__(self, text, path, overrides=(), network=None):
        # A Network's array files live as long as the Network: the experiment keeps it.
        self._network = network
        self._base = text if text.endswith("\n") else text + "\n"
        self._user_lines = self._base.count("\n")
        self._path = os.fspath(path)
        self._tables = []
        self._overrides = []
        self._summary = None
        self._change(overrides=overrides)

    # -- making one ---------------------------------------------------------------------------

    @classmethod
    def load(cls, path, overrides=None, **keywords):
        """Reads an experiment file. Overrides have `brainemu run --set`'s semantics:
        load("exp.toml", {"network.scale": 0.1}) or load("exp.toml", network__scale=0.1);
        bare [simulation] fields need no prefix: load("exp.toml", duration_ms=200)."""
        path = os.fspath(path)
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except OSError:
            # Worded as brainemu's reader words it (parse_experiment).
            raise _brainemu.InputError(f"{path}: cannot open experiment file") from None
        return cls(text, path, _overrides(overrides, keywords, None))

    @classmethod
    def from_toml(cls, text, base_dir=None, name="<toml>", overrides=None, **keywords):
        """An experiment from TOML text. Relative paths in it (network.connectome, a stimulus
        file) are relative to base_dir (default: the current directory); messages name the
        text `name`."""
        path = os.path.join(os.fspath(base_dir), name) if base_dir is not None else name
        return cls(text, path, _overrides(overrides, keywords, None))

    @classmethod
    def from_network(cls, network, overrides=None, **keywords):
        """An experiment running a brainemu.Network (as network.experiment(...))."""
        return network.experiment(overrides, **keywords)

    @classmethod
    def builtin(cls, network, overrides=None, **keywords):
        """A built-in network ("brunel" or "microcircuit") with its own model and drive.
        Keywords set [network] fields (scale=0.1, drive="poisson"), or [simulation] fields
        (duration_ms=200, seed=3, trials=2), or any field as model__params__t_ref_ms=2.0."""
        text = f"[network]\nbuiltin = {_toml.string(network)}\n"
        return cls(text, f"<{network}>", _overrides(overrides, keywords, "network"))

    def copy(self):
        """An independent copy (changes to one do not reach the other)."""
        other = object.__new__(Experiment)
        other.__dict__.update(self.__dict__)
        other._tables = list(self._tables)
        other._overrides = list(self._overrides)
        return other

    # -- changing it (each returns self, so calls chain) -------------------------------------

    def set(self, key, value):
        """Sets a field by its dotted key, as `--set KEY=VALUE`: set("simulation.trials", 30).
        A str is TOML text as on the command line ("poisson", "[1, 2]"); other values are
        written as TOML."""
        return self._change(overrides=[(key, _override_text(value))])

    def stimulate(self, *, kind="poisson", ids=None, names=None, type=None, transmitter=None,
                  population=None, label=None, all=False, **fields):
        """Adds a [[stimulus]]: exactly one selector (ids, names, type, transmitter,
        population, label, all=True) and the kind's fields (docs/experiments.md), e.g.
        stimulate(type="sens-ORN", rate_hz=150.0, weight_mV=68.75, receptor="voltage",
        refractory_ms=0.0)."""
        self._check_population(population, f"stimulus[{self._count('stimulus')}]")
        table = _selector(ids, names, type, transmitter, population, label, all)
        table["kind"] = kind
        table.update(fields)
        return self._change(tables=[_toml.table("[[stimulus]]", table)])

    def silence(self, *, ids=None, names=None, type=None, transmitter=None, population=None,
                label=None, all=False):
        """Adds a [[silence]]: the selected neurons' outgoing synapses are removed (they still
        spike, and their spikes are recorded)."""
        self._check_population(population, f"silence[{self._count('silence')}]")
        table = _selector(ids, names, type, transmitter, population, label, all)
        return self._change(tables=[_toml.table("[[silence]]", table)])

    def record_voltages(self, *, interval_ms=None, ids=None, names=None, type=None,
                        transmitter=None, population=None, label=None, all=False):
        """Records the selected neurons' voltages every interval_ms (default 1 ms); replaces
        the file's [record.voltages]."""
        self._check_population(population, "record.voltages")
        table = _selector(ids, names, type, transmitter, population, label, all)
        table["interval_ms"] = interval_ms
        return self._change(overrides=[("record.voltages", _inline(table))],
                            drop=("record.state",))

    def record_state(self, variables, *, interval_ms=None, ids=None, names=None, type=None,
                     transmitter=None, population=None, label=None, all=False):
        """Records state variables of the selected neurons every interval_ms (default 1 ms):
        any of their models' (`brainemu models` names them: v_mV, i_ex_pA, g_ex_nS, w_pA,
        u_mV_per_ms, m, h, n, ...); replaces an earlier record_voltages or record_state
        call (an experiment file's own [record.voltages] stays, and brainemu refuses both
        together). Read them with Result.state(name); with record.sonata also as SONATA
        reports (report_NAME.h5)."""
        self._check_population(population, "record.state")
        table = _selector(ids, names, type, transmitter, population, label, all)
        table["interval_ms"] = interval_ms
        table["variables"] = [str(v) for v in ([variables] if isinstance(variables, str)
                                               else variables)]
        return self._change(overrides=[("record.state", _inline(table))],
                            drop=("record.voltages",))

    def record_summary(self, *, ids=None, names=None, type=None, transmitter=None,
                       population=None, label=None, all=False):
        """With several trials: the neurons whose rates across trials go to trials.csv."""
        self._check_population(population, "record.summary")
        table = _selector(ids, names, type, transmitter, population, label, all)
        return self._change(overrides=[("record.summary", _inline(table))])

    # -- reading it --------------------------------------------------------------------------

    @property
    def path(self):
        """The file (or name) messages and config.toml cite; relative paths start beside it."""
        return self._path

    @property
    def text(self):
        """The TOML brainemu parses: the file's text and the tables added here."""
        return self._base + "".join("\n" + t for t in self._tables)

    @property
    def overrides(self):
        """The overrides, as `--set` arguments."""
        return [f"{k}={v}" for k, v in self._overrides]

    @property
    def config(self):
        """Every field with the value a run will use, defaults included (config.toml)."""
        return tomllib.loads(self._summary["resolved"])

    @property
    def summary(self):
        """network, neurons, dt_ms, duration_ms, warmup_ms, steps, seed, threads, trials."""
        return {k: v for k, v in self._summary.items() if k not in ("resolved", "populations")}

    @property
    def populations(self):
        """{name: range of neuron indices} of a built-in network, known before it is built;
        {} for a connectome or an edge list (their neurons are chosen by name, type, label)."""
        return {name: range(first, last) for name, first, last in self._summary["populations"]}

    def __getattr__(self, name):
        summary = self.__dict__.get("_summary")
        if summary is not None and name in summary and name not in ("resolved", "populations"):
            return summary[name]
        raise AttributeError(name)

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self.summary))

    def __repr__(self):
        s = self._summary
        return (f"<brainemu.Experiment {self._path}: {s['network']}, {s['neurons']} neurons, "
                f"{s['duration_ms']} ms x {s['trials']} trial(s)>")

    # -- running it --------------------------------------------------------------------------

    def run(self, out=None, threads=None, progress=None, log=None):
        """Runs the experiment as `brainemu run` does and returns its Result.

        out: the output directory (created; an earlier run's files there are replaced); None:
          a temporary directory removed when the Result is garbage-collected.
        threads: worker threads (default: the experiment's simulation.threads, 0 = every core).
        progress: called with a Progress (step, total_steps, spikes, wall_s) about twice a
          second; an exception it raises (KeyboardInterrupt included) stops the run and
          propagates. The GIL is released while the engine runs.
        log: called with each line of the run's summary (the lines `brainemu run` prints).
        """
        if threads is not None and int(threads) < 1:
            raise ValueError(f"threads must be >= 1, got {threads}")
        temporary = out is None
        out = tempfile.mkdtemp(prefix="brainemu-run-") if temporary else os.fspath(out)
        try:
            summary = _brainemu.run(self.text, self._path, self._overrides, self._user_lines,
                                    out, int(threads or 0), progress, log)
        except BaseException:
            if temporary:
                shutil.rmtree(out, ignore_errors=True)
            raise
        return Result(out, summary=summary, temporary=temporary)

    # -- internals ---------------------------------------------------------------------------

    def _check_population(self, population, where):
        # A built-in network knows its populations before it is built: a misspelt one is
        # refused here, at the call that wrote it, with the message `brainemu run` gives.
        known = self.populations
        population = getattr(population, "name", population)
        if hasattr(population, "parent"):  # a view: chosen by ids
            return
        if population is not None and known and population not in known:
            message = _brainemu.unknown_name_message("population", str(population), list(known))
            raise _brainemu.InputError(f"{self._path}: {where}.population: {message}")

    def _count(self, table):
        return len(self.config.get(table, []))

    def _change(self, tables=(), overrides=(), drop=()):
        # `drop`: keys whose earlier overrides the new ones replace ([record.state] replaces
        # [record.voltages] and back: an experiment records one set of variables).
        new_tables = self._tables + list(tables)
        new_overrides = [o for o in self._overrides if o[0] not in drop] + list(overrides)
        text = self._base + "".join("\n" + t for t in new_tables)
        summary = _brainemu.check(text, self._path, new_overrides, self._user_lines)
        self._tables, self._overrides, self._summary = new_tables, new_overrides, summary
        return self


def _inline(fields):
    return _toml.value({k: v for k, v in fields.items() if v is not None})
