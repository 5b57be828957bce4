#!/usr/bin/env bash
# Runs the benchmarks of a build directory: bash bench/run.sh BUILD_DIR
set -euo pipefail
BUILD=${1:-build}
echo "# $(date -u +%Y-%m-%d) on $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) CPU(s)"
"$BUILD/bench/bench_overhead"
"$BUILD/bench/bench_memcpy"
"$BUILD/bench/bench_async_call"
"$BUILD/bench/bench_run_overhead"
"$BUILD/bench/bench_eltwise"
# OpenBLAS picks its own kernels and cache sizes for this CPU: the environment's overrides are
# dropped for this command only.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$BUILD/bench/bench_gemm"
# geflow vs ONNX Runtime on the light models and the demo CNN (skipped when node/npm are
# missing; onnxruntime-node is installed into the build dir by npm, for this step only).
bash "$(dirname "$0")/vs_ort.sh" "$BUILD"
