"""Connectome: a .bcx file mapped read-only, with numpy views of its arrays."""
import functools
import os

import numpy as np

from . import _brainemu


class Connectome:
    """An imported connectome (`brainemu import` writes .bcx files). Neuron i is network
    index i in a run of it; `ids[i]` is its dataset id (FlyWire root id, skeleton id, ...).

    ids, type_index, transmitter_index, row_offsets, post, count, gap_*: read-only numpy views
    of the mapped file (no copy; they keep the mapping alive). names, types, transmitters:
    per-neuron string arrays ("" where unknown). labels: {label: neuron indices}.
    """

    def __init__(self, mapped):
        self._c = mapped

    @classmethod
    def open(cls, path):
        """Maps PATH, checking its header and every section's checksum (InputError if not)."""
        return cls(_brainemu.Connectome.open(os.fspath(path)))

    def __getattr__(self, name):
        # ids, neurons, row_offsets, post, count, gap_a, find_id, info, ... come from C++.
        return getattr(self.__dict__["_c"], name)

    def __len__(self):
        return len(self._c)

    @functools.cached_property
    def names(self):
        names = self._c.names
        return np.array(names if names else [""] * len(self), dtype=object)

    @functools.cached_property
    def types(self):
        return np.array(self._c.type_names, dtype=object)[self._c.type_index]

    @functools.cached_property
    def transmitters(self):
        return np.array(self._c.transmitter_names, dtype=object)[self._c.transmitter_index]

    @functools.cached_property
    def labels(self):
        return self._c.labels

    def index(self, ids):
        """Network indices of dataset ids (KeyError for an unknown one)."""
        out = np.empty(len(ids), np.int64)
        for k, i in enumerate(ids):
            found = self._c.find_id(int(i))
            if found is None:
                raise KeyError(f"no neuron with id {i}")
            out[k] = found
        return out

    def __repr__(self):
        return f"<brainemu.Connectome {self._c.path}: {len(self)} neurons>"
