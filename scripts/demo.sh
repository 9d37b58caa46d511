#!/usr/bin/env bash
# The main job: install what is missing, build (release), and run the cortical microcircuit at
# 10% scale with Poisson drive for 1 s of biological time. Outputs go to out/microcircuit,
# ending with out/microcircuit/report.html (raster, rates, workload) to open in a browser.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release -DBRAINEMU_TESTS=OFF >/dev/null
# The Python module too (`PYTHONPATH=build/release/python /usr/bin/python3`, python/README.md),
# where CMake found pybind11 (install-deps.sh installs it).
targets=brainemu
if cmake --build build/release --target help | grep -q '^_brainemu:'; then
    targets="brainemu _brainemu"
fi
cmake --build build/release --target $targets
./build/release/brainemu run examples/microcircuit.toml --out out/microcircuit --report "$@"
