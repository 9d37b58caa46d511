"""Built-in networks run from Python give the CLI's outputs exactly, for the same experiment."""
import gc
import os

import numpy as np
import pytest

import brainemu
from conftest import REPO, assert_same_spikes

BRUNEL = REPO / "examples" / "brunel.toml"
# examples/brunel.toml records ids 10000 and 10001, beyond 625 neurons: recorded ids moved.
BRUNEL_SETS = {"network.scale": 0.05, "simulation.duration_ms": 150,
               "record.voltages.ids": "[0, 1, 2, 600, 601]"}


def cli_sets(sets):
    return [a for k, v in sets.items() for a in ("--set", f"{k}={v}")]


@pytest.fixture(scope="module")
def brunel_cli(cli, tmp_path_factory):
    out = tmp_path_factory.mktemp("brunel_cli")
    cli("run", BRUNEL, "--out", out, "--threads", 2, *cli_sets(BRUNEL_SETS))
    return out


def test_brunel_matches_cli(brunel_cli, tmp_path):
    exp = brainemu.Experiment.load(BRUNEL, BRUNEL_SETS)
    assert exp.network == "brunel" and exp.neurons == 625 and exp.steps == 1500
    lines = []
    result = exp.run(out=tmp_path / "py", threads=2, log=lines.append)
    assert_same_spikes(result.spikes, brunel_cli)
    assert len(result.spikes) > 100
    # The same path and overrides: config.toml and rates.csv are the same bytes.
    for name in ("config.toml", "rates.csv"):
        assert (tmp_path / "py" / name).read_bytes() == (brunel_cli / name).read_bytes(), name
    assert result.log == lines and lines[0].startswith("brainemu: brunel, 625 neurons")
    assert set(result.rates) == {"E", "I"}
    assert result.profile["neurons"] == 625


def test_brunel_voltages_match_cli(brunel_cli):
    ours = brainemu.Experiment.load(BRUNEL, BRUNEL_SETS).run(threads=1).voltages
    theirs = brainemu.open_run(brunel_cli).voltages
    assert list(ours.neurons) == list(theirs.neurons) == [0, 1, 2, 600, 601]
    assert ours.v_mV.shape == (1500, 5)
    assert np.array_equal(ours.v_mV, theirs.v_mV)
    assert ours.times_ms[0] == pytest.approx(0.1)


def test_microcircuit_matches_cli(cli, tmp_path):
    sets = {"network.scale": 0.05, "simulation.duration_ms": 100, "network.drive": "poisson"}
    exp = brainemu.Experiment.builtin("microcircuit", scale=0.05, duration_ms=100,
                                      drive="poisson")
    (tmp_path / "mc.toml").write_text('[network]\nbuiltin = "microcircuit"\n')
    cli("run", tmp_path / "mc.toml", "--out", tmp_path / "cli", *cli_sets(sets))
    result = exp.run(out=tmp_path / "py")
    assert_same_spikes(result.spikes, tmp_path / "cli")
    assert list(result.rates) == ["L23E", "L23I", "L4E", "L4I", "L5E", "L5I", "L6E", "L6I"]
    assert result.rates == brainemu.open_run(tmp_path / "cli").rates
    assert result.config["network"]["scale"] == 0.05


def test_stimulus_and_voltages_from_python_match_a_file(cli, tmp_path):
    exp = (brainemu.Experiment.builtin("brunel", scale=0.02, duration_ms=100)
           .stimulate(population="I", kind="poisson", rate_hz=800.0, weight_mV=0.5,
                      start_ms=20.0)
           .stimulate(ids=[0, 1], kind="dc", amplitude_pA=300.0)
           .record_voltages(ids=[0, 5], interval_ms=0.5))
    (tmp_path / "exp.toml").write_text("""
[simulation]
duration_ms = 100.0
[network]
builtin = "brunel"
scale = 0.02
[[stimulus]]
population = "I"
kind = "poisson"
rate_hz = 800.0
weight_mV = 0.5
start_ms = 20.0
[[stimulus]]
ids = [0, 1]
kind = "dc"
amplitude_pA = 300.0
[record.voltages]
ids = [0, 5]
interval_ms = 0.5
""")
    cli("run", tmp_path / "exp.toml", "--out", tmp_path / "cli")
    result = exp.run(out=tmp_path / "py")
    assert_same_spikes(result.spikes, tmp_path / "cli")
    theirs = brainemu.open_run(tmp_path / "cli").voltages
    assert np.array_equal(result.voltages.v_mV, theirs.v_mV)
    assert np.array_equal(result.voltages.of(5), theirs.v_mV[:, 1])
    # The stimulus changed the run: without it the spikes differ.
    plain = brainemu.Experiment.builtin("brunel", scale=0.02, duration_ms=100).run()
    assert not np.array_equal(plain.spikes.records, result.spikes.records)


def test_spikes_view_the_file_without_a_copy():
    result = brainemu.Experiment.builtin("brunel", scale=0.02, duration_ms=50).run()
    steps = result.spikes.steps
    assert steps.dtype == np.uint32 and not steps.flags.owndata
    assert np.all(np.diff(result.spikes.steps.astype(np.int64)) >= 0)
    assert result.spikes.times_ms[0] == pytest.approx(steps[0] * 0.1)


def test_temporary_output_goes_with_the_result():
    result = brainemu.Experiment.builtin("brunel", scale=0.02, duration_ms=20).run()
    out = result.out
    assert os.path.exists(os.path.join(out, "spikes.bin"))
    del result
    gc.collect()
    assert not os.path.exists(out)


def test_trials(cli, tmp_path):
    exp = brainemu.Experiment.builtin("brunel", scale=0.02, duration_ms=50).set(
        "simulation.trials", 2)
    result = exp.run(out=tmp_path / "py")
    (tmp_path / "b.toml").write_text('[network]\nbuiltin = "brunel"\n')
    cli("run", tmp_path / "b.toml", "--out", tmp_path / "cli", "--set", "network.scale=0.02",
        "--set", "simulation.duration_ms=50", "--set", "simulation.trials=2")
    assert len(result.trials) == 2
    for t in (0, 1):
        assert_same_spikes(result.trials[t].spikes, tmp_path / "cli" / f"trial-00{t}")
    assert not np.array_equal(result.trials[0].spikes.records, result.trials[1].spikes.records)
    table = result.trials_table
    assert table["neuron"].dtype == np.int64 and len(table["neuron"]) > 0
    assert (tmp_path / "py" / "trials.csv").read_bytes() == \
        (tmp_path / "cli" / "trials.csv").read_bytes()
    assert result.profile["trials"] == 2


def test_progress_is_called_with_the_gil():
    seen = []
    brainemu.Experiment.builtin("brunel", scale=0.02, duration_ms=30).run(progress=seen.append)
    assert seen and seen[-1].step == seen[-1].total_steps == 300


def test_an_exception_in_progress_stops_the_run(tmp_path):
    class Stop(Exception):
        pass

    calls = []

    def progress(p):
        calls.append(p.step)
        raise Stop("enough")

    exp = brainemu.Experiment.builtin("brunel", scale=0.05, duration_ms=100000)
    with pytest.raises(Stop, match="enough"):
        exp.run(out=tmp_path / "out", progress=progress)
    assert len(calls) == 1 and calls[0] < 1_000_000
    assert not (tmp_path / "out" / "spikes.bin").exists()
