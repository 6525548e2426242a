import { describe, expect, it } from 'vitest';
import { add, dotMultiply, matrix, multiply } from 'mathjs';
import { Matrix } from '../../src/kernels/matrix.js';
import { addRowVector, hadamard, outerAccumulate, sumRows } from '../../src/kernels/elementwise.js';
import { absArray, asView, expectClose, mulberry32, randomMatrix } from './helpers.js';

type MathMatrix = ReturnType<typeof matrix>;
const arr = (m: unknown): number[][] => (m as MathMatrix).toArray() as number[][];

function randomVector(n: number, rand: () => number, zeroFraction = 0): Float64Array {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = rand() < zeroFraction ? 0 : rand() * 2 - 1;
  return v;
}
const row = (v: Float64Array): number[][] => [Array.from(v)];
const col = (v: Float64Array): number[][] => Array.from(v, (x) => [x]);

/** [rows, cols]: vectors, non-square, empty. */
const shapes: Array<[number, number]> = [
  [1, 1], [1, 7], [7, 1], [3, 5], [5, 3], [16, 16], [13, 29], [64, 10], [0, 4], [4, 0], [0, 0],
];
const rand0 = mulberry32(2024);
for (let t = 0; t < 10; t++) shapes.push([1 + Math.floor(rand0() * 40), 1 + Math.floor(rand0() * 40)]);

describe('addRowVector agrees with mathjs', () => {
  it.each(shapes)('%i x %i', (r, c) => {
    const rand = mulberry32(r * 1000 + c);
    const A = randomMatrix(r, c, rand), v = randomVector(c, rand);
    const C = A.clone();
    expect(addRowVector(C, v)).toBe(C);
    // mathjs broadcasts the 1×c row over the r rows.
    const want = r === 0 || c === 0 ? A.toArray() : arr(add(matrix(A.toArray()), matrix(row(v))));
    expectClose(C, want);
  });

  it('works on a rowView and leaves the rest of the buffer alone', () => {
    const rand = mulberry32(1);
    const A0 = randomMatrix(5, 6, rand), v = randomVector(6, rand);
    const { view, parent } = asView(A0, rand);
    const before = parent.clone();
    addRowVector(view, v);
    expectClose(view, arr(add(matrix(A0.toArray()), matrix(row(v)))));
    for (const i of [0, 1, 7, 8, 9]) expect(parent.toArray()[i]).toEqual(before.toArray()[i]);
  });

  it('throws a RangeError naming the function and the shapes', () => {
    expect(() => addRowVector(new Matrix(3, 4), new Float64Array(5))).toThrow(RangeError);
    expect(() => addRowVector(new Matrix(3, 4), new Float64Array(5))).toThrow(/^addRowVector:.*5.*3x4/);
  });
});

describe('sumRows agrees with mathjs', () => {
  it.each(shapes)('%i x %i', (r, c) => {
    const rand = mulberry32(r * 1000 + c + 1);
    const A = randomMatrix(r, c, rand, 0.3);
    // Column sums = 1ᵀ·A.
    const ones = Array.from({ length: r }, () => 1);
    const sums = r === 0 || c === 0 ? new Array<number>(c).fill(0) : arr(multiply(matrix([ones]), matrix(A.toArray())))[0];
    const scale = r === 0 || c === 0 ? new Array<number>(c).fill(0) : arr(multiply(matrix([ones]), matrix(absArray(A.toArray()))))[0];

    const out = randomVector(c, rand); // garbage, must be overwritten
    expect(sumRows(A, out)).toBe(out);
    expectClose(new Matrix(1, c, out), [sums], [scale]);

    const start = randomVector(c, rand);
    const acc = start.slice();
    sumRows(A, acc, true);
    expectClose(new Matrix(1, c, acc), arr(add(matrix([sums]), matrix(row(start)))), [scale.map((s, j) => s + Math.abs(start[j]))]);
  });

  it('works on a rowView', () => {
    const rand = mulberry32(2);
    const A0 = randomMatrix(6, 5, rand);
    const { view } = asView(A0, rand);
    const out = new Float64Array(5);
    sumRows(view, out);
    expectClose(new Matrix(1, 5, out), arr(multiply(matrix([[1, 1, 1, 1, 1, 1]]), matrix(A0.toArray()))));
  });

  it('throws a RangeError naming the function and the shapes', () => {
    expect(() => sumRows(new Matrix(3, 4), new Float64Array(3))).toThrow(RangeError);
    expect(() => sumRows(new Matrix(3, 4), new Float64Array(3))).toThrow(/^sumRows:.*3.*3x4/);
  });
});

describe('outerAccumulate agrees with mathjs', () => {
  it.each(shapes)('%i x %i', (r, c) => {
    const rand = mulberry32(r * 1000 + c + 2);
    for (const scale of [1, -0.37, 0]) {
      const M0 = randomMatrix(r, c, rand);
      const x = randomVector(r, rand, 0.4), y = randomVector(c, rand, 0.2);
      const M = M0.clone();
      expect(outerAccumulate(M, x, y, scale)).toBe(M);
      if (r === 0 || c === 0) {
        expect(M.toArray()).toEqual(M0.toArray());
        continue;
      }
      // M0 + scale · x yᵀ
      const want = arr(add(matrix(M0.toArray()), multiply(scale, multiply(matrix(col(x)), matrix(row(y))))));
      const bound = arr(add(matrix(absArray(M0.toArray())), multiply(Math.abs(scale), multiply(matrix(absArray(col(x))), matrix(absArray(row(y)))))));
      expectClose(M, want, bound);
    }
  });

  it('uses scale = 1 by default and works on a rowView', () => {
    const rand = mulberry32(3);
    const M0 = randomMatrix(4, 3, rand), x = randomVector(4, rand), y = randomVector(3, rand);
    const { view } = asView(M0, rand);
    outerAccumulate(view, x, y);
    expectClose(view, arr(add(matrix(M0.toArray()), multiply(matrix(col(x)), matrix(row(y))))));
  });

  it('throws a RangeError naming the function and the shapes', () => {
    expect(() => outerAccumulate(new Matrix(3, 4), new Float64Array(4), new Float64Array(4))).toThrow(RangeError);
    expect(() => outerAccumulate(new Matrix(3, 4), new Float64Array(4), new Float64Array(4))).toThrow(/^outerAccumulate:.*3x4.*4.*4/);
  });
});

describe('hadamard agrees with mathjs', () => {
  it.each(shapes)('%i x %i', (r, c) => {
    const rand = mulberry32(r * 1000 + c + 3);
    const A = randomMatrix(r, c, rand, 0.3), B = randomMatrix(r, c, rand, 0.3);
    const want = r === 0 || c === 0 ? A.toArray() : arr(dotMultiply(matrix(A.toArray()), matrix(B.toArray())));
    const out = randomMatrix(r, c, rand);
    expect(hadamard(A, B, out)).toBe(out);
    expectClose(out, want);
    // out may alias either input.
    const A2 = A.clone();
    hadamard(A2, B, A2);
    expectClose(A2, want);
    const B2 = B.clone();
    hadamard(A, B2, B2);
    expectClose(B2, want);
  });

  it('works on rowViews', () => {
    const rand = mulberry32(4);
    const A0 = randomMatrix(3, 7, rand), B0 = randomMatrix(3, 7, rand);
    const A = asView(A0, rand).view, B = asView(B0, rand).view;
    const { view: out, parent } = asView(new Matrix(3, 7), rand);
    const before = parent.clone();
    hadamard(A, B, out);
    expectClose(out, arr(dotMultiply(matrix(A0.toArray()), matrix(B0.toArray()))));
    for (const i of [0, 1, 5, 6, 7]) expect(parent.toArray()[i]).toEqual(before.toArray()[i]);
  });

  it('throws a RangeError naming the function and the shapes', () => {
    expect(() => hadamard(new Matrix(2, 3), new Matrix(3, 2), new Matrix(2, 3))).toThrow(RangeError);
    expect(() => hadamard(new Matrix(2, 3), new Matrix(3, 2), new Matrix(2, 3))).toThrow(/^hadamard:.*2x3.*3x2.*2x3/);
    expect(() => hadamard(new Matrix(2, 3), new Matrix(2, 3), new Matrix(3, 3))).toThrow(/^hadamard:.*3x3/);
  });
});
