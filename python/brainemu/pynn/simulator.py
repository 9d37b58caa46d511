"""The backend's state: PyNN's clock and bookkeeping, and the one brainemu run behind it.

brainemu runs an experiment as a whole, from t = 0. run(t) builds the network PyNN described
(brainemu.Network: populations, projections as arrays, stimuli for spike sources and current
sources) and runs it to the current time; a later run() runs the same experiment again to the
new time (brainemu is deterministic, so the first part repeats exactly) and refuses a network
that changed in between, since it cannot be changed in the middle of a run.
"""
import numpy as np
from pyNN import common, errors

name = "brainemu"


class ID(int, common.IDMixin):
    """A cell: its value is its brainemu network index (populations are numbered in the order
    they were created)."""

    def __init__(self, n):
        int.__init__(n)
        common.IDMixin.__init__(self)


class State(common.control.BaseState):

    def __init__(self):
        common.control.BaseState.__init__(self)
        self.mpi_rank = 0
        self.num_processes = 1
        self.dt = 0.1
        self.threads = 0
        self.seed = 1
        self.clear()

    def run(self, simtime):
        self.run_until(self.t + simtime)

    def run_until(self, tstop):
        from . import execute
        self.t = tstop
        self.running = True
        execute.run_to(self, tstop)

    def clear(self):
        self.recorders = set()
        self.populations = []
        self.projections = []
        self.current_sources = []
        self.id_counter = 0
        self.segment_counter = -1
        self.result = None
        self.signature = None
        self.reset()

    def reset(self):
        """Back to t = 0: the next run() starts the network again."""
        self.running = False
        self.t = 0.0
        self.t_start = 0.0
        self.segment_counter += 1
        self.result = None
        self.signature = None


state = State()


def one_value(values, what):
    """The single value of a per-neuron parameter array: brainemu models take one value per
    population (a population whose neurons differ is several populations)."""
    a = np.asarray(values, dtype=float).ravel()
    if a.size == 0:
        return None
    if not np.all(a == a[0]):
        raise errors.InvalidParameterValueError(
            f"{what}: brainemu's PyNN backend takes one value per population "
            f"(got {a.size} values from {a.min():g} to {a.max():g}); split the population")
    return float(a[0])
