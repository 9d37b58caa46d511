"""A real connectome (the Drosophila larva, ../shared/data): mapped ids, selectors by cell type,
silencing and trials from Python, spike for spike the CLI's. Skipped without the data."""
import csv
import json

import numpy as np
import pytest

import brainemu
from conftest import assert_same_spikes

LARVA = "drosophila_larva_winding2023_full"
FILES = ("unmatched_full_edgelist.csv", "unmatched_full_nodes.csv", "meta_data.csv")

EXPERIMENT = """
[simulation]
duration_ms = 200.0
trials = 2
[network]
connectome = "larva.bcx"
unit_weight_mV = 0.275
delay_ms = 1.8
[model]
name = "fly_lif"
"""
STIMULUS = dict(kind="poisson", rate_hz=150.0, weight_mV=68.75, receptor="voltage",
                refractory_ms=0.0)


@pytest.fixture(scope="module")
def larva(cli, data_dir, tmp_path_factory):
    files = [data_dir / LARVA / f for f in FILES]
    if not all(f.exists() for f in files):
        pytest.skip(f"larva connectome data absent under {data_dir / LARVA}")
    folder = tmp_path_factory.mktemp("larva")
    cli("import", "--format", "larva", *files, "--out", folder / "larva.bcx")
    return folder


def test_connectome_arrays(larva, cli, data_dir):
    conn = brainemu.Connectome.open(larva / "larva.bcx")
    n = len(conn)
    assert n == conn.neurons == 3013
    ids = conn.ids
    assert ids.dtype == np.int64 and ids.shape == (n,)
    assert not ids.flags.writeable and not ids.flags.owndata  # a view of the mapping
    with open(data_dir / LARVA / "unmatched_full_nodes.csv", newline="") as f:
        listed = {int(row[0]) for row in csv.reader(f) if row[0].isdigit()}
    assert set(ids.tolist()) <= listed
    assert all(conn.find_id(int(ids[k])) == k for k in (0, 1, n // 2, n - 1))
    assert np.array_equal(conn.index(ids[:5]), np.arange(5))
    assert (conn.types == "sens-ORN").sum() == 42
    assert len(conn.names) == n and len(conn.transmitters) == n
    assert conn.row_offsets[-1] == len(conn.post) == len(conn.count)
    info = conn.info()
    theirs = json.loads(cli("info", "--json", larva / "larva.bcx").stdout)
    for key in ("load_s", "file"):
        info.pop(key), theirs.pop(key)
    assert info == theirs
    del conn
    assert ids[0] == int(ids[0])  # the array keeps the mapping alive


def test_stimulate_silence_trials_match_cli(larva, cli):
    conn = brainemu.Connectome.open(larva / "larva.bcx")
    base = brainemu.Experiment.from_toml(EXPERIMENT, base_dir=larva, name="larva.toml")
    driven = base.copy().stimulate(type="sens-ORN", **STIMULUS).run(out=larva / "driven")
    # Silence the five busiest neurons that are not driven directly.
    counts = driven.spikes.counts(len(conn))
    counts[conn.types == "sens-ORN"] = 0
    busiest = np.argsort(counts, kind="stable")[::-1][:5]
    assert counts[busiest].min() > 0
    silenced_ids = conn.ids[busiest]

    exp = base.copy().stimulate(type="sens-ORN", **STIMULUS).silence(ids=silenced_ids)
    assert exp.trials == 2 and len(base.text) < len(exp.text)
    result = exp.run(out=larva / "py", threads=2)

    # The same experiment written by hand, run by the CLI.
    (larva / "cli.toml").write_text(EXPERIMENT + """
[[stimulus]]
type = "sens-ORN"
kind = "poisson"
rate_hz = 150.0
weight_mV = 68.75
receptor = "voltage"
refractory_ms = 0.0

[[silence]]
ids = [%s]
""" % ", ".join(str(i) for i in silenced_ids))
    cli("run", larva / "cli.toml", "--out", larva / "cli", "--threads", 3)
    assert len(result.trials) == 2
    for t in (0, 1):
        assert_same_spikes(result.trials[t].spikes, larva / "cli" / f"trial-00{t}")
    assert (larva / "py" / "trials.csv").read_bytes() == \
        (larva / "cli" / "trials.csv").read_bytes()
    assert result.trials_table["id"].dtype == np.int64
    # Silencing changed the run, and the driven neurons fired.
    assert not np.array_equal(result.spikes.records, driven.spikes.records)
    orn = np.flatnonzero(conn.types == "sens-ORN")
    assert result.spikes.counts(len(conn))[orn].sum() > 0


def test_rates_per_cell_type(larva):
    result = brainemu.Experiment.from_toml(EXPERIMENT, base_dir=larva, name="larva.toml") \
        .stimulate(type="sens-ORN", **STIMULUS).run(out=larva / "types")
    conn = brainemu.Connectome.open(larva / "larva.bcx")
    rates = result.type_rates
    assert set(rates) == set(np.unique(np.where(conn.types == "", "(none)", conn.types)))
    # Each type's rate from spikes.bin and the connectome's types, independently.
    counts = result.spikes.counts(len(conn))
    seconds = result.profile["simulated_ms"] / 1000.0
    for name in ("sens-ORN", next(t for t in rates if t not in ("sens-ORN", "(none)"))):
        members = conn.types == name
        assert rates[name] == pytest.approx(counts[members].sum() / members.sum() / seconds,
                                            abs=1e-6)
    assert rates["sens-ORN"] > 10.0  # the driven type

