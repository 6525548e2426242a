/**
 * Every WebAssembly kernel against its JavaScript twin, the readable reference: the same inputs, once in
 * the WebAssembly heap (the kernels run in the module) and once in plain Float64Arrays (the JavaScript
 * kernels run), on odd shapes (empty, 1×N, N×1, primes, remainders of every tile size) and sparsities. Where
 * the summation order is the same the results must be the same bits.
 */
import { describe, expect, it } from 'vitest';
import { wasm } from '../../src/kernels/backend.js';
import { Matrix } from '../../src/kernels/matrix.js';
import { matmul, matmulTransA, matmulTransB } from '../../src/kernels/matmul.js';
import { addRowVector, hadamard, sumRows } from '../../src/kernels/elementwise.js';
import * as dm from '../../src/kernels/math.js';
import { activations } from '../../src/neurons/activations.js';
import { mulberry32 } from './helpers.js';

const heapPath = wasm();

/** The same values as a heap matrix and as a plain one. */
function pair(rows: number, cols: number, rand: () => number, zeros = 0): [Matrix, Matrix] {
  const h = new Matrix(rows, cols), p = new Matrix(rows, cols, new Float64Array(rows * cols));
  for (let i = 0; i < rows * cols; i++) h.data[i] = p.data[i] = rand() < zeros ? 0 : rand() * 2 - 1;
  return [h, p];
}

function firstDifference(a: Float64Array, b: Float64Array): string | null {
  if (a.length !== b.length) return `lengths ${a.length} and ${b.length}`;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return `element ${i}: ${a[i]} vs ${b[i]}`;
  return null;
}

describe.skipIf(!heapPath)('WebAssembly kernels equal their JavaScript twins bit for bit', () => {
  it('matrices are made in the heap, and a plain Float64Array stays on the JavaScript path', () => {
    expect(heapPath!.heap.holds(new Matrix(3, 4).data)).toBe(true);
    expect(heapPath!.heap.holds(new Matrix(3, 4, new Float64Array(12)).data)).toBe(false);
    const view = new Matrix(6, 5).rowView(2, 3);
    expect(heapPath!.heap.holds(view.data)).toBe(true);
  });

  const shapes: [number, number, number][] = [
    [0, 5, 5], [5, 0, 5], [5, 5, 0], [1, 1, 1], [1, 784, 256], [256, 1, 1], [1, 13, 1], [7, 7, 7], [13, 17, 19], [4, 8, 8],
    [64, 784, 256], [67, 300, 13], [31, 257, 33], [8, 512, 9], [3, 1, 9], [128, 256, 10], [5, 1024, 263],
  ];
  const products = { matmul, matmulTransB, matmulTransA } as const;
  for (const [name, product] of Object.entries(products)) {
    it(`${name} on odd shapes, dense and sparse, overwriting and accumulating`, () => {
      const rand = mulberry32(name.length);
      for (const [m, k, n] of shapes) {
        for (const zeros of [0, 0.5, 0.9]) {
          const [aH, aP] = name === 'matmulTransA' ? pair(k, m, rand, zeros) : pair(m, k, rand, zeros);
          const [bH, bP] = name === 'matmulTransB' ? pair(n, k, rand) : pair(k, n, rand);
          for (const accumulate of [false, true]) {
            const [cH, cP] = pair(m, n, rand);
            product(aH, bH, cH, accumulate);
            product(aP, bP, cP, accumulate);
            const d = firstDifference(cH.data, cP.data);
            expect(d, `${name} ${m}×${k}×${n}, ${zeros * 100}% zeros, accumulate ${accumulate}`).toBeNull();
          }
        }
      }
    });
  }

  it('left operands like MNIST batches: zero borders shared by row blocks, runs of zeros, -0, and Inf or NaN in B behind a zero', () => {
    const rand = mulberry32(7);
    for (const [name, product] of Object.entries(products)) {
      for (const [m, k, n] of [[64, 784, 256], [33, 300, 17], [9, 61, 257]] as [number, number, number][]) {
        const aRows = name === 'matmulTransA' ? k : m, aCols = name === 'matmulTransA' ? m : k;
        const [aH, aP] = pair(aRows, aCols, rand);
        for (let i = 0; i < aRows * aCols; i++) {
          const col = i % aCols;
          // a zero border, zero runs inside, a few negative zeros
          const v = col < aCols / 8 || col > (7 * aCols) / 8 || rand() < 0.6 ? (rand() < 0.05 ? -0 : 0) : aH.data[i];
          aH.data[i] = aP.data[i] = v;
        }
        const [bH, bP] = name === 'matmulTransB' ? pair(n, k, rand) : pair(k, n, rand);
        // Non-finite values of B meet only zeros of A (column 0 of A is in the border): skipped, never NaN.
        for (let j = 0; j < n; j++) {
          const at = name === 'matmulTransB' ? j * k : j;
          if (name !== 'matmulTransA') bH.data[at] = bP.data[at] = j % 2 ? Infinity : NaN;
        }
        for (const accumulate of [false, true]) {
          const [cH, cP] = pair(m, n, rand);
          product(aH, bH, cH, accumulate);
          product(aP, bP, cP, accumulate);
          expect(firstDifference(cH.data, cP.data), `${name} ${m}×${k}×${n} accumulate ${accumulate}`).toBeNull();
          if (name !== 'matmulTransA') expect(cH.data.every(Number.isFinite), `${name}: a skipped zero met Inf/NaN`).toBe(true);
        }
      }
    }
  });

  it('operands that are views into a larger heap matrix', () => {
    const rand = mulberry32(7);
    const [bigH, bigP] = pair(40, 30, rand, 0.3);
    const [bH, bP] = pair(30, 12, rand);
    const [cH, cP] = pair(9, 12, rand);
    matmul(bigH.rowView(11, 9), bH, cH, true);
    matmul(bigP.rowView(11, 9), bP, cP, true);
    expect(firstDifference(cH.data, cP.data)).toBeNull();
  });

  it('elementary functions: the module\'s exp, expm1, log and tanh give the bits of src/kernels/math.ts', () => {
    const k = heapPath!.kernels, rand = mulberry32(11);
    const specials = [0, -0, 1, -1, 1e-300, 5e-324, -5e-324, 709.78, 709.79, -745.13, -745.14, 1e300, Infinity, -Infinity, NaN, 0.5 * Math.LN2, 1.5 * Math.LN2, 56 * Math.LN2, 22, -22, 2 ** -55, 2 ** -20];
    for (const [name, js, w] of [['exp', dm.exp, k.exp_], ['expm1', dm.expm1, k.expm1_], ['log', dm.log, k.log_], ['tanh', dm.tanh, k.tanh_]] as const) {
      const xs = [...specials, ...Array.from({ length: 20000 }, () => (rand() - 0.5) * 10 ** (6 * rand() - 3) * (name === 'log' ? Math.sign(rand() - 0.1) : 1))];
      for (const x of xs) expect(Object.is(w(x), js(x)), `${name}(${x}): module ${w(x)}, JS ${js(x)}`).toBe(true);
    }
  });

  it('tanh two at a time (the activation\'s SIMD path) gives the bits of src/kernels/math.ts in every branch of expm1, and pairs with a special lane', () => {
    const rand = mulberry32(12);
    const ln2 = Math.LN2;
    // Edges of every branch the paired code selects between, approached from both sides, and their mirror images.
    const edges = [2 ** -55, 2 ** -54, 0.25 * ln2, 0.75 * ln2, 1, 19 * 0.5 * ln2, 20 * 0.5 * ln2, 56 * 0.5 * ln2, 57 * 0.5 * ln2, 22, 0.5, 0.125, 3, 10];
    const around = edges.flatMap((e) => [-3, -2, -1, 0, 1, 2, 3].map((d) => e * (1 + d * 2 ** -52)));
    const randoms = Array.from({ length: 60000 }, () => (rand() - 0.5) * 2 * 2 ** (60 * rand() - 56));
    const uniform = Array.from({ length: 20000 }, () => (rand() - 0.5) * 50);
    const specials = [0, -0, NaN, Infinity, -Infinity, 1e-300, 5e-324, 30, -30];
    const values = [...around, ...around.map((v) => -v), ...randoms, ...uniform, ...specials, ...specials.map((v) => -v)];
    // Pair every value with a normal one and with a special one, in both lane orders.
    const xs = values.flatMap((v, i) => [v, values[(i * 7919) % values.length], 0.3, v, v, NaN]);
    const a = new Matrix(1, xs.length), h = new Matrix(1, xs.length);
    a.data.set(xs);
    activations.tanh.forward(a, h);
    for (let i = 0; i < xs.length; i++) {
      const want = dm.tanh(xs[i]);
      if (!Object.is(h.data[i], want)) expect.fail(`tanh(${xs[i]}) at ${i}: paired ${h.data[i]}, scalar ${want}`);
    }
  });

  it('activations forward, backward and derivative, bias broadcast, column sums and products', () => {
    const rand = mulberry32(5);
    for (const [rows, cols] of [[1, 1], [3, 7], [64, 256], [5, 1], [0, 4]] as const) {
      const [a, aP] = pair(rows, cols, rand, 0.2), [g, gP] = pair(rows, cols, rand);
      // Values beyond the smooth range too: large |a| saturates tanh and sigmoid, NaN and −0 pass through.
      if (rows * cols > 3) (a.data[0] = aP.data[0] = -0), (a.data[1] = aP.data[1] = 40), (a.data[2] = aP.data[2] = NaN);
      for (const act of Object.values(activations).filter((x) => x.elementwise)) {
        const [h, hP] = pair(rows, cols, rand), [o, oP] = pair(rows, cols, rand);
        act.forward(a, h);
        act.forward(aP, hP);
        expect(firstDifference(h.data, hP.data), `${act.name} forward`).toBeNull();
        act.backward(a, h, g, o);
        act.backward(aP, hP, gP, oP);
        expect(firstDifference(o.data, oP.data), `${act.name} backward`).toBeNull();
        act.derivative(a, h, o);
        act.derivative(aP, hP, oP);
        expect(firstDifference(o.data, oP.data), `${act.name} derivative`).toBeNull();
      }
      const [v, vP] = pair(1, cols, rand);
      addRowVector(a, v.data);
      addRowVector(aP, vP.data);
      expect(firstDifference(a.data, aP.data), 'addRowVector').toBeNull();
      for (const accumulate of [false, true]) {
        sumRows(g, v.data, accumulate);
        sumRows(gP, vP.data, accumulate);
        expect(firstDifference(v.data, vP.data), 'sumRows').toBeNull();
      }
      hadamard(a, g, a);
      hadamard(aP, gP, aP);
      expect(firstDifference(a.data, aP.data), 'hadamard').toBeNull();
    }
  });
});
