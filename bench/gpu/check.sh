#!/usr/bin/env bash
# The GPU engine's device check, for one call on a machine with a CUDA device: the GPU-vs-CPU
# spike identity tests, then the benchmarks; a short table last. Builds nothing: it runs the
# binaries of the cuda-device preset, built on a Debian 12 machine with CUDA 13 and carried:
#
#   cmake --preset cuda-device && cmake --build --preset cuda-device -j2
#   (targets cuda_tests and cuda_bench; binaries in build/cuda-device/bin)
#
# The preset links libstdc++ and libgcc statically, fmt header-only, cudart statically, gtest
# statically, and leaves out MPI, HDF5, zstd, METIS (the two binaries never link them). `ldd`
# on both must list only linux-vdso, libm, libc, ld-linux-x86-64 (and libdl/libpthread/librt
# stubs on older glibc): checked below before anything runs. The device needs a glibc at
# least as new as the build machine's (Debian 12: 2.36) and an NVIDIA driver for CUDA 13.
#
# Run (one device call, from the repository root; carry build/cuda-device/bin):
#   bash bench/gpu/check.sh
# Writes tests.json, bench.json and table.txt into $OUT when it is set. Takes about 2-4 min
# on an H200 (most of it building the full-scale microcircuit on the CPU).
set -u
cd "$(dirname "$0")/../.."
BIN=${BRAINEMU_BIN:-build/cuda-device/bin}
OUT=${OUT:-}
out_file() { if [ -n "$OUT" ]; then echo "$OUT/$1"; else echo "/tmp/brainemu-check-$1"; fi; }

echo "== machine"
nvidia-smi -L 2>&1 | head -4
ldd --version 2>&1 | head -1
for b in cuda_tests cuda_bench; do
    if [ ! -x "$BIN/$b" ]; then
        echo "check.sh: $BIN/$b is missing: build the cuda-device preset and carry $BIN" >&2
        exit 2
    fi
    echo "ldd $b:"
    ldd "$BIN/$b" | sed 's/^/    /'
    if ldd "$BIN/$b" | grep -q "not found"; then
        echo "check.sh: $b needs a library this machine lacks" >&2
        exit 2
    fi
done

echo "== GPU-vs-CPU identity tests (and the host emulation's)"
tests_json=$(out_file tests.json)
timeout 180 "$BIN/cuda_tests" --gtest_output=json:"$tests_json" 2>&1 | tail -40
tests_rc=${PIPESTATUS[0]}

echo "== benchmarks"
bench_log=$(out_file bench.log)
timeout 240 "$BIN/cuda_bench" --check-steps 1000 --out "$(out_file bench.json)" 2>&1 |
    tee "$bench_log" | grep -v '^RESULT|'
bench_rc=${PIPESTATUS[0]}

table=$(out_file table.txt)
{
    echo "== summary"
    printf '%-58s %-16s %-16s %s\n' "check" "measured" "target" "result"
    passed=$(grep -o '"tests": [0-9]*' "$tests_json" 2>/dev/null | head -1 | grep -o '[0-9]*')
    failed=$(grep -o '"failures": [0-9]*' "$tests_json" 2>/dev/null | head -1 | grep -o '[0-9]*')
    skipped=$(grep -c '"result": "SKIPPED"' "$tests_json" 2>/dev/null)
    printf '%-58s %-16s %-16s %s\n' "cuda_tests (GPU == CPU spikes, bit for bit)" \
        "${passed:-?} tests" "0 failures" \
        "rc $tests_rc, ${failed:-?} failed, ${skipped:-?} skipped"
    grep '^RESULT|' "$bench_log" | while IFS='|' read -r _ name measured target result; do
        printf '%-58s %-16s %-16s %s\n' "$name" "$measured" "$target" "$result"
    done
    echo "cuda_bench rc $bench_rc"
} | tee "$table"
[ "$tests_rc" -eq 0 ] && [ "$bench_rc" -eq 0 ]
