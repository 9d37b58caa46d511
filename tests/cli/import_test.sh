#!/usr/bin/env bash
# brainemu import end to end: a good import exits 0 and writes the .bcx; a bad one exits 3,
# names the file and line, and leaves no .bcx (not even a temporary). Exit 77 = data absent.
set -uo pipefail
data=${BRAINEMU_DATA:-${BRAINEMU_DATA_DEFAULT:-}}
zf="$data/zebrafish_hindbrain_vishwanathan2024"
if [ ! -f "$zf/zfish609_edgelist.csv" ]; then
    echo "SKIP: $zf/zfish609_edgelist.csv absent (set BRAINEMU_DATA)"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

"$BRAINEMU" import --format zebrafish "$zf/zfish609_edgelist.csv" "$zf/zfish609_nodes.csv" \
    --out "$work/good.bcx" >"$work/stdout" 2>"$work/stderr"
rc=$?
if [ "$rc" -ne 0 ] || [ ! -s "$work/good.bcx" ]; then
    echo "FAIL good import: exit $rc, $(cat "$work/stderr")"; fail=1
elif ! grep -q "609 neurons, 10703 connected pairs, 19901 chemical synapses" "$work/stdout"; then
    echo "FAIL good import summary: $(cat "$work/stdout")"; fail=1
else
    echo "ok good import: $(cat "$work/stdout")"
fi

# --option takes one value each: the input after it stays an input.
"$BRAINEMU" import --format edgelist --option pre=pre_id --option post=post_id \
    "$zf/zfish609_edgelist.csv" --out "$work/edges.bcx" >"$work/stdout" 2>"$work/stderr"
rc=$?
if [ "$rc" -ne 0 ] || [ ! -s "$work/edges.bcx" ]; then
    echo "FAIL edgelist import: exit $rc, $(cat "$work/stderr")"; fail=1
else
    echo "ok edgelist import"
fi

expect_failure() {
    local what=$1 pattern=$2
    shift 2
    "$BRAINEMU" import "$@" --out "$work/bad.bcx" >"$work/stdout" 2>"$work/stderr"
    local rc=$?
    if [ "$rc" -ne 3 ]; then echo "FAIL $what: exit $rc, expected 3"; fail=1; fi
    if ! grep -q -- "$pattern" "$work/stderr"; then
        echo "FAIL $what: message '$(cat "$work/stderr")' lacks '$pattern'"; fail=1
    fi
    if ls "$work"/bad.bcx* >/dev/null 2>&1; then
        echo "FAIL $what: a .bcx was left behind"; fail=1
    fi
    echo "ok $what: $(cat "$work/stderr")"
}

# A last line that lost its count, as from an interrupted download.
head -n 100 "$zf/zfish609_edgelist.csv" >"$work/cut.csv"
printf '77099,78083\n' >>"$work/cut.csv"
expect_failure "truncated edge list" "cut.csv:101: truncated line" \
    --format zebrafish "$work/cut.csv" "$zf/zfish609_nodes.csv"
printf 'pre_id,post_id,synapses\n77099,1,3\n' >"$work/unknown.csv"
expect_failure "unknown neuron" "unknown.csv:2: post_id: unknown neuron id 1" \
    --format zebrafish "$work/unknown.csv" "$zf/zfish609_nodes.csv"
expect_failure "unknown format" "did you mean 'zebrafish'" \
    --format zebrafsh "$zf/zfish609_edgelist.csv" "$zf/zfish609_nodes.csv"
expect_failure "missing file" "nothere.csv: no such file" \
    --format zebrafish "$work/nothere.csv" "$zf/zfish609_nodes.csv"
# --out must not replace the import's own source, a directory or a device node (as root the
# rename replaced /dev/null with a regular file; --out equal to the input overwrote the data).
printf 'pre,post,n\n1,2,3\n' >"$work/own.csv"
cp "$work/own.csv" "$work/own.copy"
"$BRAINEMU" import --format edgelist "$work/own.csv" --out "$work/../$(basename "$work")/own.csv" \
    >/dev/null 2>"$work/stderr"
rc=$?
if [ "$rc" -ne 3 ] || ! grep -q "is an input of this import" "$work/stderr" ||
    ! cmp -s "$work/own.csv" "$work/own.copy"; then
    echo "FAIL --out = input: exit $rc, '$(cat "$work/stderr")'"; fail=1
else
    echo "ok --out = input: $(cat "$work/stderr")"
fi
mkdir -p "$work/adir"
for target in "$work/adir" /dev/null; do
    "$BRAINEMU" import --format edgelist "$work/own.csv" --out "$target" >/dev/null 2>"$work/stderr"
    rc=$?
    if [ "$rc" -ne 4 ] || ! grep -q "brainemu writes a file here only in place of a regular file" \
        "$work/stderr" || ls "$target".tmp-* >/dev/null 2>&1; then
        echo "FAIL --out $target: exit $rc, '$(cat "$work/stderr")'"; fail=1
    else
        echo "ok --out $target: $(cat "$work/stderr")"
    fi
done
[ -c /dev/null ] || { echo "FAIL /dev/null is no longer a character device"; fail=1; }
exit $fail
