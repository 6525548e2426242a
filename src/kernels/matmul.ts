import { Matrix, assertShape } from './matrix.js';

/*
 * Dense matrix products written into preallocated outputs. `accumulate` adds into C instead of
 * overwriting it (C += ...). Exact zeros in the left operand are skipped, which is free for dense data
 * and makes sparse inputs (MNIST pixels, ReLU activity) much cheaper; the result is identical.
 */

/** C = A·B (+ C when accumulate). A: m×k, B: k×n, C: m×n. */
export function matmul(A: Matrix, B: Matrix, C: Matrix, accumulate = false): Matrix {
  if (A.cols !== B.rows) throw new RangeError(`matmul: inner dimensions differ, A is ${A.shape()} and B is ${B.shape()}`);
  assertShape('matmul', 'C', C, A.rows, B.cols);
  const m = A.rows, k = A.cols, n = B.cols;
  const a = A.data, b = B.data, c = C.data;
  if (!accumulate) c.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let p = 0; p < k; p++) {
      const av = a[i * k + p];
      if (av === 0) continue;
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
    }
  }
  return C;
}

/** C = A·Bᵀ (+ C). A: m×k, B: n×k, C: m×n. */
export function matmulTransB(A: Matrix, B: Matrix, C: Matrix, accumulate = false): Matrix {
  if (A.cols !== B.cols) throw new RangeError(`matmulTransB: A is ${A.shape()} and B is ${B.shape()}; A·Bᵀ needs equal column counts`);
  assertShape('matmulTransB', 'C', C, A.rows, B.rows);
  const m = A.rows, k = A.cols, n = B.rows;
  const a = A.data, b = B.data, c = C.data;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[j * k + p];
      c[i * n + j] = accumulate ? c[i * n + j] + s : s;
    }
  }
  return C;
}

/** C = Aᵀ·B (+ C). A: k×m, B: k×n, C: m×n. */
export function matmulTransA(A: Matrix, B: Matrix, C: Matrix, accumulate = false): Matrix {
  if (A.rows !== B.rows) throw new RangeError(`matmulTransA: A is ${A.shape()} and B is ${B.shape()}; Aᵀ·B needs equal row counts`);
  assertShape('matmulTransA', 'C', C, A.cols, B.cols);
  const k = A.rows, m = A.cols, n = B.cols;
  const a = A.data, b = B.data, c = C.data;
  if (!accumulate) c.fill(0, 0, m * n);
  for (let p = 0; p < k; p++) {
    for (let i = 0; i < m; i++) {
      const av = a[p * m + i];
      if (av === 0) continue;
      for (let j = 0; j < n; j++) c[i * n + j] += av * b[p * n + j];
    }
  }
  return C;
}
