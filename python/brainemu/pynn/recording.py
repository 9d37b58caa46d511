"""Recording: spikes of every recorded cell and v (membrane voltage), read from the brainemu
run behind the current PyNN time. Spike times are the end of the step in which the cell crossed
threshold, when the spike leaves it, as NEST reports them (brainemu's own files give the step's
start, one dt earlier): a spike at t reaches its targets at t + delay."""
import numpy as np
from pyNN import recording

from . import simulator


class Recorder(recording.Recorder):
    _simulator = simulator

    def _record(self, variable, new_ids, sampling_interval=None):
        if variable not in ("spikes", "v"):
            raise NotImplementedError(f"brainemu's PyNN backend records spikes and v, not "
                                      f"{variable}")
        if sampling_interval is not None:
            self.sampling_interval = sampling_interval

    def _result(self):
        result = self._simulator.state.result
        if result is None:
            raise RuntimeError("nothing has been run yet: call run() first")
        return result

    def _get_spiketimes(self, ids, clear=False):
        spikes = self._result().spikes
        ids = np.asarray([int(i) for i in ids], dtype=np.int64)
        neurons = spikes.neurons.astype(np.int64)
        keep = np.isin(neurons, ids)
        times = (spikes.steps[keep].astype(np.float64) + 1.0) * spikes.dt_ms
        return neurons[keep], np.array(times, dtype=float)

    def _get_all_signals(self, variable, ids, clear=False):
        voltages = self._result().voltages
        if voltages is None or len(ids) == 0:
            return np.zeros((0, len(ids))), None
        columns = np.searchsorted(voltages.neurons, [int(i) for i in ids])
        frames = np.asarray(voltages.v_mV[:, columns], dtype=float)
        # PyNN's signals start at t = 0; brainemu samples at the end of each interval, so the
        # first row is the initial voltage where it is one number, else not known (NaN).
        first = np.array([getattr(i.parent, "_v0", np.nan) for i in ids])
        return np.vstack([first, frames]), None

    def _local_count(self, variable, filter_ids=None):
        ids = [int(i) for i in self.filter_recorded(variable, filter_ids)]
        counts = np.bincount(self._result().spikes.neurons.astype(np.int64),
                             minlength=max(ids, default=-1) + 1)
        return {i: int(counts[i]) for i in ids}

    def _clear_simulator(self):
        pass

    def _reset(self):
        pass
