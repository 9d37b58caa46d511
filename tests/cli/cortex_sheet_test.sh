#!/usr/bin/env bash
# The cortex sheet through the command line: examples/cortex_sheet.toml, shrunk, is neither
# silent nor saturated; its spikes do not depend on --parts and --method; contiguous parts
# (compact patches of the sheet) take fewer synapses from other parts than round-robin ones;
# a sheet past the 32-bit neuron ids is refused naming network.neurons.
# Usage: BRAINEMU=... $0 EXAMPLES_DIR
set -euo pipefail
examples=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# 16 x 16 columns of 40, 500 inputs each: ~5e6 synapses, a second or two.
small=(--duration-ms 300 --set network.neurons=10240 --set network.in_degree=500)
"$BRAINEMU" run "$examples/cortex_sheet.toml" --out "$work/ref" "${small[@]}" >/dev/null
rate=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["mean_rate_hz"])' \
       "$work/ref/profile.json")
# Brunel's dynamics at g = 5, eta = 2 give tens of Hz (about 40000 / C_E, docs/experiments.md):
# under 1 Hz is a silent sheet, over 200 Hz one firing near its refractory limit (500 Hz).
/usr/bin/python3 -c 'import sys; r = float(sys.argv[1]); sys.exit(0 if 1.0 < r < 200.0 else 1)' \
    "$rate" || { echo "FAIL: mean rate $rate Hz is not in (1, 200)"; exit 1; }
echo "ok rate: $rate Hz"

for m in contiguous round-robin; do
    "$BRAINEMU" run "$examples/cortex_sheet.toml" --out "$work/$m" "${small[@]}" --parts 3 \
        --method "$m" >/dev/null
    cmp -s "$work/ref/spikes.bin" "$work/$m/spikes.bin" ||
        { echo "FAIL: --parts 3 --method $m changed the spikes"; exit 1; }
    "$BRAINEMU" run "$examples/cortex_sheet.toml" --out "$work/v$m" "${small[@]}" \
        --virtual-parts 4 --method "$m" --set network.long_range_share=0.1 >/dev/null
done
echo "ok: identical spikes for --parts 3 with contiguous and round-robin parts"

other_share() {
    /usr/bin/python3 -c 'import json, sys
books = json.load(open(sys.argv[1]))["partitions"]
print(sum(b["synapses_from_other_parts"] for b in books) / sum(b["synapses"] for b in books))' "$1"
}
contiguous=$(other_share "$work/vcontiguous/profile.json")
round_robin=$(other_share "$work/vround-robin/profile.json")
# Round-robin scatters every patch: 3/4 of the synapses come from other parts. Contiguous parts
# are patches of 8 x 8 columns (2.7 sigma wide): well under that.
/usr/bin/python3 -c 'import sys; sys.exit(float(sys.argv[1]) >= 0.8 * float(sys.argv[2]))' \
    "$contiguous" "$round_robin" || {
    echo "FAIL: synapses from other parts: $contiguous (contiguous), $round_robin (round-robin)"
    exit 1
}
echo "ok locality: synapses from other parts $contiguous (contiguous) vs $round_robin (round-robin)"

set +e
"$BRAINEMU" run "$examples/cortex_sheet.toml" --out "$work/huge" --set network.neurons=5e9 \
    >/dev/null 2>"$work/huge.err"
code=$?
set -e
[ "$code" -eq 3 ] && grep -q "network.neurons" "$work/huge.err" && [ ! -e "$work/huge" ] ||
    { echo "FAIL: 5e9 neurons gave exit $code: $(cat "$work/huge.err")"; exit 1; }
echo "ok: 5e9 neurons refused: $(cat "$work/huge.err")"
