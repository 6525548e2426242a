import type { Heap } from './heap.js';
import type { WasmKernels } from './wasm-kernels.js';
import type { WasmModule } from './webassembly-api.js';

/**
 * Two threads for one run: a helper thread with its own instance of the kernels module on the same shared
 * memory takes part of each large kernel call — the second half of a product's rows, of an activation's or an
 * optimiser's elements — while this thread does the first half, then this thread waits for it. Every element
 * of the result is computed by the same sequence of operations as on one thread (a product's rows are
 * independent, and so are the elements of an element-wise kernel), so the bits are those of one thread; the
 * tests compare them.
 *
 * Measured on the 2-core reference machine (2026-12-02, nothing else running): a 64×256×256 product 1.8× faster
 * split this way; the helper's wake-up costs ~50 µs after a sleep (1.5× then), which is why it spins briefly
 * between calls and why calls below SPLIT_* stay on one thread. Sweeps (`--workers 2`) already fill both
 * cores with one run each, so the runner uses a helper only with `--workers 1`.
 *
 * The control block (CONTROL) lives in the heap: the posted and done generations, the operation, the
 * helper's ready, stop and failed flags, then up to 13 arguments as doubles.
 */

/** The kernels a helper can run, by index in the control block (names of the module's exports). */
const OPS = ['matmul', 'matmulTransB', 'matmulTransARows', 'activationForward', 'activationBackward', 'adam', 'sgd', 'sgdMomentum', 'convForward', 'convWeightGradient', 'convInputGradient'] as const;
type Op = (typeof OPS)[number];
const OP = Object.fromEntries(OPS.map((name, i) => [name, i])) as Record<Op, number>;

const POSTED = 0, DONE = 1, OPERATION = 2, READY = 3, FAILED = 5;
const CONTROL_BYTES = 64 + 16 * 8;

/** Multiply-adds below which a product runs on one thread (~30 µs of work: less than the hand-over costs). */
const SPLIT_PRODUCT = 1 << 17;
/** Elements below which an element-wise kernel runs on one thread: tanh and sigmoid cost ~13 ns each, Adam ~2.5 ns, ReLU and SGD well under 1 ns. */
const SPLIT_TRANSCENDENTAL = 4096;
const SPLIT_ADAM = 16384;
const SPLIT_CHEAP = 1 << 17;
/** Activation codes (src/neurons/activations.ts ACTIVATION_CODES) whose forward pass calls exp or tanh. */
const TRANSCENDENTAL = new Set([1, 2]);

/** How long this thread waits for the helper's part before it gives up with an error (a part takes milliseconds). */
const HELPER_TIMEOUT_S = 60;

/** How long the helper spins for the next call before it sleeps, in milliseconds. */
const SPIN_MS = 0.2;

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
  on(event: 'error' | 'exit', fn: (e: unknown) => void): void;
}
interface WorkerThreads {
  Worker: new (url: URL, options: { workerData: unknown }) => NodeWorker;
}

/** node:worker_threads where the engine has it (Node, Deno), without a static import a browser bundle would trip on. */
function workerThreads(): WorkerThreads | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return (proc?.getBuiltinModule?.('node:worker_threads') as WorkerThreads | undefined) ?? null;
}

export class KernelTeam {
  private readonly ctl: Int32Array;
  private readonly args: Float64Array;
  /** The whole heap as i32, to read a conv layer's geometry block (the memory never grows). */
  private readonly words: Int32Array;
  private readonly worker: NodeWorker;
  private generation = 0;
  private broken: string | null = null;
  /** Calls split so far (tests check that the helper took part). */
  splitCalls = 0;

  private constructor(heap: Heap, module: WasmModule, scratchBytes: number, threads: WorkerThreads) {
    const control = heap.reserve(CONTROL_BYTES);
    this.ctl = new Int32Array(heap.memory.buffer, control, 16);
    this.args = new Float64Array(heap.memory.buffer, control + 64, 16);
    this.words = new Int32Array(heap.memory.buffer);
    const scratch = heap.reserve(scratchBytes);
    this.worker = new threads.Worker(new URL('./kernel-helper.js', import.meta.url), {
      workerData: { module, memory: heap.memory, scratch, control, names: OPS, spinMs: SPIN_MS },
    });
    this.worker.on('error', (e) => {
      this.broken = `the kernel helper thread failed: ${(e as Error).message}`;
      console.warn(`plasticity: ${this.broken}; continuing on one thread`);
    });
    this.worker.unref();
  }

  /** A team on this heap, or null where the engine has no worker threads or the memory is not shared. */
  static start(heap: Heap, module: WasmModule, scratchBytes: number): KernelTeam | null {
    const threads = workerThreads();
    if (!threads || !heap.shared) return null;
    return new KernelTeam(heap, module, scratchBytes, threads);
  }

  /** Whether the helper has started and nothing has gone wrong: until then every call runs on one thread. */
  get ready(): boolean {
    return this.broken === null && Atomics.load(this.ctl, READY) === 1;
  }

  /**
   * Hands `op(a0, …)` to the helper; `join` must follow (in a `finally`: the helper must be done with the
   * arrays, and the control block free, even when this thread's part throws). Fixed parameters rather than a
   * rest array and no closures, so that a training step allocates nothing here.
   */
  private post(op: Op, a0: number, a1: number, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0, a8 = 0, a9 = 0, a10 = 0, a11 = 0, a12 = 0): void {
    this.splitCalls++;
    const x = this.args;
    x[0] = a0; x[1] = a1; x[2] = a2; x[3] = a3; x[4] = a4; x[5] = a5; x[6] = a6;
    x[7] = a7; x[8] = a8; x[9] = a9; x[10] = a10; x[11] = a11; x[12] = a12;
    this.ctl[OPERATION] = OP[op];
    Atomics.store(this.ctl, POSTED, ++this.generation);
    Atomics.notify(this.ctl, POSTED);
  }

  /**
   * Wakes the helper with no new call, as a notify that arrives late does (this thread descheduled between a
   * post and its notify while the helper saw the post by spinning, ran it and went to sleep). The helper must
   * go back to sleep without running anything: tests call this to check it.
   */
  wakeWithoutCall(): void {
    Atomics.notify(this.ctl, POSTED);
  }

  /** Waits until the helper has done its part; raises an error if its part failed. */
  private join(): void {
    const gen = this.generation;
    let waited = 0;
    for (let spins = 0; Atomics.load(this.ctl, DONE) !== gen; spins++) {
      if (spins < 2000) continue;
      if (Atomics.wait(this.ctl, DONE, gen - 1, 1000) === 'timed-out' && ++waited >= HELPER_TIMEOUT_S) {
        this.broken = `the kernel helper thread did not finish its part of a ${OPS[this.ctl[OPERATION]]} call in ${HELPER_TIMEOUT_S} s`;
        throw new Error(`${this.broken}; set PLASTICITY_THREADS=1 to run on one thread`);
      }
    }
    if (Atomics.load(this.ctl, FAILED) !== 0) {
      this.broken = `the kernel helper thread failed in a ${OPS[this.ctl[OPERATION]]} call (its message is above)`;
      throw new Error(`${this.broken}; set PLASTICITY_THREADS=1 to run on one thread`);
    }
  }

  /** A product A·B or A·Bᵀ (A: m×k, C: m×n) split by rows: A's and C's second parts start h rows further on. */
  private byRows(op: 'matmul' | 'matmulTransB', run: WasmKernels['matmul']): WasmKernels['matmul'] {
    return (a, b, c, m, k, n, accumulate) => {
      if (!this.ready || m < 8 || m * k * n < SPLIT_PRODUCT) return run(a, b, c, m, k, n, accumulate);
      const h = half(m);
      this.post(op, a + h * k * 8, b, c + h * n * 8, m - h, k, n, +accumulate);
      try {
        run(a, b, c, h, k, n, accumulate);
      } finally {
        this.join();
      }
    };
  }

  /**
   * Word i of the geometry block at byte g of a conv layer (C, H, W, outC, oH, oW, k, stride, padTop, padLeft,
   * bytes of one patch matrix). Unsigned: the heap spans 4 GiB, and `g >> 2` of a block above 2 GiB is negative
   * — an undefined word, a NaN pointer the helper read as address 0, writing its patches over the module's
   * scratch. That was the race once seen in about one long run in twelve (test/kernels/kernel-team.test.ts).
   */
  private geometryWord(g: number, i: number): number {
    return this.words[(g >>> 2) + i];
  }

  /** Multiply-adds of a conv layer's product over `examples` examples (its geometry block at byte g). */
  private convWork(g: number, examples: number): number {
    const k = this.geometryWord(g, 6);
    return examples * this.geometryWord(g, 3) * this.geometryWord(g, 0) * k * k * this.geometryWord(g, 4) * this.geometryWord(g, 5);
  }

  /** The module's kernels, with the large calls split between this thread and the helper. */
  splitting(raw: WasmKernels): WasmKernels {
    const team = this;
    return {
      ...raw,
      matmul: team.byRows('matmul', raw.matmul),
      matmulTransB: team.byRows('matmulTransB', raw.matmulTransB),
      matmulTransA(a, b, c, k, m, n, accumulate) {
        if (!team.ready || m < 8 || m * k * n < SPLIT_PRODUCT) return raw.matmulTransA(a, b, c, k, m, n, accumulate);
        const h = half(m);
        team.post('matmulTransARows', a, b, c, k, m, n, +accumulate, h, m);
        try {
          raw.matmulTransARows(a, b, c, k, m, n, accumulate, 0, h);
        } finally {
          team.join();
        }
      },
      activationForward(kind, a, h, n) {
        if (!team.ready || n < (TRANSCENDENTAL.has(kind) ? SPLIT_TRANSCENDENTAL : SPLIT_CHEAP)) return raw.activationForward(kind, a, h, n);
        const s = half(n), a2 = a + s * 8, h2 = h + s * 8;
        team.post('activationForward', kind, a2, h2, n - s);
        try {
          raw.activationForward(kind, a, h, s);
        } finally {
          team.join();
        }
      },
      activationBackward(kind, a, h, g, out, n) {
        if (!team.ready || n < SPLIT_CHEAP) return raw.activationBackward(kind, a, h, g, out, n);
        const s = half(n), a2 = a + s * 8, h2 = h + s * 8, g2 = g === 0 ? 0 : g + s * 8, o2 = out + s * 8;
        team.post('activationBackward', kind, a2, h2, g2, o2, n - s);
        try {
          raw.activationBackward(kind, a, h, g, out, s);
        } finally {
          team.join();
        }
      },
      adam(p, g, m, v, n, lr, b1, b2, eps, l2, shrink, c1, c2) {
        if (!team.ready || n < SPLIT_ADAM) return raw.adam(p, g, m, v, n, lr, b1, b2, eps, l2, shrink, c1, c2);
        const s = half(n), o = s * 8;
        team.post('adam', p + o, g + o, m + o, v + o, n - s, lr, b1, b2, eps, l2, shrink, c1, c2);
        try {
          raw.adam(p, g, m, v, s, lr, b1, b2, eps, l2, shrink, c1, c2);
        } finally {
          team.join();
        }
      },
      sgd(p, g, n, lr, decay) {
        if (!team.ready || n < SPLIT_CHEAP) return raw.sgd(p, g, n, lr, decay);
        const s = half(n), o = s * 8;
        team.post('sgd', p + o, g + o, n - s, lr, decay);
        try {
          raw.sgd(p, g, s, lr, decay);
        } finally {
          team.join();
        }
      },
      // Convolutions share a batch: examples for the forward pass and the input gradient, filters for the weight
      // gradient (its sums run over the examples in order). The helper works in the second patch matrix, which
      // follows the first (ConvScratch); the geometry block's word 10 is the bytes of one.
      convForward(x, w, bias, hasBias, out, col, b0, b1, g) {
        if (!team.ready || b1 - b0 < 2 || team.convWork(g, b1 - b0) < SPLIT_PRODUCT) return raw.convForward(x, w, bias, hasBias, out, col, b0, b1, g);
        const h = b0 + Math.ceil((b1 - b0) / 2);
        team.post('convForward', x, w, bias, +hasBias, out, col + team.geometryWord(g, 10), h, b1, g);
        try {
          raw.convForward(x, w, bias, hasBias, out, col, b0, h, g);
        } finally {
          team.join();
        }
      },
      convInputGradient(dOut, kernel, dx, dcol, b0, b1, g) {
        if (!team.ready || b1 - b0 < 2 || team.convWork(g, b1 - b0) < SPLIT_PRODUCT) return raw.convInputGradient(dOut, kernel, dx, dcol, b0, b1, g);
        const h = b0 + Math.ceil((b1 - b0) / 2);
        team.post('convInputGradient', dOut, kernel, dx, dcol + team.geometryWord(g, 10), h, b1, g);
        try {
          raw.convInputGradient(dOut, kernel, dx, dcol, b0, h, g);
        } finally {
          team.join();
        }
      },
      convWeightGradient(x, dOut, dW, dBias, hasBias, col, batch, o0, o1, g) {
        if (!team.ready || o1 - o0 < 2 || team.convWork(g, batch) < SPLIT_PRODUCT) return raw.convWeightGradient(x, dOut, dW, dBias, hasBias, col, batch, o0, o1, g);
        const h = o0 + Math.ceil((o1 - o0) / 2);
        team.post('convWeightGradient', x, dOut, dW, dBias, +hasBias, col + team.geometryWord(g, 10), batch, h, o1, g);
        try {
          raw.convWeightGradient(x, dOut, dW, dBias, hasBias, col, batch, o0, h, g);
        } finally {
          team.join();
        }
      },
      sgdMomentum(p, g, v, n, lr, mu, decay, nesterov) {
        if (!team.ready || n < SPLIT_CHEAP) return raw.sgdMomentum(p, g, v, n, lr, mu, decay, nesterov);
        const s = half(n), o = s * 8;
        team.post('sgdMomentum', p + o, g + o, v + o, n - s, lr, mu, decay, +nesterov);
        try {
          raw.sgdMomentum(p, g, v, s, lr, mu, decay, nesterov);
        } finally {
          team.join();
        }
      },
    };
  }
}

/** This thread's share: half, rounded to a multiple of 4 (a product's 4-row blocks, two SIMD lanes). */
function half(n: number): number {
  return ((n >> 1) + 3) & ~3;
}
