"""Reading a run directory (docs/formats.md): spikes.bin and voltages.bin as numpy views of the
mapped files (no copy), rates.csv, profile.json, trials.csv and the trial-NNN folders."""
import csv
import functools
import json
import os
import shutil
import weakref

import numpy as np

# Records by file version: 32-bit neurons (networks of at most 2^32 neurons), 64-bit (packed).
SPIKE_RECORDS = {1: np.dtype([("step", "<u4"), ("neuron", "<u4")]),
                 2: np.dtype([("step", "<u4"), ("neuron", "<u8")])}
VOLTAGE_IDS = {1: np.dtype("<u4"), 2: np.dtype("<u8")}
HEADER_BYTES = 32


def _header(path, magic):
    with open(path, "rb") as f:
        head = f.read(HEADER_BYTES)
    if len(head) < HEADER_BYTES or head[:8] != magic:
        raise ValueError(f"{path}: not a brainemu {os.path.basename(path)} (magic "
                         f"{magic.decode()})")
    version, word = np.frombuffer(head, "<u4", 2, 8)
    if version not in (1, 2):
        raise ValueError(f"{path}: version {version}; this module reads versions 1 and 2")
    dt_ms = float(np.frombuffer(head, "<f8", 1, 16)[0])
    count = int(np.frombuffer(head, "<u8", 1, 24)[0])
    return int(version), int(word), dt_ms, count


def _map(path, dtype, offset, count):
    # np.memmap refuses an empty mapping; an empty array needs none.
    if count == 0:
        return np.zeros(0, dtype)
    return np.memmap(path, dtype, "r", offset, (count,)).view(np.ndarray)


class Spikes:
    """Every spike of a run, sorted by (step, neuron), viewing spikes.bin without a copy.

    records: structured array (step uint32, neuron uint32, or uint64 in networks of more than
    2^32 neurons); steps, neurons: its two fields;
    times_ms: steps x dt_ms (the start of the step in which the neuron crossed threshold).
    neurons are network indices; for a connectome, Connectome.ids[neurons] are dataset ids.
    """

    def __init__(self, path):
        version, record_bytes, self.dt_ms, count = _header(path, b"BESPIKE1")
        record = SPIKE_RECORDS[version]
        if record_bytes != record.itemsize:
            raise ValueError(f"{path}: {record_bytes} bytes per record, expected "
                             f"{record.itemsize} in version {version}")
        self.path = path
        self.records = _map(path, record, HEADER_BYTES, count)

    steps = property(lambda self: self.records["step"])
    neurons = property(lambda self: self.records["neuron"])

    @property
    def times_ms(self):
        return self.steps * self.dt_ms

    def of(self, neurons):
        """The records of some neurons: a Population or view (brainemu.Network), a range of
        network indices or an array of them."""
        ids = getattr(neurons, "ids", neurons)
        if isinstance(ids, range) and ids.step == 1:
            return self.records[(self.neurons >= ids.start) & (self.neurons < ids.stop)]
        return self.records[np.isin(self.neurons, np.asarray(ids, dtype=self.neurons.dtype))]

    def counts(self, neurons):
        """Spikes per neuron, for neuron indices 0 .. neurons - 1."""
        return np.bincount(self.neurons, minlength=neurons)

    def __len__(self):
        return len(self.records)

    def __repr__(self):
        return f"<brainemu.Spikes {len(self)} spikes, dt {self.dt_ms} ms>"


class Voltages:
    """Sampled membrane voltages (voltages.bin) without a copy: v_mV[frame, column] (float32),
    neurons[column] (ascending network indices), steps[frame], times_ms[frame] = (step + 1) x
    dt_ms (the end of the step, when the voltage holds)."""

    def __init__(self, path):
        version, columns, self.dt_ms, frames = _header(path, b"BEVOLTS1")
        self.path = path
        ids = VOLTAGE_IDS[version]
        self.neurons = _map(path, ids, HEADER_BYTES, columns) if columns else np.zeros(0, ids)
        frame = np.dtype([("step", "<u4"), ("v_mV", "<f4", (columns,))])
        self.frames = _map(path, frame, HEADER_BYTES + ids.itemsize * columns, frames)

    steps = property(lambda self: self.frames["step"])
    v_mV = property(lambda self: self.frames["v_mV"])

    @property
    def times_ms(self):
        return (self.steps.astype(np.float64) + 1.0) * self.dt_ms

    def of(self, neuron):
        """The trace of one network index."""
        col = np.searchsorted(self.neurons, neuron)
        if col >= len(self.neurons) or self.neurons[col] != neuron:
            raise KeyError(f"neuron {neuron} was not recorded")
        return self.v_mV[:, col]

    def __repr__(self):
        return (f"<brainemu.Voltages {len(self.neurons)} neurons x {len(self.frames)} frames, "
                f"dt {self.dt_ms} ms>")


def read_csv_table(path):
    """A CSV file (leading '#' lines skipped) as {column: numpy array}: int64 where every value
    is an integer, float64 where every value is a number, else str objects."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(line for line in f if not line.startswith("#")))
    if not rows:
        return {}
    header, body = rows[0], rows[1:]
    table = {}
    for i, name in enumerate(header):
        column = [r[i] for r in body]
        for dtype in (np.int64, np.float64):
            try:
                table[name] = np.array(column, dtype=dtype)
                break
            except ValueError:
                continue
        else:
            table[name] = np.array(column, dtype=object)
    return table


class Run:
    """One trial's outputs in a directory: spikes, voltages, rates, profile."""

    def __init__(self, out):
        self.out = os.fspath(out)

    def _file(self, name):
        return os.path.join(self.out, name)

    @functools.cached_property
    def spikes(self):
        """Spikes (None when record.spikes = false)."""
        path = self._file("spikes.bin")
        return Spikes(path) if os.path.exists(path) else None

    @functools.cached_property
    def voltages(self):
        """Voltages (None when no voltages were recorded)."""
        path = self._file("voltages.bin")
        return Voltages(path) if os.path.exists(path) else None

    def state(self, variable):
        """A recorded state variable ([record.state]) as Voltages (its values in .v_mV, named
        for voltages.bin's layout, which it shares): "v_mV" reads voltages.bin, any other
        variable V state_V.bin. None when it was not recorded."""
        name = "voltages.bin" if variable == "v_mV" else f"state_{variable}.bin"
        path = self._file(name)
        return Voltages(path) if os.path.exists(path) else None

    @property
    def recorded_variables(self):
        """The state variables recorded in this directory (v_mV first when there)."""
        names = sorted(f[len("state_"):-len(".bin")] for f in os.listdir(self.out)
                       if f.startswith("state_") and f.endswith(".bin"))
        return (["v_mV"] if os.path.exists(self._file("voltages.bin")) else []) + names

    @functools.cached_property
    def rates(self):
        """{population: rate in Hz}, in network order (rates.csv)."""
        t = read_csv_table(self._file("rates.csv"))
        return {str(p): float(r) for p, r in zip(t["population"], t["rate_hz"])}

    @functools.cached_property
    def type_rates(self):
        """{cell type: rate in Hz} of a connectome run (type_rates.csv; "(none)" for neurons
        without a type), in the connectome's type order; {} for other networks."""
        path = self._file("type_rates.csv")
        if not os.path.exists(path):
            return {}
        t = read_csv_table(path)
        return {str(p): float(r) for p, r in zip(t["type"], t["rate_hz"])}

    @functools.cached_property
    def profile(self):
        """profile.json as a dict (docs/formats.md)."""
        with open(self._file("profile.json"), encoding="utf-8") as f:
            return json.load(f)

    def __repr__(self):
        return f"<brainemu.Run {self.out}>"


class Result(Run):
    """A finished run's directory. With several trials, spikes, voltages and rates are trial
    0's (as the top-level profile.json is); every trial is in `trials`, and trials.csv in
    `trials_table`. Open a directory the CLI wrote with brainemu.open_run(DIR)."""

    def __init__(self, out, summary=None, temporary=False):
        super().__init__(out)
        #: what the run reported: out, threads, neurons, synapses, build_s, trials, files, log
        self.summary = summary or {}
        #: the summary lines `brainemu run` prints, in order
        self.log = list(self.summary.get("log", []))
        names = sorted(d for d in os.listdir(self.out)
                       if d.startswith("trial-") and os.path.isdir(self._file(d)))
        self.trials = [Run(self._file(d)) for d in names] if names else [self]
        if temporary:
            # The directory lives as long as this object; arrays already taken from it keep
            # their mappings (Linux keeps an unlinked file's mapped pages).
            self._cleanup = weakref.finalize(self, shutil.rmtree, self.out, True)

    def _trial0(self):
        return self.trials[0] if self.trials[0] is not self else None

    @functools.cached_property
    def spikes(self):
        """Spikes (trial 0's with several trials; None when record.spikes = false)."""
        t = self._trial0()
        return t.spikes if t else Run.spikes.func(self)

    @functools.cached_property
    def voltages(self):
        """Voltages (trial 0's with several trials; None when none were recorded)."""
        t = self._trial0()
        return t.voltages if t else Run.voltages.func(self)

    @functools.cached_property
    def rates(self):
        """{population: rate in Hz} (trial 0's with several trials), from rates.csv."""
        t = self._trial0()
        return t.rates if t else Run.rates.func(self)

    @functools.cached_property
    def type_rates(self):
        """{cell type: rate in Hz} (trial 0's with several trials), from type_rates.csv."""
        t = self._trial0()
        return t.type_rates if t else Run.type_rates.func(self)

    @functools.cached_property
    def trials_table(self):
        """trials.csv as {column: array} (neuron, id, name, mean_rate_hz, sd_rate_hz,
        min_rate_hz, max_rate_hz); None for a single trial."""
        path = self._file("trials.csv")
        return read_csv_table(path) if os.path.exists(path) else None

    @functools.cached_property
    def config(self):
        """config.toml (the resolved experiment) as a dict."""
        import tomllib
        with open(self._file("config.toml"), "rb") as f:
            return tomllib.load(f)

    def to_neo(self):
        """The run as a neo.Block (Debian's python3-neo, imported here rather than by
        `import brainemu`): one Segment per trial, each holding a SpikeTrain per neuron of the
        network (times in ms, over the recorded time: from its first step, after a warm-up or
        where a resumed run began, for as long as the run went;
        annotated with the neuron's network index, `neuron`) and, where voltages were recorded,
        one AnalogSignal (mV, a channel per recorded neuron, their indices in
        array_annotations["neuron"], each sample at the end of its step as Voltages.times_ms),
        and one AnalogSignal per other recorded state variable, named after it."""
        import neo
        import quantities as pq
        # The recorded time: from its first step (after a warm-up, or where a resumed run
        # began) for as long as the run went (a stopped run went less than its duration).
        profile = self.profile
        dt_ms = float(profile["dt_ms"])
        first_step = profile.get("first_step")
        if first_step is None:
            first_step = round(float(self.config["simulation"].get("warmup_ms", 0.0)) / dt_ms)
        t_start = first_step * dt_ms
        t_stop = t_start + float(profile["simulated_ms"])
        neurons = int(profile["neurons"])
        block = neo.Block(name=self.profile.get("network", ""), file_origin=self.out)
        for index, trial in enumerate(self.trials):
            segment = neo.Segment(name=f"trial {index}", index=index)
            spikes = trial.spikes
            if spikes is not None:
                order = np.argsort(spikes.neurons, kind="stable")
                ids = spikes.neurons[order]
                times = spikes.times_ms[order]
                bounds = np.searchsorted(ids, np.arange(neurons + 1))
                for k in range(neurons):
                    train = neo.SpikeTrain(times[bounds[k]:bounds[k + 1]], units="ms",
                                           t_start=t_start, t_stop=t_stop, name=str(k))
                    train.annotate(neuron=k)
                    segment.spiketrains.append(train)
            for variable in trial.recorded_variables:
                values = trial.state(variable)
                if len(values.frames) == 0:
                    continue
                steps = values.steps
                every = int(steps[1] - steps[0]) if len(steps) > 1 else 1
                signal = neo.AnalogSignal(
                    np.array(values.v_mV), units=_units(variable),
                    sampling_period=every * values.dt_ms * pq.ms,
                    t_start=float(values.times_ms[0]) * pq.ms,
                    name="v" if variable == "v_mV" else variable,
                    array_annotations={"neuron": np.array(values.neurons)})
                segment.analogsignals.append(signal)
            block.segments.append(segment)
        return block

    def __repr__(self):
        return f"<brainemu.Result {self.out}: {len(self.trials)} trial(s)>"


def _units(variable):
    """A state variable's unit from brainemu's naming (v_mV, g_ex_nS, u_mV_per_ms), for Neo."""
    for suffix, unit in (("_mV_per_ms", "mV/ms"), ("_pA_per_ms", "pA/ms"), ("_mV", "mV"),
                         ("_pA", "pA"), ("_nS", "nS"), ("_mM", "mM")):
        if variable.endswith(suffix):
            return unit
    return "dimensionless"


def open_run(out):
    """The Result of a run directory written earlier (by Experiment.run or `brainemu run`)."""
    return Result(out)
