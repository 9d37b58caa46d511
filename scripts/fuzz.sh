#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang++ in build/fuzz and runs each for a bounded
# time. Usage: scripts/fuzz.sh [seconds per target, default 30] [target ...]
# Seeds: a few lines of the real datasets where ${BRAINEMU_DATA:-<repo>/../shared/data} has
# them (copied into build/fuzz/corpus, never into the repository). A crash leaves its input as
# build/fuzz/crash-* and makes the script exit non-zero.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-30}
shift || true
build="$repo/build/fuzz"
data=${BRAINEMU_DATA:-$repo/../shared/data}

cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++ -DBRAINEMU_FUZZ=ON -DBRAINEMU_TESTS=OFF >/dev/null
cmake --build "$build" --target fuzz -j"${FUZZ_JOBS:-2}"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(table_reader codex shiu cook2019 varshney2011 larva zebrafish microns edgelist)
fi

# seed NAME FILE... : the first 40 lines of each file, joined by 0x1E (the targets' separator)
seed() {
    local dir="$build/corpus/$1"
    shift
    mkdir -p "$dir"
    local out="$dir/seed" first=1
    : >"$out"
    for f in "$@"; do
        [ -f "$data/$f" ] || return 0
        if [ $first -eq 0 ]; then printf '\x1e' >>"$out"; fi
        first=0
        case "$f" in
            *.gz) (zcat "$data/$f" | head -n 40 >>"$out") || true ;;
            *) head -n 40 "$data/$f" >>"$out" ;;
        esac
    done
}
seed codex flywire_shiu2024/codex_630/neurons_630.csv.gz \
    flywire_shiu2024/codex_783_slice/Synapses_IPS_ME_1_2_GNG_SPS_1.tsv
seed shiu flywire_shiu2024/Completeness_783.csv flywire_shiu2024/Completeness_783.csv
seed cook2019 celegans_cook2019/cook2019_hermaphrodite_chemical_edgelist.csv \
    celegans_cook2019/cook2019_herm_gap_jn_symmetric_edgelist.csv
seed varshney2011 celegans_varshney2011/CElegansNeuronTables_Connectome.csv
seed larva drosophila_larva_maggot_subset/maggot_subset_edgelist.csv \
    drosophila_larva_maggot_subset/maggot_subset_nodes.csv
seed zebrafish zebrafish_hindbrain_vishwanathan2024/zfish609_edgelist.csv \
    zebrafish_hindbrain_vishwanathan2024/zfish609_nodes.csv
seed microns mouse_v1_layer23_pinky100_microns/soma_subgraph_synapses_spines_v185.csv \
    mouse_v1_layer23_pinky100_microns/soma_valence_v185.csv
seed edgelist zebrafish_hindbrain_vishwanathan2024/zfish609_edgelist.csv
seed table_reader celegans_cook2019/herm_full_edgelist.csv

status=0
for t in "${targets[@]}"; do
    mkdir -p "$build/corpus/$t"
    echo "== fuzz_$t for ${seconds}s"
    if ! (cd "$build" && ASAN_OPTIONS=detect_leaks=1 ./fuzz/fuzz_"$t" -max_total_time="$seconds" \
        -max_len=8192 -timeout=10 -print_final_stats=1 "corpus/$t" 2>&1 | tail -n 12); then
        status=1
    fi
done
exit $status
