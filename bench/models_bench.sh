#!/bin/bash
# Question: what does one neuron step of each model cost on this machine (ns, one thread), next
# to the FLOP each model's code performs? Writes bench/results/models.json.
# Usage: bench/models_bench.sh [path/to/brainemu]   (default build/release/brainemu)
set -euo pipefail
brainemu=${1:-build/release/brainemu}
out=$(dirname "$0")/results/models.json
"$brainemu" models --json --measure --neurons 100000 --steps 1000 --repetitions 5 > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out"
