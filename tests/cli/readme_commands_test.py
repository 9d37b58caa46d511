#!/usr/bin/python3
"""README.md's shell commands run as written, and every run they start shows activity.

Each ```sh block of README.md is run line by line (continuations joined, comments dropped) in
a scratch copy of the repository's layout (examples/ and scripts/ linked, ../shared/data linked
to $BRAINEMU_DATA), with `build/release/brainemu` standing for the binary under test
($BRAINEMU): exit 0, and each `run ... --out DIR` leaves spikes in DIR. `bash scripts/test.sh`
is what CI itself runs; `bash scripts/demo.sh` installs and builds, then runs its last line,
which runs here in its place. Lines that need the shared data are skipped (named) without it;
the mpirun line without an MPI build.
Usage: BRAINEMU=... BRAINEMU_DATA=... /usr/bin/python3 tests/cli/readme_commands_test.py
"""
import os
import pathlib
import re
import shlex
import shutil
import struct
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parents[2]


def commands():
    text = (REPO / "README.md").read_text()
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            if line:
                yield line


def spikes_in(out):
    for f in [out / "spikes.bin", out / "trial-000" / "spikes.bin"]:
        if f.exists():
            raw = f.read_bytes()
            return struct.unpack_from("<Q", raw, 24)[0]
    return 0


def main():
    brainemu = os.path.abspath(os.environ.get("BRAINEMU", REPO / "build/release/brainemu"))
    data = pathlib.Path(os.environ.get("BRAINEMU_DATA", REPO.parent / "shared" / "data"))
    have_data = data.is_dir()
    version = subprocess.run([brainemu, "--version"], capture_output=True, text=True).stdout
    have_mpi = "mpi: yes" in version and shutil.which("mpirun") is not None
    failures = 0
    with tempfile.TemporaryDirectory() as scratch:
        root = pathlib.Path(scratch) / "repo"
        root.mkdir()
        for d in ("examples", "scripts"):
            (root / d).symlink_to(REPO / d)
        (pathlib.Path(scratch) / "shared").mkdir()
        if have_data:
            (pathlib.Path(scratch) / "shared" / "data").symlink_to(data.resolve())
        env = dict(os.environ, BRAINEMU=brainemu, BRAINEMU_DATA=str(data))
        lines = list(commands())
        assert "bash scripts/demo.sh" in lines, "the README's first command moved"
        demo = (REPO / "scripts/demo.sh").read_text().strip().splitlines()[-1]
        for line in lines:
            if line == "bash scripts/test.sh":
                print(f"skip  {line}: CI runs it (this test is part of it)")
                continue
            if line == "bash scripts/demo.sh":
                line = demo.replace("./build/release/brainemu", "build/release/brainemu").replace(
                    ' "$@"', "")
            words = shlex.split(line)
            needs_data = "import-examples" in line or "connectomes/" in line or \
                "../shared/data" in line or any(w.endswith(("larva.toml", "celegans.toml"))
                                                for w in words)
            if needs_data and not have_data:
                print(f"skip  {line}: no shared data at {data}")
                continue
            if words[0] == "mpirun" and not have_mpi:
                print(f"skip  {line}: no MPI build or mpirun")
                continue
            words = [brainemu if w == "build/release/brainemu" else w for w in words]
            done = subprocess.run(words, cwd=root, env=env, capture_output=True, text=True)
            if done.returncode != 0:
                print(f"FAIL  {line}: exit {done.returncode}\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
                failures += 1
                continue
            if "run" in words and "--out" in words:
                out = root / words[words.index("--out") + 1]
                n = spikes_in(out)
                if n == 0:
                    print(f"FAIL  {line}: no spikes in {out}")
                    failures += 1
                    continue
                print(f"ok    {line}: {n} spikes")
            else:
                print(f"ok    {line}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
