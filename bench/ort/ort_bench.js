#!/usr/bin/env node
// ONNX Runtime side of the geflow-vs-ORT benchmark (bench/vs_ort.sh runs it next to
// bench/models.c). Benchmark only: nothing in the build or the tests uses npm or this file.
//
//   node bench/ort/ort_bench.js MODEL.onnx [--threads T] [--warmup W] [--runs N] [--out DIR]
//        [--save-optimized FILE]
//
// --save-optimized writes the graph ORT runs after its optimizations (fusions, constant
// folding) as ONNX (ORT's optimizedModelFilePath), to see what it actually computes.
// onnxruntime-node is loaded from $GEFLOW_ORT_NODE_MODULES when set (bench/vs_ort.sh installs it
// in BUILD_DIR/ort-node), else by node's usual lookup (`npm install --ignore-scripts` here).
//
// Session: CPU execution provider, intraOpNumThreads = T (default 1), interOpNumThreads = 1,
// graphOptimizationLevel 'all', sequential execution. Inputs are filled with the formula
// bench/models.c uses (documented in bench/RESULTS.md), element i of each input in C order:
//   float types:   x[i] = ((i * 7919) % 1000) / 1000 - 0.5      (values in [-0.5, 0.5))
//   integer types: x[i] = (i * 7919) % 1000
//   bool:          x[i] = (i * 7919) % 2
// Symbolic input dims are refused (the benchmark models are static).
//
// After W warm-up runs (the first is reported on its own) it times N runs of session.run()
// (performance.now() around the awaited call) and prints
//   ort: <model> threads=T warmup=W runs=N first_ms=F median_ms=M min_ms=m
//   ort_times_ms: t1 t2 ... tN
// With --out DIR it writes each output of the last run as DIR/output_K.npy (K = the output's
// position, .npy format 1.0, little-endian, C order) for bench_models --ref DIR to compare.
'use strict';

const fs = require('fs');
const path = require('path');

function usage(msg) {
  if (msg) process.stderr.write(`ort_bench: ${msg}\n`);
  process.stderr.write('usage: node ort_bench.js MODEL.onnx [--threads T] [--warmup W] [--runs N] [--out DIR] ' +
    '[--save-optimized FILE]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const a = { model: null, threads: 1, warmup: 3, runs: 20, out: null, optimized: null };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) usage(`${k} needs a non-negative integer`);
      return v;
    };
    if (k === '--threads') a.threads = num();
    else if (k === '--warmup') a.warmup = num();
    else if (k === '--runs') a.runs = num();
    else if (k === '--out') a.out = argv[++i];
    else if (k === '--save-optimized') a.optimized = argv[++i];
    else if (k.startsWith('--')) usage(`unknown option ${k}`);
    else if (!a.model) a.model = k;
    else usage(`unexpected argument ${k}`);
  }
  if (!a.model) usage('no model');
  if (a.threads < 1) usage('--threads must be >= 1');
  if (a.runs < 1) usage('--runs must be >= 1');
  if (a.warmup < 1) usage('--warmup must be >= 1 (the first run is not timed with the others)');
  return a;
}

const ARRAYS = {
  float32: Float32Array, float64: Float64Array,
  int8: Int8Array, uint8: Uint8Array, int16: Int16Array, uint16: Uint16Array,
  int32: Int32Array, uint32: Uint32Array, int64: BigInt64Array, uint64: BigUint64Array,
  bool: Uint8Array,
};

// The shared input formula (see the header).
function fillInput(type, count) {
  const Ctor = ARRAYS[type];
  if (!Ctor) throw new Error(`input type ${type} is not supported by the benchmark`);
  const x = new Ctor(count);
  for (let i = 0; i < count; i++) {
    const r = (i * 7919) % 1000;  // exact in doubles for every count this benchmark uses
    if (type === 'float32' || type === 'float64') x[i] = r / 1000 - 0.5;
    else if (type === 'bool') x[i] = r % 2;
    else if (type === 'int64' || type === 'uint64') x[i] = BigInt(r);
    else x[i] = r;
  }
  return x;
}

const NPY_DESCR = {
  float32: '<f4', float64: '<f8', int8: '|i1', uint8: '|u1', int16: '<i2', uint16: '<u2',
  int32: '<i4', uint32: '<u4', int64: '<i8', uint64: '<u8', bool: '|b1',
};

function writeNpy(file, tensor) {
  const descr = NPY_DESCR[tensor.type];
  if (!descr) throw new Error(`output type ${tensor.type} cannot be written as .npy here`);
  const shape = tensor.dims.length === 1 ? `(${tensor.dims[0]},)` : `(${tensor.dims.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += ' '.repeat(pad % 64) + '\n';
  const pre = Buffer.alloc(10);
  Buffer.from('\x93NUMPY', 'latin1').copy(pre, 0);
  pre[6] = 1;
  pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  const d = tensor.data;
  const body = Buffer.from(d.buffer, d.byteOffset, d.byteLength);
  fs.writeFileSync(file, Buffer.concat([pre, Buffer.from(header, 'latin1'), body]));
}

function median(v) {
  const s = [...v].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  let ort;
  try {
    // bench/vs_ort.sh installs the package in the build dir and names it here.
    const dir = process.env.GEFLOW_ORT_NODE_MODULES;
    ort = require(dir ? path.join(path.resolve(dir), 'onnxruntime-node') : 'onnxruntime-node');
  } catch (e) {
    process.stderr.write(`ort_bench: cannot load onnxruntime-node (${e.message}); run ` +
      '`npm install --ignore-scripts` in bench/ort (bench/vs_ort.sh does)\n');
    process.exit(1);
  }
  const session = await ort.InferenceSession.create(args.model, {
    executionProviders: ['cpu'],
    intraOpNumThreads: args.threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    ...(args.optimized ? { optimizedModelFilePath: args.optimized } : {}),
  });
  const feeds = {};
  for (const meta of session.inputMetadata) {
    if (!meta.isTensor) throw new Error(`input ${meta.name} is not a tensor`);
    if (meta.shape.some((d) => typeof d !== 'number' || d < 0))
      throw new Error(`input ${meta.name} has symbolic dims [${meta.shape}]`);
    const count = meta.shape.reduce((a, b) => a * b, 1);
    feeds[meta.name] = new ort.Tensor(meta.type, fillInput(meta.type, count), meta.shape);
  }
  let t0 = performance.now();
  let result = await session.run(feeds);
  const first = performance.now() - t0;
  for (let i = 1; i < args.warmup; i++) result = await session.run(feeds);
  const times = [];
  for (let i = 0; i < args.runs; i++) {
    t0 = performance.now();
    result = await session.run(feeds);
    times.push(performance.now() - t0);
  }
  const name = path.basename(args.model);
  const f = (x) => x.toFixed(3);
  console.log(`ort: ${name} threads=${args.threads} warmup=${args.warmup} runs=${args.runs} ` +
    `first_ms=${f(first)} median_ms=${f(median(times))} min_ms=${f(Math.min(...times))}`);
  console.log(`ort_times_ms: ${times.map(f).join(' ')}`);
  if (args.out) {
    fs.mkdirSync(args.out, { recursive: true });
    session.outputNames.forEach((o, k) => writeNpy(path.join(args.out, `output_${k}.npy`), result[o]));
  }
  await session.release();
}

main().catch((e) => {
  process.stderr.write(`ort_bench: ${e.stack || e}\n`);
  process.exit(1);
});
