"""Populations: PyNN's bookkeeping (ids, views, assemblies, parameter spaces) with the values
kept here until run() hands them to brainemu."""
import numpy as np
from pyNN import common
from pyNN.parameters import ParameterSpace, simplify
from pyNN.standardmodels import StandardCellType

from . import simulator
from .recording import Recorder


class Assembly(common.Assembly):
    _simulator = simulator


class PopulationView(common.PopulationView):
    _assembly_class = Assembly
    _simulator = simulator

    def _get_parameters(self, *names):
        values = {}
        for name in names:
            value = self.parent._parameters[name]
            if isinstance(value, np.ndarray):
                value = value[self.mask]
            values[name] = simplify(value)
        return ParameterSpace(values, shape=(self.size,))

    def _set_parameters(self, parameter_space):
        parameter_space.evaluate(simplify=False)
        for name, value in parameter_space.items():
            full = np.array(self.parent._parameters[name], dtype=object if name == "spike_times" else float)
            if full.ndim == 0:
                full = np.full(self.parent.size, full.item(), dtype=full.dtype)
            full[self.mask] = value
            self.parent._parameters[name] = full

    def _set_initial_value_array(self, variable, initial_values):
        self.parent._set_view_initial_value(variable, self.mask, initial_values)

    def _get_view(self, selector, label=None):
        return PopulationView(self, selector, label)


class Population(common.Population):
    __doc__ = common.Population.__doc__
    _simulator = simulator
    _recorder_class = Recorder
    _assembly_class = Assembly

    def _create_cells(self):
        if not isinstance(self.celltype, StandardCellType) or not hasattr(self.celltype,
                                                                           "brainemu_model"):
            raise NotImplementedError(
                f"{type(self.celltype).__name__}: brainemu's PyNN backend runs the standard cell "
                f"types it lists (brainemu.pynn.list_standard_models()), not native ones")
        first = simulator.state.id_counter
        self.first_id, self.last_id = first, first + self.size - 1
        self.all_cells = np.array([simulator.ID(i) for i in range(first, first + self.size)],
                                  dtype=simulator.ID)
        self._mask_local = np.ones(self.size, dtype=bool)
        parameter_space = self.celltype.native_parameters
        parameter_space.shape = (self.size,)
        parameter_space.evaluate(simplify=False)
        self._parameters = parameter_space.as_dict()
        self._initial = {}
        for cell in self.all_cells:
            cell.parent = self
        simulator.state.id_counter += self.size
        simulator.state.populations.append(self)

    def _set_initial_value_array(self, variable, initial_values):
        # Kept as given (a number, a RandomDistribution, an array): brainemu draws a random
        # initial voltage from its own streams (execute.py). A distribution is still evaluated
        # here, as other backends evaluate it, so that the script's random generator moves on
        # as it would there and the connectors that draw from it next draw the same synapses.
        if not initial_values.is_homogeneous:
            initial_values.evaluate(simplify=False)
        self._initial[variable] = initial_values

    def _set_view_initial_value(self, variable, mask, initial_values):
        values = np.asarray(initial_values.evaluate(simplify=False), dtype=float)
        current = self._initial.get(variable)
        full = (np.full(self.size, float(current.evaluate(simplify=True)))
                if current is not None and current.is_homogeneous else
                np.asarray(current.evaluate(simplify=False), dtype=float)
                if current is not None else np.full(self.size, np.nan))
        full[mask] = values
        from lazyarray import larray
        self._initial[variable] = larray(full)

    def _get_view(self, selector, label=None):
        return PopulationView(self, selector, label)

    def _get_parameters(self, *names):
        return ParameterSpace({n: simplify(self._parameters[n]) for n in names},
                              shape=(self.local_size,))

    def _set_parameters(self, parameter_space):
        parameter_space.evaluate(simplify=False, mask=self._mask_local)
        for name, value in parameter_space.items():
            self._parameters[name] = value
