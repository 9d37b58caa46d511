#!/usr/bin/env bash
# Renders report.html of a real (small) microcircuit run in headless Chromium: the page must
# load without console errors, and every <svg> must survive into the rendered DOM.
# Usage: BRAINEMU=path/to/brainemu render_check.sh EXAMPLES_DIR [SCREENSHOT.png]
# Exit 77 (skipped) when Chromium is not installed.
set -euo pipefail
examples=$1
shot=${2:-}
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
    echo "chromium not found: skipped"
    exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$BRAINEMU" run "$examples/microcircuit.toml" --set network.scale=0.05 --duration-ms 300 \
    --out "$dir/run" > "$dir/run.log"
"$BRAINEMU" report "$dir/run"
html="$dir/run/report.html"
# Self-contained: every href/src is a data: URI or a fragment, nothing to fetch.
if grep -oE '(href|src)="[^"#d][^"]*"' "$html" | grep -v '^href="data:' | head -3 | grep .; then
    echo "report.html refers to outside files"
    exit 1
fi
expected=$(grep -o '<svg ' "$html" | wc -l)
[ "$expected" -ge 5 ] || { echo "only $expected <svg> in report.html"; exit 1; }

# Headless Chromium needs a writable home for its profile; no network is used.
export HOME="$dir/home"
mkdir -p "$HOME"
flags=(--headless --disable-gpu --no-sandbox --no-first-run --disable-extensions
       --user-data-dir="$dir/profile")
"$chromium" "${flags[@]}" --enable-logging=stderr --v=0 --virtual-time-budget=5000 \
    --dump-dom "file://$html" > "$dir/dom.html" 2> "$dir/console.log" || {
    cat "$dir/console.log"; echo "chromium failed"; exit 1; }
# Console messages from the page are logged as CONSOLE(...) lines; any error is a failure.
if grep -E 'CONSOLE|Uncaught|Failed to load|ERR_' "$dir/console.log" | grep -v 'ERR_.*dbus'; then
    echo "console errors while rendering report.html"
    exit 1
fi
rendered=$(grep -o '<svg ' "$dir/dom.html" | wc -l)
if [ "$rendered" -ne "$expected" ]; then
    echo "report.html has $expected <svg>, the rendered page $rendered"
    exit 1
fi
png=${shot:-$dir/report.png}
"$chromium" "${flags[@]}" --hide-scrollbars --window-size=1200,3000 --screenshot="$png" \
    "file://$html" 2> "$dir/shot.log" || { cat "$dir/shot.log"; exit 1; }
[ -s "$png" ] || { echo "no screenshot"; exit 1; }
echo "report.html: $(wc -c < "$html") bytes, $rendered <svg> rendered, screenshot $png"
