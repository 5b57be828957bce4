#!/usr/bin/env bash
# geflow vs ONNX Runtime, side by side: bash bench/vs_ort.sh BUILD_DIR
#
# For each model and thread count it runs ONNX Runtime (bench/ort/ort_bench.js, onnxruntime-node
# pinned in bench/ort/package.json) and geflow (BUILD_DIR/bench/bench_models, the public API on
# a stream with device memory) in alternating processes — ORT, geflow, ORT, geflow, ... for
# ROUNDS rounds — so load from other work on the machine hits both. Each process does WARMUP
# untimed runs, then RUNS timed runs; the table pools the timed runs of all rounds (median,
# min). Both fill their inputs with the same formula (bench/models.c); geflow compares its
# outputs with ORT's from the first round (max abs / max rel difference).
#
# npm is used here only: the package is installed with `npm ci --ignore-scripts` into
# BUILD_DIR/ort-node (its postinstall would fetch CUDA binaries; the CPU ones ship in the
# package). Nothing in the build or the tests needs it.
#
# Environment: THREADS (default "1 2"), ROUNDS (3), WARMUP (2), RUNS (5), MODELS (default: the
# light models in ../shared/onnx-light-models and the demo CNN BUILD_DIR/demo_cnn.onnx).
set -euo pipefail
BUILD=${1:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
THREADS=${THREADS:-"1 2"}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-2}
RUNS=${RUNS:-5}

for tool in node npm; do
    if ! command -v "$tool" >/dev/null; then
        echo "vs_ort: $tool not found; skipping the ONNX Runtime comparison" >&2
        exit 0
    fi
done
BENCH="$BUILD/bench/bench_models"
if [ ! -x "$BENCH" ]; then
    echo "vs_ort: $BENCH is missing (build first: make build BUILD=$BUILD)" >&2
    exit 1
fi

# The ORT package, pinned by package.json + package-lock.json, in the build dir.
ORT_DIR="$BUILD/ort-node"
want=$(sed -n 's/.*"onnxruntime-node": *"\([^"]*\)".*/\1/p' "$HERE/ort/package.json")
have=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$ORT_DIR/node_modules/onnxruntime-node/package.json" 2>/dev/null | head -1 || true)
if [ "$have" != "$want" ] || ! cmp -s "$HERE/ort/package-lock.json" "$ORT_DIR/package-lock.json"; then
    mkdir -p "$ORT_DIR"
    cp "$HERE/ort/package.json" "$HERE/ort/package-lock.json" "$ORT_DIR/"
    (cd "$ORT_DIR" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
fi
export GEFLOW_ORT_NODE_MODULES
GEFLOW_ORT_NODE_MODULES="$(cd "$ORT_DIR" && pwd)/node_modules"
ORT_VERSION=$(node -e 'console.log(require(process.argv[1] + "/onnxruntime-node/package.json").version)' \
    "$GEFLOW_ORT_NODE_MODULES")

# The demo CNN as `make run` writes it.
"$BUILD/examples/demo_model" "$BUILD/demo_cnn.onnx" >/dev/null
if [ -z "${MODELS:-}" ]; then
    MODELS="$(ls "$ROOT"/../shared/onnx-light-models/light_*.onnx 2>/dev/null | tr '\n' ' ') $BUILD/demo_cnn.onnx"
fi

WORK="$BUILD/vs_ort"
rm -rf "$WORK"
mkdir -p "$WORK"

cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
echo "# geflow vs ONNX Runtime $ORT_VERSION, $(date -u +%Y-%m-%d) on $cpu, $(nproc) CPU(s)"
echo "# rounds=$ROUNDS (ORT then geflow each round), warm-up $WARMUP, $RUNS timed runs per process;"
echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# median and min of the numbers on stdin
stats() { sort -g | awk '{v[NR]=$1} END {m = NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "%.2f %.2f\n", m, v[1]}'; }

declare -a ROWS
for t in $THREADS; do
    for model in $MODELS; do
        name=$(basename "$model" .onnx)
        log="$WORK/$name.t$t"
        : >"$log.ort"
        : >"$log.ge"
        for r in $(seq 1 "$ROUNDS"); do
            out=()
            [ "$r" = 1 ] && out=(--out "$WORK/$name.t$t.ref")
            node "$HERE/ort/ort_bench.js" "$model" --threads "$t" --warmup "$WARMUP" --runs "$RUNS" "${out[@]}" \
                >>"$log.ort" 2>>"$log.ort.err" || { cat "$log.ort.err" >&2; exit 1; }
            ref=()
            [ "$r" = 1 ] && ref=(--ref "$WORK/$name.t$t.ref")
            GEFLOW_NUM_THREADS=$t "$BENCH" "$model" --warmup "$WARMUP" --runs "$RUNS" "${ref[@]}" >>"$log.ge" ||
                { echo "vs_ort: bench_models failed on $model (threads $t)" >&2; exit 1; }
        done
        read -r ge_med ge_min < <(sed -n 's/^geflow_times_ms: //p' "$log.ge" | tr ' ' '\n' | stats)
        read -r ort_med ort_min < <(sed -n 's/^ort_times_ms: //p' "$log.ort" | tr ' ' '\n' | stats)
        diff=$(sed -n 's/^geflow_vs_ref: max_abs=\([^ ]*\) max_rel=\(.*\)/\1 abs, \2 rel/p' "$log.ge" | head -1)
        ratio=$(awk -v o="$ort_med" -v g="$ge_med" 'BEGIN {printf "%.2f", o / g}')
        row="| $name | $t | $ge_med | $ort_med | $ratio | $ge_min | $ort_min | $diff |"
        ROWS+=("$row")
        echo "$row" >&2
    done
done

echo
echo "| model | threads | geflow median ms | ORT median ms | ORT/geflow (>1: geflow faster) | geflow min ms | ORT min ms | max diff (geflow vs ORT) |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
echo
echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg); raw logs in $WORK"
