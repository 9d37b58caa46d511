"""Bad input raises brainemu.InputError (a ValueError) and unwritable output
brainemu.ResourceError (an OSError), each with the message `brainemu run` prints."""
import numpy as np
import pytest

import brainemu
from brainemu import _toml
from conftest import REPO, cli_error

BRUNEL = REPO / "examples" / "brunel.toml"


def test_error_families():
    assert issubclass(brainemu.InputError, ValueError)
    assert issubclass(brainemu.ResourceError, OSError)


def test_unknown_field_has_the_cli_message_and_suggestion(cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[simulation]\nduraton_ms = 5.0\n[network]\nbuiltin = "brunel"\n')
    with pytest.raises(brainemu.InputError) as err:
        brainemu.Experiment.load(bad)
    assert str(err.value) == f"{bad}:2: simulation.duraton_ms: unknown field; " \
                             "did you mean 'duration_ms'?"
    done = cli("run", bad, "--out", tmp_path / "out", check=False)
    assert done.returncode == 3 and cli_error(done) == str(err.value)
    assert not (tmp_path / "out").exists()


def test_unknown_field_in_text():
    with pytest.raises(brainemu.InputError, match=r"^exp:3: network.scael: unknown field; "
                                                  r"did you mean 'scale'\?$"):
        brainemu.Experiment.from_toml('[network]\nbuiltin = "brunel"\nscael = 0.1\n',
                                      name="exp")


def test_missing_files():
    with pytest.raises(brainemu.InputError, match=r"^nope\.toml: cannot open experiment file$"):
        brainemu.Experiment.load("nope.toml")
    with pytest.raises(brainemu.InputError, match="missing.bcx"):
        brainemu.Connectome.open("missing.bcx")


def test_missing_connectome_as_the_cli_says(cli, tmp_path):
    exp = tmp_path / "c.toml"
    exp.write_text('[network]\nconnectome = "missing.bcx"\n[model]\nname = "fly_lif"\n')
    with pytest.raises(brainemu.InputError) as err:
        brainemu.Experiment.load(exp)
    done = cli("run", exp, "--out", tmp_path / "out", check=False)
    assert done.returncode == 3 and cli_error(done) == str(err.value)


@pytest.mark.parametrize("key, value", [("simulation.seed", 1.5),
                                        ("simulation.duration_ms", "long"),
                                        ("network.scale", "big"),
                                        ("network.g", -1)])
def test_bad_overrides_as_the_cli_says(cli, tmp_path, key, value):
    with pytest.raises(brainemu.InputError) as err:
        brainemu.Experiment.load(BRUNEL, {key: value})
    done = cli("run", BRUNEL, "--out", tmp_path / "out", "--set", f"{key}={value}",
               check=False)
    assert done.returncode == 3 and cli_error(done) == str(err.value)
    # The keyword form and set() say the same.
    with pytest.raises(brainemu.InputError) as again:
        brainemu.Experiment.load(BRUNEL).set(key, value)
    assert str(again.value) == str(err.value)


def test_a_bad_change_leaves_the_experiment_as_it_was():
    exp = brainemu.Experiment.builtin("brunel", scale=0.02, duration_ms=10)
    text = exp.text
    # Appended tables have no line in any file: messages leave it out, as for --set values.
    with pytest.raises(brainemu.InputError,
                       match=r"^<brunel>: stimulus\[0\]\.kind: 'poison' is not one of"):
        exp.stimulate(all=True, kind="poison", rate_hz=1.0, weight_mV=0.1)
    with pytest.raises(brainemu.InputError, match=r"^<brunel>: simulation.trials: "):
        exp.set("simulation.trials", 0)
    assert exp.text == text and exp.trials == 1
    assert len(exp.run().spikes) >= 0


def test_selector_errors_where_written_as_the_cli_says(cli, tmp_path):
    # A built-in network's populations are known before it is built: the call that names an
    # unknown one raises, with the message `brainemu run` gives for the same file.
    exp = brainemu.Experiment.builtin("brunel", scale=0.02, duration_ms=10)
    with pytest.raises(brainemu.InputError) as err:
        exp.stimulate(population="X", rate_hz=10.0, weight_mV=0.1)
    assert str(err.value).startswith("<brunel>: stimulus[0].population: unknown population 'X'")
    (tmp_path / "x.toml").write_text('[network]\nbuiltin = "brunel"\nscale = 0.02\n'
                                     '[[stimulus]]\npopulation = "X"\nkind = "poisson"\n'
                                     'rate_hz = 10.0\nweight_mV = 0.1\n')
    done = cli("run", tmp_path / "x.toml", "--out", tmp_path / "cli", check=False)
    # The same message but for the file and line, which the CLI's file has.
    where, message = cli_error(done).split(": ", 1)
    assert done.returncode == 3 and where == f"{tmp_path / 'x.toml'}:4"
    assert str(err.value) == "<brunel>: " + message


def test_unwritable_output_is_a_resource_error(cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(brainemu.ResourceError) as err:
        brainemu.Experiment.load(BRUNEL, network__scale=0.02).set(
            "record.voltages.ids", [0]).run(out=blocker / "out")
    done = cli("run", BRUNEL, "--out", blocker / "out", "--set", "network.scale=0.02",
               "--set", "record.voltages.ids=[0]", check=False)
    assert done.returncode == 4 and cli_error(done) == str(err.value)


def test_bad_threads():
    with pytest.raises(ValueError, match="threads"):
        brainemu.Experiment.builtin("brunel", scale=0.02).run(threads=0)


def test_toml_values_are_exact():
    assert _toml.value(np.int64(720575940660219265)) == "720575940660219265"
    assert _toml.value(np.array([720575940660219265], dtype=np.int64)) == "[720575940660219265]"
    assert _toml.value(0.1) == "0.1" and _toml.value(2.0) == "2.0"
    assert _toml.value(True) == "true" and _toml.value(np.bool_(False)) == "false"
    assert _toml.value('a "b"\n') == '"a \\"b\\"\\u000A"'
    assert _toml.value({"ids": [1], "interval_ms": 0.5}) == "{ ids = [1], interval_ms = 0.5 }"


def test_a_misspelt_population_is_refused_where_it_is_written():
    exp = brainemu.Experiment.builtin("microcircuit", scale=0.1, drive="poisson", duration_ms=50)
    assert exp.populations["L4E"] == range(2651, 4843)
    assert "neurons" in dir(exp) and "steps" in dir(exp)
    before = exp.text
    with pytest.raises(brainemu.InputError, match="stimulus.0..population: unknown population "
                                                  "'L4e'; did you mean 'L4E'"):
        exp.stimulate(population="L4e", rate_hz=10.0, weight_pA=10.0)
    with pytest.raises(brainemu.InputError, match="record.voltages.population: unknown"):
        exp.record_voltages(population="L9E")
    assert exp.text == before  # unchanged
    exp.stimulate(population="L4E", rate_hz=10.0, weight_pA=10.0)  # the right name is taken
