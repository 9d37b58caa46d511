#!/usr/bin/env bash
# The whole test suite: install what is missing, build with warnings as errors (preset ci),
# run every test through CTest (unit tests, end-to-end CLI checks, the Brian2 cross-simulator
# check), then the unit tests again under address + undefined sanitizers, and the format check.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(nproc)
cmake --preset ci >/dev/null
cmake --build build/ci -j "$jobs"
ctest --preset ci -j "$jobs"
# Sanitizers: the fast unit tests (the long regime and cross-simulator runs are covered above).
cmake --preset asan >/dev/null
cmake --build build/asan -j "$jobs"
ctest --preset asan -j "$jobs" -E 'brunel_regime|crosssim|cli\.'
bash scripts/check-format.sh
