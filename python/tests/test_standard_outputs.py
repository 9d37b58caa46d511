"""Standard outputs of any run: SONATA spikes.h5 (`--sonata-out`, `record.sonata = true`) read
with h5py against the SONATA spec and spikes.bin, and Result.to_neo() round-tripping through
Neo's own file I/O to the same spike times and voltages."""
import numpy as np
import pytest

import brainemu
from conftest import REPO


def test_sonata_spikes_of_a_builtin_run_follow_the_spec(cli, tmp_path):
    h5py = pytest.importorskip("h5py")
    out = tmp_path / "mc"
    cli("run", REPO / "examples/microcircuit.toml", "--out", out, "--duration-ms", 100,
        "--sonata-out")
    spikes = brainemu.open_run(out).spikes
    assert len(spikes) > 100
    with h5py.File(out / "spikes.h5", "r") as f:
        # SONATA 1.0: root attributes magic 0x0A7A and version [0, 1]; one node population per
        # group under /spikes, its sorting as an attribute; timestamps in ms, node_ids.
        assert f.attrs["magic"] == 0x0A7A
        assert list(f.attrs["version"]) == [0, 1]
        assert list(f["spikes"].keys()) == ["microcircuit"]
        group = f["spikes/microcircuit"]
        assert group.attrs["sorting"] == "by_time"
        times, ids = group["timestamps"], group["node_ids"]
        assert times.attrs["units"] == "ms"
        assert times.dtype == np.float64 and ids.dtype == np.uint64
        times, ids = times[()], ids[()]
    assert np.all(np.diff(times) >= 0)
    # The same spikes as spikes.bin: per time, the same neurons.
    assert len(times) == len(spikes)
    a = np.lexsort((ids, times))
    b = np.lexsort((spikes.neurons, spikes.times_ms))
    assert np.array_equal(times[a], spikes.times_ms[b])
    assert np.array_equal(ids[a], spikes.neurons[b].astype(np.uint64))


def test_record_sonata_in_an_experiment_writes_spikes_h5(tmp_path):
    exp = brainemu.Experiment.builtin("brunel", scale=0.2, duration_ms=50)
    exp.set("record.sonata", True)
    result = exp.run(out=tmp_path / "b")
    assert (tmp_path / "b" / "spikes.h5").exists()
    assert "sonata = true" in (tmp_path / "b" / "config.toml").read_text()
    assert len(result.spikes) > 0


def test_to_neo_round_trips_through_neo_io(tmp_path):
    neo = pytest.importorskip("neo")
    exp = brainemu.Experiment.builtin("microcircuit", scale=0.1, drive="poisson",
                                      duration_ms=100, warmup_ms=20)
    exp.record_voltages(ids=[0, 5, 7000], interval_ms=0.5)
    result = exp.run(out=tmp_path / "mc")
    block = result.to_neo()
    path = tmp_path / "mc.pkl"
    neo.io.PickleIO(str(path)).write_block(block)
    back = neo.io.PickleIO(str(path)).read_block()
    segment = back.segments[0]
    assert len(segment.spiketrains) == result.profile["neurons"]
    spikes = result.spikes
    assert sum(len(t) for t in segment.spiketrains) == len(spikes)
    for k in (0, 17, 2000, 7717):
        train = segment.spiketrains[k]
        assert train.annotations["neuron"] == k
        assert float(train.t_start) == 20.0 and float(train.t_stop) == 120.0
        np.testing.assert_array_equal(train.magnitude, spikes.times_ms[spikes.neurons == k])
    signal = segment.analogsignals[0]
    assert str(signal.units.dimensionality) == "mV"
    assert list(signal.array_annotations["neuron"]) == [0, 5, 7000]
    np.testing.assert_array_equal(signal.magnitude, result.voltages.v_mV)
    assert float(signal.sampling_period.rescale("ms")) == pytest.approx(0.5)
    assert float(signal.t_start.rescale("ms")) == pytest.approx(result.voltages.times_ms[0])


def test_report_of_a_warmed_up_run_shows_every_recorded_spike(cli, tmp_path):
    # Spike records count steps from 0 with the warm-up; the report counts time from the first
    # recorded step (profile.json first_step), so none of the recorded spikes falls off the end.
    out = tmp_path / "warm"
    cli("run", REPO / "examples/microcircuit.toml", "--out", out, "--duration-ms", 100,
        "--warmup-ms", 60, "--set", "network.scale=0.05")
    spikes = brainemu.open_run(out).spikes
    assert brainemu.open_run(out).profile["first_step"] == 600
    assert spikes.steps.min() >= 600
    cli("report", out)
    html = (out / "report.html").read_text()
    assert f"Every one of the {len(spikes):,} spikes" in html, html[:2000]


def test_rates_csv_carries_the_microcircuit_reference_rates(cli, tmp_path):
    out = tmp_path / "mc"
    cli("run", REPO / "examples/microcircuit.toml", "--out", out, "--duration-ms", 50,
        "--set", "network.scale=0.05")
    table = brainemu.read_csv_table(out / "rates.csv")
    # models.md: the reference implementation's full-scale rates, Poisson drive.
    assert list(table["reference_rate_hz"]) == [0.903, 2.965, 4.414, 5.876, 7.569, 8.633,
                                                1.105, 7.829]
    assert list(brainemu.open_run(out).rates) == ["L23E", "L23I", "L4E", "L4I", "L5E", "L5I",
                                                  "L6E", "L6I"]
    # Brunel has none: four columns, as before.
    cli("run", REPO / "examples/brunel.toml", "--out", tmp_path / "b", "--duration-ms", 20)
    assert (tmp_path / "b" / "rates.csv").read_text().startswith(
        "population,neurons,spikes,rate_hz\n")
