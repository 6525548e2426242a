import { expect } from 'vitest';
import type { Matrix } from '../../src/kernels/matrix.js';
import type { Dataset } from '../../src/tasks/task.js';

/** True when two arrays hold bit-identical values (NaN-safe, distinguishes -0). */
export function sameBits(a: Float64Array | Int32Array, b: Float64Array | Int32Array): boolean {
  if (a.length !== b.length) return false;
  const ba = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const bb = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return Buffer.compare(ba, bb) === 0;
}

/** Values of a matrix (only its rows*cols, since data may be a view). */
export function values(m: Matrix): Float64Array {
  return m.data.subarray(0, m.rows * m.cols);
}

export function columnMean(m: Matrix, j: number): number {
  let s = 0;
  for (let i = 0; i < m.rows; i++) s += m.get(i, j);
  return s / m.rows;
}

export function columnStd(m: Matrix, j: number): number {
  const mu = columnMean(m, j);
  let s = 0;
  for (let i = 0; i < m.rows; i++) s += (m.get(i, j) - mu) ** 2;
  return Math.sqrt(s / m.rows);
}

export function classCounts(labels: Int32Array, classes: number): number[] {
  const c = new Array<number>(classes).fill(0);
  for (const l of labels) c[l]++;
  return c;
}

/** Every target row is one-hot at the example's label. */
export function expectOneHotMatchesLabels(d: Dataset): void {
  expect(d.labels).toBeDefined();
  const labels = d.labels!;
  expect(labels.length).toBe(d.targets.rows);
  let bad = 0;
  for (let i = 0; i < d.targets.rows; i++) {
    for (let j = 0; j < d.targets.cols; j++) {
      if (d.targets.get(i, j) !== (j === labels[i] ? 1 : 0)) bad++;
    }
  }
  expect(bad).toBe(0);
}

/** Builds an IDX file: big-endian magic, big-endian dims, then the bytes. */
export function idxBuffer(magic: number, dims: number[], data: ArrayLike<number>): Buffer {
  const b = Buffer.alloc(4 + 4 * dims.length + data.length);
  b.writeUInt32BE(magic, 0);
  dims.forEach((d, k) => b.writeUInt32BE(d, 4 + 4 * k));
  b.set(Array.from(data), 4 + 4 * dims.length);
  return b;
}
