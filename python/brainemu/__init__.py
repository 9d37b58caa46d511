"""brainemu from Python: load or build an experiment, stimulate and silence neurons, run it
with the engine the `brainemu` command uses, and read its spikes as numpy arrays.

    import brainemu
    exp = brainemu.Experiment.builtin("microcircuit", scale=0.1, drive="poisson", duration_ms=200)
    result = exp.run()
    print(result.rates)                       # {"L23E": 0.9, ...}
    steps, neurons = result.spikes.steps, result.spikes.neurons

Experiment  an experiment file (load), TOML text (from_toml), a built-in network (builtin) or
            a Network (from_network); stimulate / silence / record_voltages / set change it,
            run() runs it.
Network     populations of a model and projections by rule (FixedIndegree, FixedProbability,
            AllToAll, OneToOne, FixedOutdegree, FixedTotal, DistanceDependent) or from arrays.
Result      a run directory: spikes, voltages, rates, profile, trials, trials_table.
Connectome  a .bcx file mapped read-only: ids, names, types, labels, info().
InputError  (a ValueError) bad input, with the message `brainemu run` prints;
ResourceError (an OSError) an output that cannot be written.

Semantics, fields and messages are the command line's: docs/experiments.md, docs/formats.md.
"""
from ._brainemu import InputError, Progress, ResourceError
from ._connectome import Connectome
from ._experiment import Experiment
from ._network import (AllToAll, DistanceDependent, FixedIndegree, FixedOutdegree,
                       FixedProbability, FixedTotal, Network, OneToOne, Population,
                       PopulationView, Rule)
from ._result import Result, Run, Spikes, Voltages, open_run, read_csv_table

__all__ = ["AllToAll", "Connectome", "DistanceDependent", "Experiment", "FixedIndegree",
           "FixedOutdegree", "FixedProbability", "FixedTotal", "InputError", "Network",
           "OneToOne", "Population", "PopulationView", "Progress", "ResourceError", "Result",
           "Rule", "Run", "Spikes", "Voltages", "open_run", "read_csv_table"]
