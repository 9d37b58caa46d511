"""PyNN's standard cell types on brainemu's models, with PyNN's names and units translated
(nF -> pF, nA -> pA, uS -> nS), and the spike sources and current sources.

Cell type          brainemu model   weights (PyNN unit -> brainemu unit)
IF_curr_exp        lif_psc_exp      nA -> pA
IF_curr_alpha      iaf_psc_alpha    nA -> pA
IF_cond_exp        lif_cond_exp     uS -> nS (inhibitory: receptor_type="inhibitory")
Izhikevich         izhikevich       mV (voltage jumps, as PyNN's Izhikevich)
SpikeSourcePoisson parrot + a Poisson stimulus per rate
SpikeSourceArray   parrot + its spike times

Not offered, because brainemu has no model with their synapses: EIF_cond_exp_isfa_ista and
EIF_cond_alpha_isfa_ista (brainemu's adex has current synapses), HH_cond_exp (brainemu's hh has
current synapses), IF_cond_alpha, the GIF and facets models. Only spikes and v are recorded.
"""
from pyNN.standardmodels import StandardCurrentSource, build_translations, cells, electrodes, synapses

from pyNN.parameters import ParameterSpace

from .simulator import state

# Each cell type names its brainemu model and the factor from PyNN's weight unit to the model's.
_CURRENT = 1000.0  # nA -> pA, uS -> nS


# What every LIF cell type shares; tau_m is the membrane time constant except in IF_cond_exp,
# whose model takes a leak conductance instead.
_LIF = (
    ("cm", "c_m_pF", 1000.0),
    ("v_rest", "e_l_mV"),
    ("v_thresh", "v_th_mV"),
    ("v_reset", "v_reset_mV"),
    ("tau_refrac", "t_ref_ms"),
    ("i_offset", "i_e_pA", 1000.0),
    ("tau_syn_E", "tau_syn_ex_ms"),
    ("tau_syn_I", "tau_syn_in_ms"),
)


class IF_curr_exp(cells.IF_curr_exp):
    __doc__ = cells.IF_curr_exp.__doc__
    brainemu_model = "lif_psc_exp"
    weight_scale = _CURRENT
    translations = build_translations(("tau_m", "tau_m_ms"), *_LIF)


class IF_curr_alpha(cells.IF_curr_alpha):
    __doc__ = cells.IF_curr_alpha.__doc__
    brainemu_model = "iaf_psc_alpha"
    weight_scale = _CURRENT
    translations = IF_curr_exp.translations


class IF_cond_exp(cells.IF_cond_exp):
    __doc__ = cells.IF_cond_exp.__doc__
    brainemu_model = "lif_cond_exp"
    weight_scale = _CURRENT
    recordable = ["spikes", "v"]
    translations = build_translations(
        ("tau_m", "g_l_nS", "1000.0*cm/tau_m", "c_m_pF/g_l_nS"), *_LIF,
        ("e_rev_E", "e_ex_mV"), ("e_rev_I", "e_in_mV"))


class Izhikevich(cells.Izhikevich):
    __doc__ = cells.Izhikevich.__doc__
    brainemu_model = "izhikevich"
    weight_scale = 1.0
    recordable = ["spikes", "v"]
    # brainemu's izhikevich takes I = i_e_pA / c_m_pF in mV/ms; with c_m_pF = 1, PyNN's
    # i_offset (nA, x1000 as PyNN's NEST backend does) is NEST izhikevich's I_e.
    translations = build_translations(
        ("a", "a_per_ms"),
        ("b", "b_per_ms"),
        ("c", "c_mV"),
        ("d", "d_mV_per_ms"),
        ("i_offset", "i_e_pA", 1000.0),
    )


class SpikeSourcePoisson(cells.SpikeSourcePoisson):
    __doc__ = cells.SpikeSourcePoisson.__doc__
    brainemu_model = "parrot"
    weight_scale = None
    translations = build_translations(
        ("rate", "rate_hz"),
        ("start", "start_ms"),
        ("duration", "duration_ms"),
    )


class SpikeSourceArray(cells.SpikeSourceArray):
    __doc__ = cells.SpikeSourceArray.__doc__
    brainemu_model = "parrot"
    weight_scale = None
    translations = build_translations(("spike_times", "spike_times"))


class _CurrentSource(StandardCurrentSource):
    """A current source becomes [[stimulus]]s on the cells it is injected into; its parameters
    stay in PyNN's units until run() translates them."""

    def __init__(self, **parameters):
        object.__setattr__(self, "cells", [])
        object.__setattr__(self, "parameter_space",
                           ParameterSpace(self.default_parameters, self.get_schema(), shape=(1,)))
        if parameters:
            self.parameter_space.update(**parameters)
        state.current_sources.append(self)

    def inject_into(self, cells):
        for c in cells:
            if not c.celltype.injectable:
                raise TypeError("Can't inject current into a spike source.")
        self.cells.extend(int(c) for c in cells)

    def set_parameters(self, copy=True, **parameters):
        self.parameter_space.update(**parameters)

    def get_parameters(self):
        ps = ParameterSpace(dict(self.parameter_space.items()), self.get_schema(), shape=(1,))
        ps.evaluate(simplify=True)
        return ps.as_dict()

    def native(self):
        """The parameters in brainemu's names and units."""
        ps = self.translate(ParameterSpace(dict(self.parameter_space.items()), self.get_schema(),
                                           shape=(1,)))
        ps.evaluate(simplify=True)
        return ps.as_dict()


class DCSource(_CurrentSource, electrodes.DCSource):
    __doc__ = electrodes.DCSource.__doc__
    translations = build_translations(
        ("amplitude", "amplitude_pA", 1000.0),
        ("start", "start_ms"),
        ("stop", "stop_ms"),
    )


class StepCurrentSource(_CurrentSource, electrodes.StepCurrentSource):
    __doc__ = electrodes.StepCurrentSource.__doc__
    translations = build_translations(
        ("amplitudes", "amplitudes_pA", 1000.0),
        ("times", "times_ms"),
    )


class StaticSynapse(synapses.StaticSynapse):
    __doc__ = synapses.StaticSynapse.__doc__
    translations = build_translations(("weight", "weight"), ("delay", "delay"))

    def _get_minimum_delay(self):
        return state.dt if state.min_delay == "auto" else state.min_delay
