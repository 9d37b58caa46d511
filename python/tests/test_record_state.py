"""[record.state]: any state variable of the models, sampled at an interval, to state_V.bin (and
voltages.bin for v_mV), SONATA membrane reports (report_V.h5) and Neo. Pinned against the
model's own definition (AdEx's w jumps by b at a spike), against [record.voltages] (the same
bytes for v_mV), and across layouts (1 and 2 threads, 2 MPI ranks: the same bytes)."""
import os
import shutil
import subprocess

import numpy as np
import pytest

import brainemu

B_PA = 80.5  # adex's spike-triggered adaptation (brainemu models)


def adex_network(tmp_path):
    net = brainemu.Network(weight_unit="pA", directory=tmp_path / "arrays")
    a = net.population("A", 20, "adex", {"i_e_pA": 800.0})
    b = net.population("B", 10, "lif_cond_exp")
    net.connect(a, b, brainemu.FixedIndegree(5), weight=150.0, delay_ms=1.0)
    exp = net.experiment(duration_ms=300, seed=3)
    exp.record_state(["v_mV", "w_pA"], population=a, interval_ms=0.1)
    return exp


def test_adex_w_jumps_by_b_at_each_spike(tmp_path):
    result = adex_network(tmp_path).run(tmp_path / "run", threads=1)
    assert result.recorded_variables == ["v_mV", "w_pA"]
    w = result.state("w_pA")
    spikes = result.spikes.of(range(0, 20))
    assert len(spikes) > 20
    jumps = []
    for step, neuron in zip(spikes["step"], spikes["neuron"]):
        frame = np.searchsorted(w.steps, step)
        if 0 < frame < len(w.steps) and w.steps[frame] == step:
            jumps.append(float(w.of(neuron)[frame] - w.of(neuron)[frame - 1]))
    # One step of w's own drift, (a (v - E_L) - w) dt / tau_w, is below 1 pA here.
    assert len(jumps) > 20 and np.allclose(jumps, B_PA, atol=1.0)


def test_v_mV_from_record_state_is_record_voltages(tmp_path):
    exp = adex_network(tmp_path)
    state = exp.run(tmp_path / "state")
    exp.record_voltages(population="A", interval_ms=0.1)
    plain = exp.run(tmp_path / "plain")
    with open(tmp_path / "state" / "voltages.bin", "rb") as f, \
            open(tmp_path / "plain" / "voltages.bin", "rb") as g:
        assert f.read() == g.read()
    assert plain.recorded_variables == ["v_mV"]


def test_mistakes_name_the_variable_and_the_model(tmp_path):
    exp = adex_network(tmp_path)
    with pytest.raises(brainemu.InputError, match=r"record.state.variables: no model of this "
                                                  r"experiment has a state variable 'x_pA'"):
        exp.record_state("x_pA", population="A")
    exp.record_state("w_pA", population="B")  # adex has w_pA; the neurons of B do not
    with pytest.raises(brainemu.InputError, match=r"record.state.variables: model lif_cond_exp "
                                                  r"\(chosen by model.override\[1\]\) has no "
                                                  r"state variable 'w_pA'; it has: v_mV"):
        exp.run(tmp_path / "bad")
    assert not (tmp_path / "bad" / "state_w_pA.bin").exists()


def test_the_same_bytes_in_every_layout_and_a_sonata_report(cli, tmp_path):
    exp = adex_network(tmp_path)
    exp.set("record.sonata", True)
    one = exp.run(tmp_path / "t1", threads=1)
    exp.run(tmp_path / "t2", threads=2)
    files = ["voltages.bin", "state_w_pA.bin"]
    for name in files:
        assert (tmp_path / "t1" / name).read_bytes() == (tmp_path / "t2" / name).read_bytes()
    mpirun = shutil.which("mpirun")
    if mpirun and "mpi: yes" in cli("--version").stdout:
        env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
                   OMPI_MCA_rmaps_base_oversubscribe="1")
        done = subprocess.run([mpirun, "-np", "2", os.environ["BRAINEMU"], "run",
                               str(tmp_path / "t1" / "config.toml"), "--threads", "1", "--out",
                               str(tmp_path / "mpi")], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        for name in files:
            assert (tmp_path / "t1" / name).read_bytes() == (tmp_path / "mpi" / name).read_bytes()
        # Each rank counts its own synapses between populations; the sum is the whole network's.
        assert brainemu.open_run(tmp_path / "mpi").profile["connectivity"] == \
            one.profile["connectivity"]
    h5py = pytest.importorskip("h5py")
    w = one.state("w_pA")
    with h5py.File(tmp_path / "t1" / "report_w_pA.h5", "r") as f:
        report = f["report/composed"]
        assert report["data"].attrs["units"] == "pA"
        assert report["data"].shape == (len(w.steps), 20)
        assert np.allclose(report["data"][()], w.v_mV, rtol=0, atol=0)
        assert list(report["mapping/node_ids"][()]) == list(range(20))
        start, stop, step = report["mapping/time"][()]
        assert step == pytest.approx(0.1) and start == pytest.approx(w.times_ms[0])
        assert stop == pytest.approx(start + len(w.steps) * step)
    block = one.to_neo()
    names = [s.name for s in block.segments[0].analogsignals]
    assert names == ["v", "w_pA"] and str(block.segments[0].analogsignals[1].units) == "1.0 pA"
