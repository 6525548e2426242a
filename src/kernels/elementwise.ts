import { Matrix } from './matrix.js';
import { wasm } from './backend.js';

/** C[i, :] += v for every row i (bias broadcast). */
export function addRowVector(C: Matrix, v: Float64Array): Matrix {
  if (v.length !== C.cols) throw new RangeError(`addRowVector: vector has ${v.length} values, matrix ${C.shape()} has ${C.cols} columns`);
  const w = wasm();
  if (w && w.heap.holds(C.data, v)) {
    w.kernels.addRowVector(C.data.byteOffset, v.byteOffset, C.rows, C.cols);
    return C;
  }
  const c = C.data, n = C.cols;
  for (let i = 0; i < C.rows; i++) {
    const o = i * n;
    for (let j = 0; j < n; j++) c[o + j] += v[j];
  }
  return C;
}

/** out[j] = Σ_i A[i, j] (+ out[j] when accumulate): column sums, e.g. a bias gradient over a batch. */
export function sumRows(A: Matrix, out: Float64Array, accumulate = false): Float64Array {
  if (out.length !== A.cols) throw new RangeError(`sumRows: output has ${out.length} values, matrix ${A.shape()} has ${A.cols} columns`);
  const w = wasm();
  if (w && w.heap.holds(A.data, out)) {
    w.kernels.sumRows(A.data.byteOffset, out.byteOffset, A.rows, A.cols, accumulate);
    return out;
  }
  if (!accumulate) out.fill(0);
  const a = A.data, n = A.cols;
  for (let i = 0; i < A.rows; i++) {
    const o = i * n;
    for (let j = 0; j < n; j++) out[j] += a[o + j];
  }
  return out;
}

/** M += scale · x yᵀ, with M of shape x.length × y.length. */
export function outerAccumulate(M: Matrix, x: Float64Array, y: Float64Array, scale = 1): Matrix {
  if (M.rows !== x.length || M.cols !== y.length) {
    throw new RangeError(`outerAccumulate: M is ${M.shape()}, x has ${x.length} and y ${y.length} values`);
  }
  const m = M.data, n = M.cols;
  for (let i = 0; i < x.length; i++) {
    const s = scale * x[i];
    if (s === 0) continue;
    const o = i * n;
    for (let j = 0; j < n; j++) m[o + j] += s * y[j];
  }
  return M;
}

/** out = A ⊙ B elementwise (out may alias A or B). */
export function hadamard(A: Matrix, B: Matrix, out: Matrix): Matrix {
  if (A.rows !== B.rows || A.cols !== B.cols || out.rows !== A.rows || out.cols !== A.cols) {
    throw new RangeError(`hadamard: shapes differ: ${A.shape()}, ${B.shape()} -> ${out.shape()}`);
  }
  const n = A.rows * A.cols, a = A.data, b = B.data, o = out.data;
  const w = wasm();
  if (w && w.heap.holds(a, b, o)) {
    w.kernels.hadamard(a.byteOffset, b.byteOffset, o.byteOffset, n);
    return out;
  }
  for (let i = 0; i < n; i++) o[i] = a[i] * b[i];
  return out;
}
