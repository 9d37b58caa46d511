"""Shared fixtures: the brainemu CLI (env BRAINEMU, set by ctest) to compare against, the
repository and the shared data folder (env BRAINEMU_DATA)."""
import os
import pathlib
import subprocess

import numpy as np
import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("BRAINEMU", str(REPO / "build" / "release" / "brainemu"))
    if not os.access(path, os.X_OK):
        pytest.skip(f"no brainemu CLI at {path} (set BRAINEMU)")

    def run(*args, check=True):
        done = subprocess.run([path, *map(str, args)], capture_output=True, text=True)
        if check and done.returncode != 0:
            raise AssertionError(f"brainemu {' '.join(map(str, args))} failed "
                                 f"({done.returncode}): {done.stderr}")
        return done
    return run


@pytest.fixture(scope="session")
def data_dir():
    return pathlib.Path(os.environ.get("BRAINEMU_DATA", REPO.parent / "shared" / "data"))


def cli_error(done):
    """The message of a failed CLI run, without its "brainemu: error: " prefix."""
    prefix = "brainemu: error: "
    line = done.stderr.strip().splitlines()[-1]
    assert line.startswith(prefix), done.stderr
    return line[len(prefix):]


def assert_same_spikes(py_spikes, cli_dir):
    """Spikes from Python equal, record for record, the CLI's spikes.bin in cli_dir."""
    import brainemu
    theirs = brainemu.open_run(cli_dir).spikes
    assert py_spikes.dt_ms == theirs.dt_ms
    assert len(py_spikes) == len(theirs)
    assert np.array_equal(py_spikes.records, theirs.records)
