"""Every Python snippet of README.md and python/README.md runs as written, from the repository
root as the READMEs assume, and shows activity: the `result` it leaves has spikes, and every
population it reports fired. A snippet that needs files this machine lacks (the FlyWire
connectome, which is too large to bring here) is skipped, naming the file."""
import pathlib
import re

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
PAGES = [REPO / "README.md", REPO / "python" / "README.md"]
# Files a snippet needs that CI cannot have; each is checked for before the snippet runs.
NEEDS = {"examples/flywire_sugar.toml": "connectomes/flywire_630.bcx"}


def snippets():
    out = []
    for page in PAGES:
        text = page.read_text()
        for i, code in enumerate(re.findall(r"```python\n(.*?)```", text, re.S)):
            out.append(pytest.param(code, id=f"{page.relative_to(REPO)}[{i}]"))
    return out


def test_every_page_has_snippets():
    assert len(snippets()) >= 3


@pytest.mark.parametrize("code", snippets())
def test_snippet_runs_and_shows_activity(code, monkeypatch, tmp_path):
    for used, needed in NEEDS.items():
        if used in code and not (REPO / needed).exists():
            pytest.skip(f"needs {needed} (examples/flywire_sugar.toml says how to make it)")
    monkeypatch.chdir(REPO)
    namespace = {"__name__": "__snippet__"}
    exec(compile(code, "snippet", "exec"), namespace)  # noqa: S102: the README's own code
    result = namespace.get("result")
    assert result is not None, "the snippet leaves no `result`"
    assert len(result.spikes) > 0, "no spikes"
    silent = [p for p, hz in result.rates.items() if hz <= 0.0]
    assert not silent, f"silent populations: {silent}"
