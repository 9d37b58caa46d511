#!/usr/bin/env bash
# Every C++ file of ours must match .clang-format (clang-format 14, Debian 12).
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror
echo "format: ok"
