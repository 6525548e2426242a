import { expect } from 'vitest';
import { Matrix } from '../../src/kernels/matrix.js';
import { mulberry32 } from '../support/mulberry32.js';

export { mulberry32 };


/**
 * A rows×cols matrix with values in [-1, 1) (times `scale`), each entry an exact zero with
 * probability `zeroFraction`.
 */
export function randomMatrix(rows: number, cols: number, rand: () => number, zeroFraction = 0, scale = 1): Matrix {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < rows * cols; i++) m.data[i] = rand() < zeroFraction ? 0 : (rand() * 2 - 1) * scale;
  return m;
}

/** Like randomMatrix, but whole columns (prob. colZero) and rows (prob. rowZero) are zero, as for MNIST borders and dead units. */
export function structuredSparse(rows: number, cols: number, rand: () => number, rowZero: number, colZero: number, zeroFraction: number): Matrix {
  const m = randomMatrix(rows, cols, rand, zeroFraction);
  const deadRow = Array.from({ length: rows }, () => rand() < rowZero);
  const deadCol = Array.from({ length: cols }, () => rand() < colZero);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) if (deadRow[i] || deadCol[j]) m.data[i * cols + j] = 0;
  }
  return m;
}

/** The same values in a matrix whose `data` is a subarray in the middle of a larger buffer. */
export function asView(src: Matrix, rand: () => number, padRowsBefore = 2, padRowsAfter = 3): { view: Matrix; parent: Matrix } {
  const parent = new Matrix(src.rows + padRowsBefore + padRowsAfter, src.cols);
  for (let i = 0; i < parent.rows * parent.cols; i++) parent.data[i] = rand() * 2 - 1;
  const view = parent.rowView(padRowsBefore, src.rows);
  view.data.set(src.data.subarray(0, src.rows * src.cols));
  return { view, parent };
}

/**
 * Element-wise |got - want| ≤ rel · (scale + |want|) + 1e-300, where `scale` is the matching element of
 * Σ|terms| (e.g. |A|·|B|): a relative bound that stays meaningful under cancellation.
 */
export function expectClose(got: Matrix, want: readonly (readonly number[])[], scale?: readonly (readonly number[])[], rel = 1e-12): void {
  expect(want.length).toBe(got.rows);
  let failures = 0, first = '';
  for (let i = 0; i < got.rows; i++) {
    expect(want[i].length).toBe(got.cols);
    for (let j = 0; j < got.cols; j++) {
      const g = got.get(i, j), w = want[i][j];
      const bound = rel * ((scale ? scale[i][j] : 0) + Math.abs(w)) + 1e-300;
      if (!(Math.abs(g - w) <= bound)) {
        if (failures++ === 0) first = `(${i}, ${j}): got ${g}, want ${w}, allowed error ${bound}`;
      }
    }
  }
  expect(failures === 0 ? '' : `${failures} elements off, first at ${first}`).toBe('');
}

export function absArray(a: readonly (readonly number[])[]): number[][] {
  return a.map((row) => row.map((v) => Math.abs(v)));
}

export function zerosArray(rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}
