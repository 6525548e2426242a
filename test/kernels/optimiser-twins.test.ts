/**
 * The optimisers' updates: the WebAssembly kernels against the JavaScript loops (src/kernels/optimiser-updates.ts)
 * bit for bit on odd lengths, and whole training runs with every optimiser giving the same weights on both
 * kernel paths.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allocF64, wasm } from '../../src/kernels/backend.js';
import { adamUpdate, sgdMomentumUpdate, sgdUpdate } from '../../src/kernels/optimiser-updates.js';
import { ROOT } from '../support/cli.js';
import { mulberry32 } from './helpers.js';

const heapPath = wasm();
const LENGTHS = [0, 1, 2, 3, 7, 13, 64, 1001];

/** `count` arrays of length n with the same random values in the heap and in plain memory. */
function arrays(n: number, count: number, rand: () => number, positive: boolean[] = []): { heap: Float64Array[]; plain: Float64Array[] } {
  const heap: Float64Array[] = [], plain: Float64Array[] = [];
  for (let c = 0; c < count; c++) {
    const h = allocF64(n), p = new Float64Array(n);
    for (let i = 0; i < n; i++) h[i] = p[i] = positive[c] ? rand() * 1e-3 : (rand() * 2 - 1) * (i % 5 === 0 ? 1e-8 : 1);
    heap.push(h);
    plain.push(p);
  }
  return { heap, plain };
}

const same = (a: Float64Array[], b: Float64Array[]) => a.forEach((x, k) => expect(Array.from(x).map((v) => Object.is(v, -0) ? '-0' : v)).toEqual(Array.from(b[k]).map((v) => Object.is(v, -0) ? '-0' : v)));

describe.skipIf(!heapPath)('optimiser updates: WebAssembly and JavaScript give the same bits', () => {
  it('the heap arrays take the WebAssembly path and the plain ones the JavaScript path', () => {
    expect(heapPath!.heap.holds(allocF64(3))).toBe(true);
    expect(heapPath!.heap.holds(new Float64Array(3))).toBe(false);
  });

  it('SGD with and without weight decay', () => {
    const rand = mulberry32(1);
    for (const n of LENGTHS) for (const decay of [0, 1e-4]) {
      const { heap, plain } = arrays(n, 2, rand);
      for (const [p, g] of [heap, plain]) for (let s = 0; s < 3; s++) sgdUpdate(p, g, 0.05, decay);
      same(heap, plain);
    }
  });

  it('SGD with momentum, plain and Nesterov', () => {
    const rand = mulberry32(2);
    for (const n of LENGTHS) for (const nesterov of [false, true]) for (const decay of [0, 5e-4]) {
      const { heap, plain } = arrays(n, 3, rand);
      for (const [p, g, v] of [heap, plain]) for (let s = 0; s < 3; s++) sgdMomentumUpdate(p, g, v, 0.05, 0.9, decay, nesterov);
      same(heap, plain);
    }
  });

  it('Adam with L2 and with decoupled decay, over steps with changing bias corrections', () => {
    const rand = mulberry32(3);
    for (const n of LENGTHS) for (const [l2, wd] of [[0, 0], [1e-4, 0], [0, 1e-2]]) {
      const { heap, plain } = arrays(n, 4, rand, [false, false, false, true]);
      for (const [p, g, m, v] of [heap, plain]) {
        for (let t = 1; t <= 4; t++) adamUpdate(p, g, m, v, 1e-3, 0.9, 0.999, 1e-8, l2, 1 - 1e-3 * wd, 1 / (1 - 0.9 ** t), 1 / (1 - 0.999 ** t));
      }
      same(heap, plain);
    }
  });

  it('an Adam step against the formula written out once more (moments from zero)', () => {
    const p = allocF64(3), g = allocF64(3), m = allocF64(3), v = allocF64(3);
    p.set([0.5, -1, 2]);
    g.set([0.1, -0.2, 0]);
    adamUpdate(p, g, m, v, 0.01, 0.9, 0.999, 1e-8, 0, 1, 1 / (1 - 0.9), 1 / (1 - 0.999));
    // At t = 1 the corrected moments are g and g², so the step is lr·g/(|g| + ε): ±lr where g ≠ 0.
    expect(p[0]).toBeCloseTo(0.5 - 0.01, 7);
    expect(p[1]).toBeCloseTo(-1 + 0.01, 7);
    expect(p[2]).toBe(2);
  });
});

describe('training on both kernel paths', () => {
  it('every optimiser, three activations, backprop and feedback alignment: the same weights with PLASTICITY_KERNELS=js and =wasm', () => {
    const runWith = (kernels: string) => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/kernels/fixtures/train-and-hash.ts')], { encoding: 'utf8', env: { ...process.env, PLASTICITY_KERNELS: kernels } });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout.trim().split('\n').pop()!) as { kernels: string; hashes: Record<string, string> };
    };
    const js = runWith('js'), wa = runWith('wasm');
    expect([js.kernels, wa.kernels]).toEqual(['js', 'wasm']);
    expect(Object.keys(js.hashes)).toHaveLength(15);
    expect(wa.hashes).toEqual(js.hashes);
  }, 120_000);
});
