/**
 * Throughput of the dense matrix kernels at the MLP-on-MNIST shapes (batch × 784 × 256).
 *
 *   npx tsx test/bench/kernels-bench.ts [repeats]
 *
 * Each measurement is the median over `repeats` timed rounds after a warm-up; a round calls the kernel
 * enough times to last ~50 ms, so timer resolution does not matter. The rounds of all cases are
 * interleaved (round 1 of every case, then round 2, ...), so that load from other processes on a
 * shared machine hits all cases alike instead of whichever happened to run at the time.
 * GFLOP/s counts the dense work 2·m·k·n even when zeros are skipped ("effective" GFLOP/s for the
 * sparse rows).
 */
import { pathToFileURL } from 'node:url';
import { kernelInfo } from '../../src/kernels/backend.js';
import { Matrix } from '../../src/kernels/matrix.js';
import { matmul, matmulTransA, matmulTransB } from '../../src/kernels/matmul.js';
import { mulberry32 } from '../support/mulberry32.js';
import { median } from './median.js';

export interface KernelBenchRow {
  kernel: string;
  shape: string;
  /** The active path (WebAssembly when the module loaded): operands in the kernel heap. */
  gflops: number;
  /** The JavaScript reference kernels on the same values (operands in plain Float64Arrays), measured in the same rounds. */
  jsGflops: number;
}

export interface KernelBenchOptions {
  /** Timed rounds per measurement (median reported); at least 5. */
  repeats?: number;
  /** Also time straightforward triple loops (the pre-optimisation kernels) for comparison. */
  baseline?: boolean;
}


function randomMatrix(rows: number, cols: number, rand: () => number, zeroFraction = 0): Matrix {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < rows * cols; i++) m.data[i] = rand() < zeroFraction ? 0 : rand() * 2 - 1;
  return m;
}

/** The same values outside the kernel heap: the kernels take their JavaScript path on it. */
const plain = (m: Matrix): Matrix => new Matrix(m.rows, m.cols, m.data.slice());

interface Case {
  kernel: string;
  shape: string;
  flops: number;
  fn: () => void;
  callsPerRound: number;
  seconds: number[];
  /** The same kernel on plain arrays (null for the naive baselines). */
  js: { fn: () => void; callsPerRound: number; seconds: number[] } | null;
}

/** Runs `fn` for ~200 ms (JIT warm-up) and returns how many calls last ~50 ms. */
function warmUp(fn: () => void): number {
  let calls = 0;
  const start = performance.now();
  while (calls < 3 || performance.now() - start < 200) {
    fn();
    calls++;
  }
  const perCall = (performance.now() - start) / calls;
  return Math.max(1, Math.round(50 / perCall));
}


/* The original straightforward kernels, kept here only as a speed baseline. */
function naiveMatmul(A: Matrix, B: Matrix, C: Matrix): void {
  const m = A.rows, k = A.cols, n = B.cols, a = A.data, b = B.data, c = C.data;
  c.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const av = a[i * k + p];
      if (av === 0) continue;
      for (let j = 0; j < n; j++) c[i * n + j] += av * b[p * n + j];
    }
  }
}
function naiveTransB(A: Matrix, B: Matrix, C: Matrix): void {
  const m = A.rows, k = A.cols, n = B.rows, a = A.data, b = B.data, c = C.data;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[j * k + p];
      c[i * n + j] = s;
    }
  }
}
function naiveTransA(A: Matrix, B: Matrix, C: Matrix): void {
  const k = A.rows, m = A.cols, n = B.cols, a = A.data, b = B.data, c = C.data;
  c.fill(0, 0, m * n);
  for (let p = 0; p < k; p++) {
    for (let i = 0; i < m; i++) {
      const av = a[p * m + i];
      if (av === 0) continue;
      for (let j = 0; j < n; j++) c[i * n + j] += av * b[p * n + j];
    }
  }
}

export async function benchKernels(opts: KernelBenchOptions = {}): Promise<KernelBenchRow[]> {
  const repeats = Math.max(5, opts.repeats ?? 7);
  const rand = mulberry32(20240601);
  const cases: Case[] = [];
  const K = 784, N = 256;
  for (const M of [128, 256]) {
    const shape = `${M}x${K}x${N}`;
    const flops = 2 * M * K * N;
    const record = (kernel: string, fn: (a: Matrix, b: Matrix, c: Matrix) => unknown, operands: [Matrix, Matrix, Matrix], baseline = false): void => {
      const js = operands.map(plain) as [Matrix, Matrix, Matrix];
      cases.push({ kernel, shape, flops, fn: () => fn(...operands), callsPerRound: 1, seconds: [], js: baseline ? null : { fn: () => fn(...js), callsPerRound: 1, seconds: [] } });
    };
    // Forward: (M×K)·(K×N). Dense, and with an 80%-zero left operand (i.i.d. zeros, like MNIST pixels).
    const A = randomMatrix(M, K, rand), Asparse = randomMatrix(M, K, rand, 0.8);
    const W = randomMatrix(K, N, rand), out = new Matrix(M, N);
    record('matmul', matmul, [A, W, out]);
    record('matmul, A 80% zeros (effective)', matmul, [Asparse, W, out]);
    // Backward: (M×N)·(K×N)ᵀ -> M×K, the same flop count.
    const D = randomMatrix(M, N, rand), back = new Matrix(M, K);
    record('matmulTransB', matmulTransB, [D, W, back]);
    // Weight gradient: (M×K)ᵀ·(M×N) -> K×N.
    const grad = new Matrix(K, N);
    record('matmulTransA', matmulTransA, [A, D, grad]);
    record('matmulTransA, A 80% zeros (eff.)', matmulTransA, [Asparse, D, grad]);
    if (opts.baseline) {
      record('naive matmul', naiveMatmul, [A, W, out], true);
      record('naive matmulTransB', naiveTransB, [D, W, back], true);
      record('naive matmulTransA', naiveTransA, [A, D, grad], true);
    }
  }
  const timed = cases.flatMap((c) => (c.js ? [c, c.js] : [c]));
  for (const c of timed) c.callsPerRound = warmUp(c.fn);
  for (let r = 0; r < repeats; r++) {
    for (const c of timed) {
      const t0 = performance.now();
      for (let i = 0; i < c.callsPerRound; i++) c.fn();
      c.seconds.push((performance.now() - t0) / 1000 / c.callsPerRound);
    }
  }
  return cases.map((c) => ({ kernel: c.kernel, shape: c.shape, gflops: c.flops / median(c.seconds) / 1e9, jsGflops: c.js ? c.flops / median(c.js.seconds) / 1e9 : NaN }));
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const repeats = process.argv[2] ? Number(process.argv[2]) : 7;
  const rows = await benchKernels({ repeats, baseline: true });
  const w = Math.max(...rows.map((r) => r.kernel.length));
  console.log(`${'kernel'.padEnd(w)}  ${'shape (m x k x n)'.padEnd(17)}  GFLOP/s ${kernelInfo().path} | JavaScript (median of ${Math.max(5, repeats)})`);
  for (const r of rows) console.log(`${r.kernel.padEnd(w)}  ${r.shape.padEnd(17)}  ${r.gflops.toFixed(2).padStart(6)} | ${Number.isNaN(r.jsGflops) ? '' : r.jsGflops.toFixed(2)}`);
}
