/**
 * The kernel helper thread (src/kernels/kernel-team.ts) splits large calls between two threads: each kernel's
 * result must be the bits of one thread — products on odd and sparse shapes, overwriting and accumulating,
 * convolutions split by examples and by filters (with their scratch below and above 2 GiB), activations forward
 * and backward, the optimiser updates — and whole training runs must hash the same with
 * PLASTICITY_THREADS=1 and =2.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { allocF64, kernelTeam, kernelThreads, useThreads, wasm } from '../../src/kernels/backend.js';
import { Matrix } from '../../src/kernels/matrix.js';
import { ConvScratch, convForward, convGeometry, convInputGradient, convWeightGradient, type Padding, type Shape } from '../../src/kernels/conv.js';
import { matmul, matmulTransA, matmulTransB } from '../../src/kernels/matmul.js';
import { adamUpdate, sgdMomentumUpdate, sgdUpdate } from '../../src/kernels/optimiser-updates.js';
import { ACTIVATION_CODES } from '../../src/neurons/activations.js';
import { mulberry32 } from '../support/mulberry32.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function filled(n: number, rand: () => number, zeros = 0): Float64Array {
  const a = allocF64(n);
  for (let i = 0; i < n; i++) a[i] = rand() < zeros ? 0 : rand() * 2 - 1;
  return a;
}

function firstDifference(a: Float64Array, b: Float64Array): string | null {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return `element ${i}: ${a[i]} vs ${b[i]}`;
  return null;
}

/** Runs `compute` on one thread and on two, on copies of the same inputs, and returns the first difference. */
function oneVersusTwo(inputs: Float64Array[], compute: (arrays: Float64Array[]) => Float64Array[]): string | null {
  const copy = () => inputs.map((a) => { const c = allocF64(a.length); c.set(a); return c; });
  useThreads(1);
  const one = compute(copy()).map((a) => a.slice());
  useThreads(2);
  const before = kernelThreads().splitCalls;
  const two = compute(copy()).map((a) => a.slice());
  if (kernelThreads().splitCalls === before) return 'the helper thread took no part';
  for (let i = 0; i < one.length; i++) {
    const d = firstDifference(one[i], two[i]);
    if (d) return `output ${i}, ${d}`;
  }
  return null;
}

describe.skipIf(!wasm())('the kernel helper thread', () => {
  afterAll(() => void useThreads(1));

  it('starts, and a bad PLASTICITY_THREADS is named', async () => {
    expect(useThreads(2)).toBe(2);
    for (let i = 0; i < 300 && !kernelThreads().helperReady; i++) await new Promise((r) => setTimeout(r, 10));
    expect(kernelThreads().helperReady).toBe(true);
    const bad = spawnSync(process.execPath, ['--import', 'tsx', '-e', `import('${ROOT}src/kernels/backend.ts').then((b) => b.kernelInfo())`], { encoding: 'utf8', env: { ...process.env, PLASTICITY_THREADS: '4' } });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/PLASTICITY_THREADS: expected 1 or 2 \(threads for one run's kernels\), got "4"/);
    // The CLI says it in one line, exit 2, no stack trace, nothing written.
    for (const [name, value] of [['PLASTICITY_THREADS', 'two'], ['PLASTICITY_KERNELS', 'fast'], ['PLASTICITY_HEAP_MB', '3']]) {
      const cli = spawnSync(process.execPath, [`${ROOT}src/cli/plasticity.js`, 'run', 'xor', '--seed', '1', '--out', `${ROOT}results/never-written`], { encoding: 'utf8', env: { ...process.env, [name]: value } });
      expect(cli.status, `${name}=${value}`).toBe(2);
      expect(cli.stderr.trim().split('\n'), `${name}=${value}`).toEqual([expect.stringMatching(new RegExp(`^plasticity: ${name}: expected`))]);
    }
    expect(existsSync(`${ROOT}results/never-written`)).toBe(false);
  });

  it('where memory cannot be shared (a page that is not cross-origin isolated) the unshared module runs, on one thread, with the same bits', () => {
    const script = (isolated: boolean) => `globalThis.crossOriginIsolated = ${isolated};
      const b = await import('${ROOT}src/kernels/backend.ts');
      const { Matrix } = await import('${ROOT}src/kernels/matrix.ts');
      const { matmul } = await import('${ROOT}src/kernels/matmul.ts');
      const { createHash } = await import('node:crypto');
      const a = new Matrix(67, 300), w = new Matrix(300, 130), c = new Matrix(67, 130);
      for (let i = 0; i < a.data.length; i++) a.data[i] = i % 3 ? Math.sin(i) : 0;
      for (let i = 0; i < w.data.length; i++) w.data[i] = Math.cos(i);
      matmul(a, w, c);
      console.log(JSON.stringify({ shared: b.wasm().heap.shared, threads: b.useThreads(2), info: b.kernelInfo(), hash: createHash('sha256').update(c.data).digest('hex') }));`;
    const run = (isolated: boolean) => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(isolated)], { encoding: 'utf8', env: { ...process.env, PLASTICITY_THREADS: '' } });
      if (r.status !== 0) throw new Error(r.stderr);
      return JSON.parse(r.stdout.trim().split('\n').pop()!) as { shared: boolean; threads: number; info: unknown; hash: string };
    };
    const page = run(false), node = run(true);
    expect(page.shared).toBe(false);
    expect(page.threads).toBe(1);
    expect(node.shared).toBe(true);
    expect(node.threads).toBe(2);
    expect(page.info).toEqual(node.info);
    expect(page.hash).toBe(node.hash);
  });

  const shapes: [number, number, number][] = [[64, 784, 256], [13, 300, 257], [1000, 784, 256], [256, 64, 10], [9, 1031, 97], [130, 129, 131]];
  const products = { matmul, matmulTransB, matmulTransA } as const;
  for (const [name, product] of Object.entries(products)) {
    it(`${name}: the bits of one thread, dense and sparse, overwriting and accumulating`, () => {
      const rand = mulberry32(name.length + 3);
      for (const [m, k, n] of shapes) {
        for (const zeros of [0, 0.5, 0.8]) {
          for (const accumulate of [false, true]) {
            const [aRows, aCols] = name === 'matmulTransA' ? [k, m] : [m, k];
            const [bRows, bCols] = name === 'matmulTransB' ? [n, k] : [k, n];
            const d = oneVersusTwo([filled(aRows * aCols, rand, zeros), filled(bRows * bCols, rand), filled(m * n, rand)], ([a, b, c]) => {
              product(new Matrix(aRows, aCols, a), new Matrix(bRows, bCols, b), new Matrix(m, n, c), accumulate);
              return [c];
            });
            expect(d, `${name} ${m}×${k}×${n}, ${zeros * 100}% zeros, accumulate ${accumulate}`).toBeNull();
          }
        }
      }
    });
  }

  it('activations forward, backward and derivative: the bits of one thread', () => {
    const rand = mulberry32(5);
    const w = () => wasm()!.kernels;
    for (const [kind, code] of Object.entries(ACTIVATION_CODES) as [string, number][]) {
      for (const n of [300_001, 131_075]) {
        const d = oneVersusTwo([filled(n, rand, 0.2), filled(n, rand)], ([x, g]) => {
          const h = allocF64(n), out = allocF64(n), der = allocF64(n);
          w().activationForward(code, x.byteOffset, h.byteOffset, n);
          w().activationBackward(code, x.byteOffset, h.byteOffset, g.byteOffset, out.byteOffset, n);
          w().activationBackward(code, x.byteOffset, h.byteOffset, 0, der.byteOffset, n);
          return [h, out, der];
        });
        expect(d, `${kind}, n = ${n}`).toBeNull();
      }
    }
  });

  // Above 2 GiB: the split reads each layer's geometry block from the heap, and an offset read as signed there was
  // the race once seen in long runs (kernel-team.ts, geometryWord). The reservation costs address space only.
  for (const where of ['below 2 GiB', 'above 2 GiB'] as const) {
    it(`convolutions shared by examples (forward, input gradient) and by filters (weight and bias gradients), scratch ${where}: the bits of one thread`, () => {
      // Held until the test ends: every free block below 2 GiB, so that the layers' blocks come from above.
      const held: Uint8Array[] = [];
      if (where === 'above 2 GiB') {
        const heap = wasm()!.heap, at = heap.reserve(64);
        if (at < 2 ** 31) heap.reserve(2 ** 31 + (1 << 20) - at);
        for (let k = 30; k >= 6; k--) {
          for (;;) {
            let a: Uint8Array;
            try {
              a = heap.u8(2 ** k);
            } catch {
              break; // no block of this size is left anywhere
            }
            if (a.byteOffset >= 2 ** 31) break;
            held.push(a);
          }
        }
      }
      const rand = mulberry32(12);
      const layers: [Shape, number, number, number, Padding, number][] = [
        [{ channels: 1, height: 28, width: 28 }, 32, 3, 1, 'valid', 33], // the Keras net's first layer, odd batch
        [{ channels: 32, height: 13, width: 13 }, 64, 3, 1, 'valid', 8],
        [{ channels: 6, height: 14, width: 14 }, 16, 5, 1, 2, 17],
        [{ channels: 3, height: 17, width: 15 }, 7, 4, 2, 'same', 9],
      ];
      for (const [input, filters, k, stride, padding, batch] of layers) {
        const g = convGeometry(input, filters, k, stride, padding), inSize = input.channels * input.height * input.width;
        const outSize = filters * g.output.height * g.output.width, patch = input.channels * k * k;
        const d = oneVersusTwo([filled(batch * inSize, rand, 0.4), filled(filters * patch, rand), filled(filters, rand), filled(batch * outSize, rand, 0.5), filled(filters * patch, rand), filled(filters, rand)], ([x, w, b, dy, dw, db]) => {
          const scratch = new ConvScratch(g), out = new Matrix(batch, outSize), dx = new Matrix(batch, inSize);
          if (where === 'above 2 GiB') expect(scratch.geometry.byteOffset).toBeGreaterThan(2 ** 31);
          convForward(new Matrix(batch, inSize, x), new Matrix(filters, patch, w), b, out, scratch);
          convWeightGradient(new Matrix(batch, inSize, x), new Matrix(batch, outSize, dy), new Matrix(filters, patch, dw), db, scratch);
          convInputGradient(new Matrix(batch, outSize, dy), new Matrix(filters, patch, w), dx, scratch);
          return [out.data, dw, db, dx.data];
        });
        expect(d, `${JSON.stringify(input)} ${filters} filters ${k}×${k} stride ${stride} padding ${padding}, batch ${batch}`).toBeNull();
      }
      held.length = 0;
    });
  }

  it('SGD, momentum, Nesterov, Adam and AdamW updates: the bits of one thread', () => {
    const rand = mulberry32(9);
    for (const n of [200_705, 16_387, 131_073]) {
      const d = oneVersusTwo([filled(n, rand), filled(n, rand, 0.3), filled(n, rand), filled(n, rand)], ([p, g, m, v]) => {
        for (let t = 1; t <= 3; t++) {
          adamUpdate(p, g, m, v, 1e-3, 0.9, 0.999, 1e-8, t === 2 ? 1e-4 : 0, t === 3 ? 0.99 : 1, 1 / (1 - 0.9 ** t), 1 / (1 - 0.999 ** t));
          sgdUpdate(p, g, 0.01, 1e-4);
          sgdMomentumUpdate(p, g, m, 0.01, 0.9, 1e-4, t === 2);
        }
        return [p, m, v];
      });
      expect(d, `n = ${n}`).toBeNull();
    }
  });

  it('a wake-up without a new call runs nothing: a late notify does not repeat the last call', async () => {
    useThreads(2);
    for (let i = 0; i < 300 && !kernelThreads().helperReady; i++) await new Promise((r) => setTimeout(r, 10));
    const rand = mulberry32(5), n = 1 << 18;
    const p = filled(n, rand), g = filled(n, rand);
    const before = kernelThreads().splitCalls;
    sgdUpdate(p, g, 0.01, 0);
    expect(kernelThreads().splitCalls).toBe(before + 1);
    const after = p.slice();
    // Past the helper's spin, so that it sleeps; then the notify of a post it has already run.
    await new Promise((r) => setTimeout(r, 20));
    kernelTeam()!.wakeWithoutCall();
    await new Promise((r) => setTimeout(r, 50));
    expect(firstDifference(p, after)).toBeNull();
  });

  it('whole training runs hash the same with PLASTICITY_THREADS=1 and 2, and the helper took part', () => {
    const run = (threads: string) => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/kernels/fixtures/threads-train-and-hash.ts'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PLASTICITY_THREADS: threads } });
      if (r.status !== 0) throw new Error(`threads-train-and-hash.ts with PLASTICITY_THREADS=${threads} failed:\n${r.stderr}`);
      return JSON.parse(r.stdout.trim().split('\n').pop()!) as { threads: number; splitCalls: number; hashes: Record<string, string> };
    };
    const one = run('1'), two = run('2');
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    expect(one.splitCalls).toBe(0);
    expect(two.splitCalls).toBeGreaterThan(500);
    expect(two.hashes).toEqual(one.hashes);
  }, 120_000);

  // Last: it leaves this thread's helper out of use.
  it('a kernel that traps on both threads raises an error here, waits for the helper, and later calls run on one thread with the right bits', async () => {
    useThreads(2);
    const w = wasm()!;
    const outside = w.heap.bytes - 64; // rows past the end of the memory: both parts trap
    expect(() => w.kernels.matmul(outside, outside, outside, 64, 256, 256, false)).toThrow();
    const rand = mulberry32(2);
    const a = filled(64 * 256, rand), b = filled(256 * 256, rand);
    const c = new Matrix(64, 256), plain = new Matrix(64, 256, new Float64Array(64 * 256));
    matmul(new Matrix(64, 256, a), new Matrix(256, 256, b), c);
    matmul(new Matrix(64, 256, Float64Array.from(a)), new Matrix(256, 256, Float64Array.from(b)), plain);
    expect(firstDifference(c.data, plain.data)).toBeNull();
    expect(kernelThreads().helperReady).toBe(false);
  });
});
