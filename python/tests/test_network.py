"""brainemu.Network: Brunel's network A built from the API alone gives the CLI's built-in
network's spikes bit for bit (same seed); arrays round-trip synapse by synapse; rules and
mistakes are checked at the call that made them; populations, views and per-population spikes."""
import numpy as np
import pytest

import brainemu


def brunel_a(scale=0.1, g=5.0, eta=2.0, j_mV=0.1, delay_ms=1.5):
    """Brunel (2000) model A as the built-in builds it (models.md section 3), from the API."""
    n_e, n_i = round(10000 * scale), round(2500 * scale)
    c_e, c_i = round(0.1 * n_e), round(0.1 * n_i)
    params = {"c_m_pF": 250.0, "tau_m_ms": 20.0, "t_ref_ms": 2.0, "e_l_mV": 0.0,
              "v_reset_mV": 10.0, "v_th_mV": 20.0}
    net = brainemu.Network(weight_unit="mV")
    E = net.population("E", n_e, "lif_psc_delta", params, v_init_uniform_mV=(10.0, 20.0))
    I = net.population("I", n_i, "lif_psc_delta", params, v_init_uniform_mV=(10.0, 20.0))
    net.connect(E, [E, I], brainemu.FixedIndegree(c_e), weight=j_mV, delay_ms=delay_ms)
    net.connect(I, [E, I], brainemu.FixedIndegree(c_i), weight=-g * j_mV, delay_ms=delay_ms)
    # External drive: c_e eta nu_thr, nu_thr = theta / (J c_e tau_m), as network/brunel.cpp.
    rate_hz = 1000.0 * (20.0 / (j_mV * c_e * 20.0)) * eta * c_e
    return net, rate_hz


def test_brunel_from_the_api_gives_the_cli_builtin_spikes_bit_for_bit(cli, tmp_path):
    net, rate_hz = brunel_a(scale=0.1, g=6.0, eta=4.0)  # SI fast: the most sensitive regime
    exp = net.experiment(duration_ms=300, seed=5)
    exp.stimulate(all=True, kind="poisson", rate_hz=rate_hz, weight_mV=0.1)
    mine = exp.run(tmp_path / "api", threads=2)
    (tmp_path / "brunel.toml").write_text('[network]\nbuiltin = "brunel"\n')
    cli("run", tmp_path / "brunel.toml", "--set", "network.scale=0.1", "--set", "network.g=6",
        "--set", "network.eta=4", "--seed", 5, "--duration-ms", 300, "--threads", 1,
        "--out", tmp_path / "cli")
    theirs = brainemu.open_run(tmp_path / "cli")
    assert len(mine.spikes) > 10000
    assert np.array_equal(mine.spikes.records, theirs.spikes.records)
    assert mine.rates == theirs.rates
    # The K matrix the run measured: every target has exactly its in-degrees.
    assert mine.profile["connectivity"] == {"populations": ["E", "I"], "sizes": [1000, 250],
                                            "synapses": [[100000, 25000], [25000, 6250]]}
    # config.toml runs the composed network again from the command line.
    cli("run", tmp_path / "api" / "config.toml", "--out", tmp_path / "again")
    assert np.array_equal(brainemu.open_run(tmp_path / "again").spikes.records,
                          mine.spikes.records)


def test_arrays_reach_the_engine_synapse_by_synapse(tmp_path):
    # One source, five targets at distinct delays: each target's spike follows the source's
    # by its own delay (the weight puts a resting neuron past threshold in one step).
    net = brainemu.Network(weight_unit="mV")
    src = net.population("src", 1, "lif_psc_delta", {"t_ref_ms": 50.0})
    dst = net.population("dst", 5, "lif_psc_delta", {"t_ref_ms": 50.0})
    delays = np.array([1.0, 2.0, 3.5, 5.0, 8.0])
    net.connect(src, dst, sources=np.zeros(5, np.int64), targets=np.arange(5),
                weights=30.0, delays_ms=delays)
    exp = net.experiment(duration_ms=20, dt_ms=0.1)
    exp.stimulate(population=src, kind="spike_times", times_ms=[2.0], weight_mV=30.0)
    spikes = exp.run(tmp_path / "run").spikes
    first = {int(n): int(s) for s, n in zip(spikes.steps[::-1], spikes.neurons[::-1])}
    assert set(first) == {0, 1, 2, 3, 4, 5}
    assert [first[k] - first[0] for k in range(1, 6)] == list(np.round(delays / 0.1).astype(int))


def test_mistakes_raise_at_the_call_that_made_them():
    net = brainemu.Network(weight_unit="mV")
    E = net.population("E", 10, "lif_psc_delta")
    with pytest.raises(brainemu.InputError, match=r"unknown model 'lif_psc_dleta'"):
        net.population("I", 10, "lif_psc_dleta")
    assert list(net.populations) == ["E"]  # the failed call left nothing behind
    with pytest.raises(brainemu.InputError,
                       match=r"network.projection\[0\].indegree: indegree without multapses: "
                             r"at most 9"):
        net.connect(E, E, brainemu.FixedIndegree(10, autapses=False, multapses=False),
                    weight=0.1, delay_ms=1.0)
    with pytest.raises(brainemu.InputError, match=r"target 10 is outside the target population"):
        net.connect(E, E, sources=[0], targets=[10], weights=0.1, delays_ms=1.0)
    with pytest.raises(TypeError, match="either a rule"):
        net.connect(E, E)
    with pytest.raises(ValueError, match="must be one number for the whole population"):
        net.population("J", 3, "lif_psc_delta", {"tau_m_ms": [10.0, 20.0, 30.0]})
    net.connect(E, E, brainemu.FixedProbability(0.2), weight=0.1, delay_ms=1.0)
    exp = net.experiment(duration_ms=10)
    with pytest.raises(brainemu.InputError, match="unknown population 'F'"):
        exp.stimulate(population="F", kind="poisson", rate_hz=10.0, weight_mV=1.0)


def test_populations_views_and_spikes_per_population(tmp_path):
    net = brainemu.Network(weight_unit="pA")
    a = net.population("A", 30, "lif_psc_exp", {"i_e_pA": 500.0})
    b = net.population("B", 20, "lif_psc_exp")
    net.connect(a, b, brainemu.AllToAll(), weight=300.0, delay_ms=1.0)
    assert a.ids == range(0, 30) and b.ids == range(30, 50) and net.size == 50
    exp = net.experiment(duration_ms=100)
    assert exp.populations == {"A": range(0, 30), "B": range(30, 50)}
    exp.record_voltages(population=b[:3], interval_ms=1.0)
    result = exp.run(tmp_path / "run")
    assert set(result.rates) == {"A", "B"} and result.rates["A"] > 10.0
    assert list(result.voltages.neurons) == [30, 31, 32]
    only_b = result.spikes.of(b)
    assert len(only_b) > 0 and only_b["neuron"].min() >= 30
    assert len(result.spikes.of(a)) + len(only_b) == len(result.spikes)
    # Each population's own parameters: B keeps lif_psc_exp's defaults (no drive of its own),
    # not A's i_e_pA (an override of [model]'s model would start from [model]'s values).
    assert 'population = "A"' in net.toml() and 'population = "B"' not in net.toml()
    assert exp.config["model"]["params"]["i_e_pA"] == 0.0
    alone = brainemu.Network(weight_unit="pA")
    alone.population("A", 5, "lif_psc_exp", {"i_e_pA": 500.0})
    alone.population("B", 5, "lif_psc_exp")
    quiet = alone.experiment(duration_ms=100).run(tmp_path / "alone")
    assert quiet.rates["A"] > 10.0 and quiet.rates["B"] == 0.0


def test_checked_once_defers_the_check_to_the_end_of_the_block(tmp_path):
    net = brainemu.Network(weight_unit="mV", directory=tmp_path)
    a = net.population("A", 10, "lif_psc_delta")
    with pytest.raises(brainemu.InputError, match="target 10 is outside the target population"):
        with net.checked_once():
            net.connect(a, a, sources=[0], targets=[1], weights=0.1, delays_ms=1.0)
            net.connect(a, a, sources=[0], targets=[10], weights=0.1, delays_ms=1.0)  # no raise
    assert net.toml().count("[[network.projection]]") == 0  # the block's changes undone
    with net.checked_once():
        net.connect(a, a, sources=[0], targets=[1], weights=0.1, delays_ms=1.0)
    assert net.toml().count("[[network.projection]]") == 1
