/**
 * One run on both cores: the kernel calls of a training step on one thread and split with the kernel helper
 * thread (src/kernels/kernel-team.ts), synchronisation included, on the same arrays, rounds interleaved.
 * Shapes are those of the 784-256-256-10 network at batch 64 (and 128 for MNIST's first layer).
 */
import { allocF64, kernelThreads, useThreads, wasm } from '../../src/kernels/backend.js';
import { Matrix } from '../../src/kernels/matrix.js';
import { matmul, matmulTransA, matmulTransB } from '../../src/kernels/matmul.js';
import { adamUpdate } from '../../src/kernels/optimiser-updates.js';
import { loadMnistSplit, defaultMnistDir } from '../../src/tasks/mnist.js';
import { mulberry32 } from '../support/mulberry32.js';
import { median } from './median.js';

const random = (rows: number, cols: number, rand: () => number): Matrix => {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < rows * cols; i++) m.data[i] = rand() - 0.5;
  return m;
};

/** Waits for the helper thread to be up (it starts in the background). */
export async function helperUp(): Promise<boolean> {
  if (useThreads(2) !== 2) return false;
  for (let i = 0; i < 500 && !kernelThreads().helperReady; i++) await new Promise((r) => setTimeout(r, 10));
  return kernelThreads().helperReady;
}

export async function benchThreads(opts: { repeats?: number } = {}): Promise<void> {
  if (!wasm() || !(await helperUp())) {
    console.log('  not run: needs the WebAssembly kernels on shared memory and worker threads');
    return;
  }
  const repeats = Math.max(5, opts.repeats ?? 5), rand = mulberry32(1);
  const train = await loadMnistSplit(defaultMnistDir(), 'train');
  const x64 = train.inputs.rowView(0, 64), x128 = train.inputs.rowView(0, 128);
  const w1 = random(784, 256, rand), w2 = random(256, 256, rand), h = random(64, 256, rand), d = random(64, 256, rand), d128 = random(128, 256, rand);
  const c64 = new Matrix(64, 256), c128 = new Matrix(128, 256), g1 = new Matrix(784, 256), g2 = new Matrix(256, 256);
  const n = 784 * 256, p = allocF64(n), g = allocF64(n), m = allocF64(n), v = allocF64(n);
  g.forEach((_, i) => (g[i] = rand() - 0.5));
  const tanhX = random(64, 256, rand), tanhY = new Matrix(64, 256);
  const cases: [string, () => void][] = [
    ['H·W2 64×256×256 (dense)', () => matmul(h, w2, c64)],
    ['Hᵀ·D 256×64×256 (weight gradient)', () => matmulTransA(h, d, g2)],
    ['D·W2ᵀ 64×256×256 (backward)', () => matmulTransB(d, w2, c64)],
    ['X·W1 64×784×256 (MNIST pixels)', () => matmul(x64, w1, c64)],
    ['X·W1 128×784×256 (MNIST pixels)', () => matmul(x128, w1, c128)],
    ['Xᵀ·D 784×128×256 (MNIST weight gradient)', () => matmulTransA(x128, d128, g1)],
    ['tanh 64×256', () => wasm()!.kernels.activationForward(2, tanhX.data.byteOffset, tanhY.data.byteOffset, 64 * 256)],
    ['Adam 784×256', () => adamUpdate(p, g, m, v, 1e-3, 0.9, 0.999, 1e-8, 0, 1, 10, 1000)],
  ];
  const time = (fn: () => void, calls: number) => {
    const t = performance.now();
    for (let i = 0; i < calls; i++) fn();
    return (performance.now() - t) / calls;
  };
  console.log(`  ${'kernel call'.padEnd(42)}   1 thread    2 threads   speed-up (medians of ${repeats} rounds)`);
  for (const [name, fn] of cases) {
    const one: number[] = [], two: number[] = [];
    useThreads(1);
    const calls = Math.max(5, Math.round(50 / Math.max(0.01, time(fn, 20))));
    for (let r = 0; r < repeats; r++) {
      useThreads(1);
      one.push(time(fn, calls));
      useThreads(2);
      two.push(time(fn, calls));
    }
    const a = median(one) * 1000, b = median(two) * 1000;
    console.log(`  ${name.padEnd(42)} ${a.toFixed(0).padStart(7)} µs ${b.toFixed(0).padStart(9)} µs   ${(a / b).toFixed(2)}×`);
  }
  useThreads(1);
}
