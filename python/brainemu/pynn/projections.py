"""Projections: PyNN's connectors draw the connections (with PyNN's own random numbers, as on
every backend) and hand them here target by target; run() passes them to brainemu as arrays."""
import numpy as np
from pyNN import common, errors
from pyNN.space import Space

from . import simulator


class Projection(common.Projection):
    __doc__ = common.Projection.__doc__
    _simulator = simulator

    def __init__(self, presynaptic_population, postsynaptic_population, connector, synapse_type,
                 source=None, receptor_type=None, space=Space(), label=None):
        common.Projection.__init__(self, presynaptic_population, postsynaptic_population,
                                   connector, synapse_type, source, receptor_type, space, label)
        if type(self.synapse_type).__name__ != "StaticSynapse":
            raise NotImplementedError(
                f"{type(self.synapse_type).__name__}: brainemu's synapses are static (plastic "
                f"synapses are issue #21)")
        self._pre, self._post, self._weight, self._delay = [], [], [], []
        connector.connect(self)
        self._simulator.state.projections.append(self)

    def __len__(self):
        return sum(len(p) for p in self._pre)

    def set(self, **attributes):
        raise NotImplementedError("brainemu's PyNN backend fixes weights and delays when the "
                                  "projection is made")

    def _convergent_connect(self, presynaptic_indices, postsynaptic_index,
                            **connection_parameters):
        pre = np.asarray(self.pre.all_cells[np.asarray(presynaptic_indices, dtype=int)], dtype=np.int64)
        n = len(pre)
        post = int(self.post[postsynaptic_index])
        weight = np.broadcast_to(np.asarray(connection_parameters["weight"], dtype=float), (n,))
        delay = np.broadcast_to(np.asarray(connection_parameters["delay"], dtype=float), (n,))
        self._pre.append(pre)
        self._post.append(np.full(n, post, dtype=np.int64))
        self._weight.append(np.array(weight))
        self._delay.append(np.array(delay))

    def connections(self):
        """(pre ids, post ids, weights in PyNN units, delays in ms) as arrays."""
        if not self._pre:
            empty = np.zeros(0)
            return empty.astype(np.int64), empty.astype(np.int64), empty, empty
        return (np.concatenate(self._pre), np.concatenate(self._post),
                np.concatenate(self._weight), np.concatenate(self._delay))

    def _get_attributes_as_arrays(self, names, multiple_synapses="sum"):
        pre, post, w, d = self.connections()
        out = []
        for name in names:
            values = {"weight": w, "delay": d}.get(name)
            if values is None:
                raise errors.NonExistentParameterError(name, "StaticSynapse", ["weight", "delay"])
            matrix = np.full((self.pre.size, self.post.size), np.nan)
            rows = np.searchsorted(np.asarray(self.pre.all_cells, dtype=np.int64), pre)
            cols = np.searchsorted(np.asarray(self.post.all_cells, dtype=np.int64), post)
            if multiple_synapses == "sum":
                matrix[rows, cols] = 0.0
                np.add.at(matrix, (rows, cols), values)
            else:
                matrix[rows, cols] = values
            out.append(matrix)
        return out

    def _get_attributes_as_list(self, names):
        pre, post, w, d = self.connections()
        pre_index = np.searchsorted(np.asarray(self.pre.all_cells, dtype=np.int64), pre)
        post_index = np.searchsorted(np.asarray(self.post.all_cells, dtype=np.int64), post)
        columns = {"source": pre_index, "target": post_index, "weight": w, "delay": d,
                   "presynaptic_index": pre_index, "postsynaptic_index": post_index}
        return [tuple(columns[n][k] for n in names) for k in range(len(pre))]
