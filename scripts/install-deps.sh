#!/usr/bin/env bash
# Installs what brainemu needs from Debian 12's packages (as root). Idempotent: apt-get skips
# what is already there. Each package and why: README.md, "Dependencies".
set -euo pipefail
packages=(
    cmake ninja-build g++ pkg-config
    libfmt-dev libtomlplusplus-dev libcli11-dev nlohmann-json3-dev librandom123-dev
    libgtest-dev libbenchmark-dev
    python3 python3-numpy python3-brian python3-neuron
    pybind11-dev python3-dev python3-pytest python3-neo python3-pynn neuron-dev
    clang-format time
    chromium
    zlib1g-dev libpng-dev libzstd-dev libxxhash-dev libhdf5-dev python3-h5py python3-scipy
    libmetis-dev libopenmpi-dev openmpi-bin
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
