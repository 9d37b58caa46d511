"""brainemu as a PyNN 0.10 backend: `import brainemu.pynn as sim` (or `import pyNN.brainemu as
sim` after `python3 -m brainemu.pynn.install`), then PyNN's API as on any backend.

PyNN's connectors draw the connections (with PyNN's random numbers, as on every backend) and
brainemu runs them: the standard cell types brainemu has a model for (list_standard_models()),
SpikeSourcePoisson and SpikeSourceArray (relayed by brainemu's parrot neurons), DCSource and
StepCurrentSource, static synapses, spikes and v recorded into Neo blocks. What it does not do,
and why, is in docs/pynn.md.
"""
import atexit
import logging
import shutil
import tempfile

from pyNN import common
from pyNN.common.control import DEFAULT_MAX_DELAY, DEFAULT_MIN_DELAY, DEFAULT_TIMESTEP
from pyNN.connectors import (AllToAllConnector, ArrayConnector, CloneConnector,  # noqa: F401
                             CSAConnector, DisplacementDependentProbabilityConnector,
                             DistanceDependentProbabilityConnector, FixedNumberPostConnector,
                             FixedNumberPreConnector, FixedProbabilityConnector,
                             FixedTotalNumberConnector, FromFileConnector, FromListConnector,
                             IndexBasedProbabilityConnector, OneToOneConnector,
                             SmallWorldConnector)
from pyNN.random import NumpyRNG, RandomDistribution  # noqa: F401
from pyNN.recording import get_io
from pyNN.space import Grid2D, Grid3D, Line, RandomStructure, Space  # noqa: F401
from pyNN.standardmodels import StandardCellType

from . import simulator
from .populations import Assembly, Population, PopulationView  # noqa: F401
from .projections import Projection
from .standardmodels import (DCSource, IF_cond_exp, IF_curr_alpha, IF_curr_exp,  # noqa: F401
                             Izhikevich, SpikeSourceArray, SpikeSourcePoisson, StaticSynapse,
                             StepCurrentSource)

logger = logging.getLogger("PyNN")


def list_standard_models():
    """The StandardCellType classes brainemu runs."""
    return [obj.__name__ for obj in globals().values()
            if isinstance(obj, type) and issubclass(obj, StandardCellType)
            and obj is not StandardCellType]


def setup(timestep=DEFAULT_TIMESTEP, min_delay=DEFAULT_MIN_DELAY, **extra_params):
    """As PyNN's setup(); extra: threads (default: every core), seed or rng_seed (brainemu's
    seed for Poisson sources and drawn initial voltages; default 1)."""
    max_delay = extra_params.get("max_delay", DEFAULT_MAX_DELAY)
    common.setup(timestep, min_delay, **extra_params)
    simulator.state.clear()
    simulator.state.dt = timestep
    simulator.state.min_delay = min_delay
    simulator.state.max_delay = max_delay
    simulator.state.threads = int(extra_params.get("threads", 0))
    simulator.state.seed = int(extra_params.get("seed", extra_params.get("rng_seed", 1)))
    # Array files and spike-time files of the runs: removed at the next setup() and at exit.
    if getattr(simulator.state, "directory", None):
        shutil.rmtree(simulator.state.directory, ignore_errors=True)
    simulator.state.directory = tempfile.mkdtemp(prefix="brainemu-pynn-")
    atexit.register(shutil.rmtree, simulator.state.directory, True)
    return rank()


def end(compatible_output=True):
    """Writes what record(..., filename) asked for."""
    for population, variables, filename in simulator.state.write_on_end:
        population.write_data(get_io(filename), variables)
    simulator.state.write_on_end = []


run, run_until = common.build_run(simulator)
run_for = run
reset = common.build_reset(simulator)
initialize = common.initialize
get_current_time, get_time_step, get_min_delay, get_max_delay, \
    num_processes, rank = common.build_state_queries(simulator)
create = common.build_create(Population)
connect = common.build_connect(Projection, FixedProbabilityConnector, StaticSynapse)
record = common.build_record(simulator)
set = common.set


def record_v(source, filename):
    return record(["v"], source, filename)
