/**
 * Reference point for our engine's training benchmark: how many examples per
 * second TensorFlow.js can push through forward + backward + SGD update of a
 * small dense MLP, running on the WebAssembly backend (XNNPACK, SIMD, pinned to
 * ONE thread) inside the same Node process. Our benchmark divides its own
 * samples/s by this number, so both sides are measured on the same machine, in
 * the same run, under the same conditions.
 *
 * Training step used for timing: `optimizer.minimize(lossFn, true)` inside
 * `tf.tidy` on hand-made weight variables (tfjs-core only, no tfjs-layers). On
 * a quiet machine it beat `model.trainOnBatch` (`method: 'trainOnBatch'`) at
 * batch 32 (~2,750 vs ~2,300 samples/s) and tied at batch 128; trainOnBatch
 * adds layers-API bookkeeping and an async hop per batch. Loss is softmax cross-entropy on the logits (tfjs's fused, stable
 * form), averaged over the batch.
 *
 * Synchronisation: the loss of EVERY batch is read back (`dataSync`) inside the
 * timed loop, as a normal training loop that logs its loss would do. On the
 * wasm backend kernels run synchronously anyway, so this costs one 4-byte copy
 * per batch but guarantees nothing is left pending when the clock stops.
 *
 * Batch tensors (inputs and one-hot labels) are created once, before timing.
 *
 * Caveat worth knowing when reading the ratio: stock tfjs backprops matMul with
 * transposeA/transposeB matmuls, and the wasm backend runs those on a slow
 * non-XNNPACK path (x^T·dz for 784x32x256 takes ~10 ms vs ~1.3 ms when the
 * transpose is materialised first). That one op is ~90% of a stock training
 * step. `fastMatMulGrad: true` swaps in a gradient that transposes explicitly
 * (same maths, still pure tfjs) for the duration of the run — a "tfjs tuned by
 * a user who profiled it" reference, typically 2.5-8x faster than stock.
 *
 * Run directly: `npx tsx test/bench/tfjs-reference.ts`
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { mulberry32 } from '../support/mulberry32.js';
import { median } from './median.js';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export interface TfjsBenchOptions {
  inputs: Float32Array;
  labels: Int32Array;
  inputSize: number;
  hidden: number[];
  classes: number;
  batchSize: number;
  samples: number;
  repeats: number;
  learningRate?: number;
  /** Training step flavour; default 'minimize' (the faster one here). */
  method?: 'minimize' | 'trainOnBatch';
  /** Seed for the glorot-uniform weight init; default 1234. */
  seed?: number;
  /**
   * 'minimize' only: temporarily replace tfjs's BatchMatMul gradient with one
   * that materialises the transposes, so the wasm backend stays on XNNPACK.
   * Default false (stock tfjs).
   */
  fastMatMulGrad?: boolean;
}

export interface TfjsBenchResult {
  backend: string;
  threads: number;
  simd: boolean;
  samplesPerSecond: number[];
  median: number;
  version: string;
  /** Which training step was timed. */
  method: 'minimize' | 'trainOnBatch';
  /** Whether the explicit-transpose matMul gradient was used. */
  fastMatMulGrad: boolean;
}

// ---------------------------------------------------------------------------
// Backend setup (done once per process)

let backendReady: Promise<{ threads: number; simd: boolean }> | null = null;

function wasmDistDir(): string {
  // The package's "main" is dist/tf-backend-wasm.node.js, sitting next to the
  // three .wasm binaries.
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
}

async function initWasmBackend(): Promise<{ threads: number; simd: boolean }> {
  // The only unsolicited console output tfjs produces in Node is the
  // "looks like you are running TensorFlow.js in Node.js" hint, printed by the
  // *cpu* backend the first time it stores a tensor. We never let the cpu
  // backend store anything: the wasm backend is selected before any tensor is
  // created, and we refuse to continue if that fails. No log or warning is
  // suppressed, so real problems still show up.
  const dir = wasmDistDir();
  // Emscripten in Node reads the file through fs; a plain directory prefix
  // with a trailing separator is what it concatenates with the file name.
  setWasmPaths(dir + path.sep);
  setThreadsCount(1);
  const ok = await tf.setBackend('wasm');
  await tf.ready();
  if (!ok || tf.getBackend() !== 'wasm') {
    throw new Error(`tfjs wasm backend failed to initialise (active backend: ${tf.getBackend()})`);
  }
  // The backend picks tfjs-backend-wasm-simd.wasm vs tfjs-backend-wasm.wasm
  // from exactly this flag, so it tells us which binary is running.
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const threads = getThreadsCount();
  if (threads !== 1) {
    throw new Error(`tfjs wasm backend is using ${threads} threads, expected 1`);
  }
  return { threads, simd };
}

function ensureBackend(): Promise<{ threads: number; simd: boolean }> {
  if (backendReady === null) backendReady = initWasmBackend();
  return backendReady;
}

// ---------------------------------------------------------------------------
// Optional matMul gradient that avoids the wasm backend's slow transposed path

/**
 * Installs a BatchMatMul gradient computing dA = dy·Bᵀ and dB = Aᵀ·dy with the
 * transposes done by a separate Transpose kernel, so every matmul is a plain
 * (XNNPACK) one. Only used for rank-2 matmuls without transpose flags; any
 * other case defers to the original gradient. Returns a restore function.
 */
function installExplicitTransposeMatMulGrad(): () => void {
  const original = tf.getGradient('BatchMatMul');
  tf.registerGradient({
    ...original,
    gradFunc: (dy, saved, attrs) => {
      const [a, b] = saved as [tf.Tensor, tf.Tensor];
      if (attrs['transposeA'] || attrs['transposeB'] || a.rank !== 2 || b.rank !== 2) {
        return original.gradFunc(dy, saved, attrs);
      }
      const g = dy as tf.Tensor2D;
      return {
        a: () => tf.matMul(g, tf.transpose(b as tf.Tensor2D)),
        b: () => tf.matMul(tf.transpose(a as tf.Tensor2D), g),
      };
    },
  });
  return () => tf.registerGradient(original);
}

// ---------------------------------------------------------------------------
// Model

interface Trainer {
  /** One training step; returns the batch loss (already synchronised). */
  step(x: tf.Tensor2D, y: tf.Tensor2D): Promise<number> | number;
  dispose(): void;
}

function makeMinimizeTrainer(sizes: number[], lr: number, seed: number): Trainer {
  const weights: tf.Variable[] = [];
  const biases: tf.Variable[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const init = tf.initializers.glorotUniform({ seed: seed + i });
    // tf.variable copies its initial value; drop the temporaries right away.
    const w0 = init.apply([sizes[i]!, sizes[i + 1]!]);
    const b0 = tf.zeros([sizes[i + 1]!]);
    weights.push(tf.variable(w0, true, `w${i}`));
    biases.push(tf.variable(b0, true, `b${i}`));
    w0.dispose();
    b0.dispose();
  }
  const varList = [...weights, ...biases];
  const optimizer = tf.train.sgd(lr);
  const last = weights.length - 1;

  const forward = (x: tf.Tensor2D): tf.Tensor2D => {
    let h: tf.Tensor2D = x;
    for (let i = 0; i <= last; i++) {
      const z = tf.add(tf.matMul(h, weights[i]!), biases[i]!) as tf.Tensor2D;
      h = i < last ? tf.relu(z) : z;
    }
    return h; // logits
  };

  return {
    step(x, y) {
      return tf.tidy(() => {
        const loss = optimizer.minimize(
          () => tf.losses.softmaxCrossEntropy(y, forward(x)) as tf.Scalar,
          true,
          varList,
        );
        return loss!.dataSync()[0]!;
      });
    },
    dispose() {
      optimizer.dispose();
      for (const v of varList) v.dispose();
    },
  };
}

function makeLayersTrainer(sizes: number[], lr: number, seed: number): Trainer {
  const model = tf.sequential();
  for (let i = 0; i + 1 < sizes.length; i++) {
    const isLast = i + 2 === sizes.length;
    model.add(
      tf.layers.dense({
        units: sizes[i + 1]!,
        activation: isLast ? 'softmax' : 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }),
        biasInitializer: 'zeros',
        ...(i === 0 ? { inputShape: [sizes[0]!] } : {}),
      }),
    );
  }
  const optimizer = tf.train.sgd(lr);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  return {
    async step(x, y) {
      const r = await model.trainOnBatch(x, y);
      return Array.isArray(r) ? r[0]! : r;
    },
    dispose() {
      model.dispose();
      optimizer.dispose();
    },
  };
}

// ---------------------------------------------------------------------------
// Benchmark


export async function tfjsTrainingThroughput(opts: TfjsBenchOptions): Promise<TfjsBenchResult> {
  const { inputs, labels, inputSize, hidden, classes, batchSize, samples, repeats } = opts;
  const lr = opts.learningRate ?? 0.05;
  const method = opts.method ?? 'minimize';
  const fastMatMulGrad = opts.fastMatMulGrad ?? false;
  if (fastMatMulGrad && method !== 'minimize') {
    throw new Error("fastMatMulGrad only applies to method 'minimize' (tfjs-layers uses the fused matMul kernel)");
  }
  const seed = opts.seed ?? 1234;
  if (!(batchSize > 0 && samples > 0 && repeats > 0)) throw new Error('batchSize, samples, repeats must be > 0');
  if (samples > labels.length || samples * inputSize > inputs.length) {
    throw new Error(`need ${samples} examples, data has ${Math.min(labels.length, Math.floor(inputs.length / inputSize))}`);
  }

  const { threads, simd } = await ensureBackend();
  const tensorsBefore = tf.memory().numTensors;

  // Pre-build every batch (the last may be partial) outside the timed region.
  const batches: { x: tf.Tensor2D; y: tf.Tensor2D }[] = [];
  for (let start = 0; start < samples; start += batchSize) {
    const n = Math.min(batchSize, samples - start);
    const x = tf.tensor2d(inputs.subarray(start * inputSize, (start + n) * inputSize), [n, inputSize], 'float32');
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels.subarray(start, start + n), 'int32'), classes).toFloat() as tf.Tensor2D);
    batches.push({ x, y });
  }

  const sizes = [inputSize, ...hidden, classes];
  const trainer = method === 'minimize' ? makeMinimizeTrainer(sizes, lr, seed) : makeLayersTrainer(sizes, lr, seed);

  const epoch = async (): Promise<number> => {
    let loss = 0;
    for (const b of batches) loss = await trainer.step(b.x, b.y);
    return loss;
  };

  const samplesPerSecond: number[] = [];
  const restoreGrad = fastMatMulGrad ? installExplicitTransposeMatMulGrad() : null;
  try {
    // Warm-up: kernel setup, optimizer slot creation, JIT.
    const warmLoss = await epoch();
    if (!Number.isFinite(warmLoss)) throw new Error(`tfjs warm-up produced a non-finite loss (${warmLoss})`);
    const steadyTensors = tf.memory().numTensors;

    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      await epoch();
      const seconds = (performance.now() - t0) / 1000;
      samplesPerSecond.push(samples / seconds);
      const now = tf.memory().numTensors;
      if (now !== steadyTensors) {
        throw new Error(`tfjs tensor leak: ${steadyTensors} live tensors after warm-up, ${now} after repeat ${r + 1}`);
      }
    }
  } finally {
    restoreGrad?.();
    trainer.dispose();
    for (const b of batches) {
      b.x.dispose();
      b.y.dispose();
    }
  }
  const leftover = tf.memory().numTensors - tensorsBefore;
  if (leftover !== 0) throw new Error(`tfjs benchmark left ${leftover} tensors alive`);

  return {
    backend: tf.getBackend(),
    threads,
    simd,
    samplesPerSecond,
    median: median(samplesPerSecond),
    version: tf.version.tfjs,
    method,
    fastMatMulGrad,
  };
}

// ---------------------------------------------------------------------------
// Standalone run: synthetic MNIST-like data, 784-256-10.


/** ~80% exact zeros per row, the rest uniform in (0, 1]; labels uniform in [0, classes). */
export function syntheticMnistLike(n: number, inputSize = 784, classes = 10, seed = 42): { inputs: Float32Array; labels: Int32Array } {
  const rnd = mulberry32(seed);
  const inputs = new Float32Array(n * inputSize);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = Math.floor(rnd() * classes);
    const row = i * inputSize;
    for (let j = 0; j < inputSize; j++) {
      if (rnd() >= 0.8) inputs[row + j] = 1 - rnd();
    }
  }
  return { inputs, labels };
}

async function main(): Promise<void> {
  const n = 6400;
  const inputSize = 784;
  const hidden = [256];
  const classes = 10;
  const { inputs, labels } = syntheticMnistLike(n, inputSize, classes);
  // Default: stock tfjs with minimize. `--all` adds trainOnBatch and the
  // explicit-transpose gradient variant.
  const variants: { method: 'minimize' | 'trainOnBatch'; fastMatMulGrad: boolean; label: string }[] = [
    { method: 'minimize', fastMatMulGrad: false, label: 'minimize (stock)' },
  ];
  if (process.argv.includes('--all')) {
    variants.push({ method: 'trainOnBatch', fastMatMulGrad: false, label: 'trainOnBatch (stock)' });
    variants.push({ method: 'minimize', fastMatMulGrad: true, label: 'minimize + explicit-transpose grad' });
  }
  for (const v of variants) {
    for (const batchSize of [32, 128]) {
      const r = await tfjsTrainingThroughput({
        inputs, labels, inputSize, hidden, classes, batchSize, samples: n, repeats: 3,
        method: v.method, fastMatMulGrad: v.fastMatMulGrad,
      });
      const runs = r.samplesPerSecond.map((s) => s.toFixed(0)).join(', ');
      console.log(
        `tfjs ${r.version} ${r.backend} (threads=${r.threads}, simd=${r.simd}) ${v.label}, ` +
          `${inputSize}-${hidden.join('-')}-${classes} batch ${batchSize}: median ${r.median.toFixed(0)} samples/s [${runs}]`,
      );
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
