import { describe, expect, it } from 'vitest';
import { add, matrix, multiply, transpose } from 'mathjs';
import { Matrix } from '../../src/kernels/matrix.js';
import { matmul, matmulTransA, matmulTransB } from '../../src/kernels/matmul.js';
import { absArray, asView, expectClose, mulberry32, randomMatrix, structuredSparse, zerosArray } from './helpers.js';

type Kind = 'matmul' | 'matmulTransB' | 'matmulTransA';
const kernels: Record<Kind, (A: Matrix, B: Matrix, C: Matrix, accumulate?: boolean) => Matrix> = {
  matmul,
  matmulTransB,
  matmulTransA,
};
const kinds: Kind[] = ['matmul', 'matmulTransB', 'matmulTransA'];

/** Operand shapes for C = op(A)·op(B) with C m×n and inner dimension k. */
function operandShapes(kind: Kind, m: number, k: number, n: number): { a: [number, number]; b: [number, number] } {
  switch (kind) {
    case 'matmul': return { a: [m, k], b: [k, n] };
    case 'matmulTransB': return { a: [m, k], b: [n, k] };
    case 'matmulTransA': return { a: [k, m], b: [k, n] };
  }
}

/**
 * The expected product from mathjs, plus |op(A)|·|op(B)| (+|C0|) as the scale for the relative
 * tolerance. mathjs cannot multiply with an empty inner dimension, and any empty product is all zeros.
 */
function oracle(kind: Kind, A: Matrix, B: Matrix, C0?: Matrix): { want: number[][]; scale: number[][] } {
  const m = kind === 'matmulTransA' ? A.cols : A.rows;
  const n = kind === 'matmulTransB' ? B.rows : B.cols;
  const k = kind === 'matmulTransA' ? A.rows : A.cols;
  let want: number[][], scale: number[][];
  if (m === 0 || n === 0 || k === 0) {
    want = zerosArray(m, n);
    scale = zerosArray(m, n);
  } else {
    const L = kind === 'matmulTransA' ? (transpose(matrix(A.toArray())).toArray() as number[][]) : A.toArray();
    const R = kind === 'matmulTransB' ? (transpose(matrix(B.toArray())).toArray() as number[][]) : B.toArray();
    want = (multiply(matrix(L), matrix(R)) as ReturnType<typeof matrix>).toArray() as number[][];
    scale = (multiply(matrix(absArray(L)), matrix(absArray(R))) as ReturnType<typeof matrix>).toArray() as number[][];
  }
  if (C0 && m > 0 && n > 0) {
    want = (add(matrix(want), matrix(C0.toArray())) as ReturnType<typeof matrix>).toArray() as number[][];
    scale = (add(matrix(scale), matrix(absArray(C0.toArray()))) as ReturnType<typeof matrix>).toArray() as number[][];
  }
  return { want, scale };
}

/** Runs one kernel both overwriting (C starts as garbage) and accumulating, and checks against mathjs. */
function check(kind: Kind, A: Matrix, B: Matrix, m: number, n: number, rand: () => number): void {
  const garbage = randomMatrix(m, n, rand, 0, 1e3);
  const C = garbage.clone();
  const returned = kernels[kind](A, B, C);
  expect(returned).toBe(C);
  const { want, scale } = oracle(kind, A, B);
  expectClose(C, want, scale);

  const C0 = randomMatrix(m, n, rand);
  const Cacc = C0.clone();
  kernels[kind](A, B, Cacc, true);
  const acc = oracle(kind, A, B, C0);
  expectClose(Cacc, acc.want, acc.scale);
}

const rand0 = mulberry32(12345);
const randomShapes: Array<[number, number, number]> = [];
for (let t = 0; t < 30; t++) {
  const dim = (): number => {
    const u = rand0();
    if (u < 0.08) return 1;
    if (u < 0.85) return 2 + Math.floor(rand0() * 30);
    return 30 + Math.floor(rand0() * 60);
  };
  randomShapes.push([dim(), dim(), dim()]);
}

/** [m, k, n]: degenerate, vector-like, remainders of the 4×8 tiles, and several cache chunks (k > 256, n > 256). */
const fixedShapes: Array<[number, number, number]> = [
  [1, 1, 1], [1, 5, 1], [1, 1, 7], [7, 1, 1], [1, 9, 13], [13, 9, 1], [1, 784, 10], [10, 784, 1],
  [2, 3, 4], [3, 3, 3], [4, 8, 8], [4, 4, 4], [8, 16, 16], [5, 9, 17], [7, 11, 9], [12, 5, 23], [33, 64, 31],
  [9, 300, 11], [5, 513, 9], [6, 20, 300], [4, 260, 257], [3, 257, 520], [128, 24, 10], [32, 784, 12],
  [0, 5, 3], [3, 0, 4], [3, 5, 0], [0, 0, 0], [1, 0, 1], [0, 3, 0], [6, 0, 9],
];

const zeroLevels = [0, 0.5, 0.8, 0.97, 1];

for (const kind of kinds) {
  describe(`${kind} agrees with mathjs`, () => {
    it.each([...fixedShapes, ...randomShapes])(`m=%i k=%i n=%i, dense and sparse left operand`, (m, k, n) => {
      const rand = mulberry32(m * 1_000_003 + k * 1009 + n);
      const { a, b } = operandShapes(kind, m, k, n);
      for (const z of zeroLevels) {
        const A = randomMatrix(a[0], a[1], rand, z);
        const B = randomMatrix(b[0], b[1], rand, z === 0.5 ? 0.3 : 0);
        check(kind, A, B, m, n, rand);
      }
    });

    it('left operand with dead rows and columns (MNIST borders, silent units) and mixed-density row blocks', () => {
      const rand = mulberry32(777);
      for (const [m, k, n] of [[37, 100, 19], [64, 300, 40], [17, 45, 270], [9, 13, 3]] as Array<[number, number, number]>) {
        const { a, b } = operandShapes(kind, m, k, n);
        check(kind, structuredSparse(a[0], a[1], rand, 0.2, 0.3, 0.6), randomMatrix(b[0], b[1], rand), m, n, rand);
        // Otherwise dense, with zeros shared by whole rows or columns: 4-row blocks skip those positions.
        check(kind, structuredSparse(a[0], a[1], rand, 0.3, 0, 0), randomMatrix(b[0], b[1], rand), m, n, rand);
        check(kind, structuredSparse(a[0], a[1], rand, 0, 0.3, 0), randomMatrix(b[0], b[1], rand), m, n, rand);
        // Each group of 4 rows of the left operand gets its own density, so within one call some blocks
        // take the 4-row tile path (density 0 or 1) and others the one-row path.
        const M = randomMatrix(a[0], a[1], rand);
        const rowsOfLeft = kind === 'matmulTransA' ? a[1] : a[0];
        for (let g = 0; g < rowsOfLeft; g += 4) {
          const z = zeroLevels[Math.floor(rand() * zeroLevels.length)];
          for (let r = g; r < Math.min(g + 4, rowsOfLeft); r++) {
            for (let p = 0; p < k; p++) {
              if (rand() < z) {
                if (kind === 'matmulTransA') M.set(p, r, 0);
                else M.set(r, p, 0);
              }
            }
          }
        }
        check(kind, M, randomMatrix(b[0], b[1], rand), m, n, rand);
      }
    });

    it('works on rowView matrices (data is a subarray of a larger buffer) and writes only inside C', () => {
      const rand = mulberry32(4242);
      for (const [m, k, n] of [[5, 7, 9], [12, 33, 17], [4, 300, 8], [1, 10, 1]] as Array<[number, number, number]>) {
        const { a, b } = operandShapes(kind, m, k, n);
        const A0 = randomMatrix(a[0], a[1], rand, 0.4), B0 = randomMatrix(b[0], b[1], rand);
        const A = asView(A0, rand).view, B = asView(B0, rand).view;
        for (const accumulate of [false, true]) {
          const C0 = randomMatrix(m, n, rand);
          const { view: C, parent } = asView(C0, rand, 3, 2);
          const before = parent.clone();
          kernels[kind](A, B, C, accumulate);
          const { want, scale } = oracle(kind, A0, B0, accumulate ? C0 : undefined);
          expectClose(C, want, scale);
          for (let i = 0; i < parent.rows; i++) {
            if (i >= 3 && i < 3 + m) continue;
            for (let j = 0; j < n; j++) expect(parent.get(i, j)).toBe(before.get(i, j));
          }
        }
      }
    });

    it('ignores data beyond rows*cols when a matrix is built over a longer array', () => {
      const rand = mulberry32(99);
      const [m, k, n] = [6, 10, 11];
      const { a, b } = operandShapes(kind, m, k, n);
      const A0 = randomMatrix(a[0], a[1], rand), B0 = randomMatrix(b[0], b[1], rand);
      const pad = 5;
      const withTail = (src: Matrix, tail: number): Matrix => {
        const d = new Float64Array(src.rows * src.cols + pad).fill(tail);
        d.set(src.data);
        return new Matrix(src.rows, src.cols, d);
      };
      const C = withTail(new Matrix(m, n), -7);
      kernels[kind](withTail(A0, Number.NaN), withTail(B0, Number.NaN), C);
      const { want, scale } = oracle(kind, A0, B0);
      expectClose(C, want, scale);
      expect(Array.from(C.data.subarray(m * n))).toEqual(new Array(pad).fill(-7));
    });

    it('skips exact zeros of the left operand (0 · Inf adds nothing) but propagates NaN and Inf from it', () => {
      const [m, k, n] = [6, 9, 10];
      const { a, b } = operandShapes(kind, m, k, n);
      const rand = mulberry32(31);
      // Left-operand element (i, p) of op(A), wherever it is stored.
      const setLeft = (A: Matrix, i: number, p: number, v: number): void => {
        if (kind === 'matmulTransA') A.set(p, i, v);
        else A.set(i, p, v);
      };
      const setRight = (B: Matrix, p: number, j: number, v: number): void => {
        if (kind === 'matmulTransB') B.set(j, p, v);
        else B.set(p, j, v);
      };
      for (const dense of [true, false]) {
        const A = randomMatrix(a[0], a[1], rand, dense ? 0 : 0.5);
        const B = randomMatrix(b[0], b[1], rand);
        for (let i = 0; i < m; i++) setLeft(A, i, 3, 0); // column p = 3 of op(A) is all zero ...
        setRight(B, 3, 2, Number.POSITIVE_INFINITY); // ... so this Inf must not reach C
        setLeft(A, 1, 5, Number.NaN); // a NaN in op(A) reaches row 1 of C
        const C = new Matrix(m, n);
        kernels[kind](A, B, C);
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            if (i === 1) expect(C.get(i, j)).toBeNaN();
            else expect(Number.isFinite(C.get(i, j))).toBe(true);
          }
        }
      }
    });

    it('scratch reuse across calls of different shapes does not leak between them', () => {
      const rand = mulberry32(5);
      const shapes: Array<[number, number, number]> = [[8, 300, 40], [3, 2, 1], [9, 30, 270], [4, 4, 4]];
      for (const [m, k, n] of [...shapes, ...shapes.slice().reverse()]) {
        const { a, b } = operandShapes(kind, m, k, n);
        check(kind, randomMatrix(a[0], a[1], rand, 0.5), randomMatrix(b[0], b[1], rand), m, n, rand);
      }
    });
  });
}

describe('shape mismatches throw a RangeError naming the function and the shapes', () => {
  const M = (r: number, c: number): Matrix => new Matrix(r, c);
  it('matmul', () => {
    expect(() => matmul(M(2, 3), M(4, 5), M(2, 5))).toThrow(RangeError);
    expect(() => matmul(M(2, 3), M(4, 5), M(2, 5))).toThrow(/^matmul:.*2x3.*4x5/);
    expect(() => matmul(M(2, 3), M(3, 5), M(5, 2))).toThrow(RangeError);
    expect(() => matmul(M(2, 3), M(3, 5), M(5, 2))).toThrow(/^matmul:.*2x5.*5x2/);
    expect(() => matmul(M(2, 3), M(3, 5), M(2, 4), true)).toThrow(/^matmul:.*2x5.*2x4/);
  });
  it('matmulTransB', () => {
    expect(() => matmulTransB(M(2, 3), M(4, 5), M(2, 4))).toThrow(RangeError);
    expect(() => matmulTransB(M(2, 3), M(4, 5), M(2, 4))).toThrow(/^matmulTransB:.*2x3.*4x5/);
    expect(() => matmulTransB(M(2, 3), M(4, 3), M(4, 2))).toThrow(RangeError);
    expect(() => matmulTransB(M(2, 3), M(4, 3), M(4, 2))).toThrow(/^matmulTransB:.*2x4.*4x2/);
  });
  it('matmulTransA', () => {
    expect(() => matmulTransA(M(3, 2), M(4, 5), M(2, 5))).toThrow(RangeError);
    expect(() => matmulTransA(M(3, 2), M(4, 5), M(2, 5))).toThrow(/^matmulTransA:.*3x2.*4x5/);
    expect(() => matmulTransA(M(3, 2), M(3, 5), M(3, 5))).toThrow(RangeError);
    expect(() => matmulTransA(M(3, 2), M(3, 5), M(3, 5))).toThrow(/^matmulTransA:.*2x5.*3x5/);
  });
  it('a failed call leaves C untouched', () => {
    const C = new Matrix(2, 5).fill(3);
    expect(() => matmul(M(2, 3), M(4, 5), C)).toThrow(RangeError);
    expect(Array.from(C.data)).toEqual(new Array(10).fill(3));
  });
});
