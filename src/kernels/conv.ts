import { Matrix } from './matrix.js';
import { matmul, matmulTransA, matmulTransB } from './matmul.js';
import { allocF64, allocI32, wasm } from './backend.js';

/*
 * 2-D convolution (cross-correlation, as in every deep-learning library) on a minibatch, by im2col and the
 * product kernels. A batch is a Matrix with one example per row, each example channel-major: value (c, y, x)
 * of example b is at row b, column (c·H + y)·W + x. For one example, im2col lays out the input patches as a
 * (C·k·k) × (outH·outW) matrix `col` (row (c·k + ky)·k + kx, column oy·outW + ox holds input
 * (c, oy·s + ky − padTop, ox·s + kx − padLeft), or 0 outside the image), so that
 *
 *   forward         Y_b   = W · col_b                 (W: outC × C·k·k; Y_b: outC × outH·outW) + bias per channel
 *   weight gradient dW   += dY_b · col_bᵀ,  db[o] += Σ dY_b[o, :]
 *   input gradient  dx_b  = col2im(Kᵀ · dY_b)         (K = W for backprop, or a rule's feedback kernel)
 *
 * The products run wherever matmul runs (the WebAssembly kernels when the arrays live in the heap). The
 * patches are rebuilt in the backward pass rather than kept for the whole batch (kept, the second conv layer
 * of the Keras MNIST net would hold 35 MB per batch of 128). Nothing is allocated per call once a ConvScratch
 * has seen its batch matrices: the per-example views are made once per matrix and cached.
 */

/** A population's shape: channels × height × width. */
export interface Shape {
  channels: number;
  height: number;
  width: number;
}

/** 'valid' (none), 'same' (TensorFlow's rule), or a number of zero pixels on every side (PyTorch's `padding=p`). */
export type Padding = 'valid' | 'same' | number;

export interface ConvGeometry {
  input: Shape;
  output: Shape;
  kernel: number;
  stride: number;
  padTop: number;
  padLeft: number;
}

/**
 * Output shape and padding of a k×k convolution with `outChannels` filters. 'valid': no padding,
 * outH = ⌊(H − k)/s⌋ + 1. 'same' (TensorFlow's rule): outH = ⌈H/s⌉, the padding needed split with the
 * smaller half on top/left. A number p: p zeros on every side, outH = ⌊(H + 2p − k)/s⌋ + 1 (padding 2 on a
 * 28×28 image is the 32×32 input of LeNet).
 */
export function convGeometry(input: Shape, outChannels: number, kernel: number, stride: number, padding: Padding): ConvGeometry {
  for (const [name, v] of [['channels', input.channels], ['height', input.height], ['width', input.width], ['filters', outChannels], ['kernel', kernel], ['stride', stride]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`conv2d: ${name} must be a positive integer, got ${v}`);
  }
  if (typeof padding === 'number' ? !(Number.isInteger(padding) && padding >= 0) : padding !== 'valid' && padding !== 'same') {
    throw new RangeError(`conv2d: padding must be 'valid', 'same' or a whole number of pixels >= 0, got ${JSON.stringify(padding)}`);
  }
  const side = (n: number): [number, number] => {
    if (typeof padding === 'number') {
      if (kernel > n + 2 * padding) throw new RangeError(`conv2d: a ${kernel}×${kernel} kernel does not fit a ${input.height}×${input.width} input with padding ${padding}`);
      return [Math.floor((n + 2 * padding - kernel) / stride) + 1, padding];
    }
    if (padding === 'same') {
      const out = Math.ceil(n / stride);
      return [out, Math.floor(Math.max((out - 1) * stride + kernel - n, 0) / 2)];
    }
    if (kernel > n) throw new RangeError(`conv2d: a ${kernel}×${kernel} kernel does not fit a ${input.height}×${input.width} input with padding 'valid'`);
    return [Math.floor((n - kernel) / stride) + 1, 0];
  };
  const [outH, padTop] = side(input.height), [outW, padLeft] = side(input.width);
  return { input, output: { channels: outChannels, height: outH, width: outW }, kernel, stride, padTop, padLeft };
}

const size = (s: Shape) => s.channels * s.height * s.width;

/** Per-example views of batch matrices, made once per matrix (keyed by the matrix object). */
class ExampleViews {
  private readonly cache = new WeakMap<Matrix, Matrix[]>();
  constructor(private readonly rows: number, private readonly cols: number) {}

  of(batch: Matrix, b: number): Matrix {
    let views = this.cache.get(batch);
    if (!views) {
      const n = this.rows * this.cols;
      views = Array.from({ length: batch.rows }, (_, i) => new Matrix(this.rows, this.cols, batch.data.subarray(i * n, (i + 1) * n)));
      this.cache.set(batch, views);
    }
    return views[b];
  }
}

/**
 * Scratch for one convolution layer: the patch matrix and its gradient, the cached example views, and the
 * geometry as the WebAssembly kernels read it (C, H, W, outC, oH, oW, k, stride, padTop, padLeft, then the bytes
 * of one patch matrix). Each patch matrix has a twin right after it for the kernel helper thread, which works on
 * its share of the batch there (src/kernels/kernel-team.ts).
 */
export class ConvScratch {
  readonly col: Matrix;
  readonly dcol: Matrix;
  readonly outViews: ExampleViews;
  readonly geometry: Int32Array;
  /** col, its twin, dcol, its twin: one block, kept here so that the views' memory stays theirs. */
  private readonly patches: Float64Array;

  constructor(readonly g: ConvGeometry) {
    const patch = g.input.channels * g.kernel * g.kernel, positions = g.output.height * g.output.width, n = patch * positions;
    this.patches = allocF64(4 * n);
    this.col = new Matrix(patch, positions, this.patches.subarray(0, n));
    this.dcol = new Matrix(patch, positions, this.patches.subarray(2 * n, 3 * n));
    this.outViews = new ExampleViews(g.output.channels, positions);
    this.geometry = allocI32(11);
    this.geometry.set([g.input.channels, g.input.height, g.input.width, g.output.channels, g.output.height, g.output.width, g.kernel, g.stride, g.padTop, g.padLeft, 8 * n]);
  }
}

function checkBatch(what: string, m: Matrix, shape: Shape, rows: number): void {
  if (m.cols !== size(shape) || m.rows !== rows) {
    throw new RangeError(`conv2d: ${what} is ${m.rows}×${m.cols}, expected ${rows}×${size(shape)} (${rows} examples of ${shape.channels}×${shape.height}×${shape.width})`);
  }
}

/** col ← the patches of example `b` of x (see the header). */
export function im2col(x: Float64Array, b: number, g: ConvGeometry, col: Float64Array): void {
  walkPatches(x, b, g, col, true);
}

/** Example `b` of dx += the patch gradients dcol, each added back where im2col took it from. */
export function col2im(dcol: Float64Array, g: ConvGeometry, dx: Float64Array, b: number): void {
  walkPatches(dx, b, g, dcol, false);
}

/**
 * The one walk over every (patch row, output position) pair of example `b`, shared by both directions:
 * gather (col[o] ← image[i], zeros outside the image) or scatter back (image[i] += col[o], nothing outside).
 */
function walkPatches(image: Float64Array, b: number, g: ConvGeometry, col: Float64Array, gather: boolean): void {
  const { channels: C, height: H, width: W } = g.input, { height: oH, width: oW } = g.output, k = g.kernel, s = g.stride;
  const base = b * C * H * W, positions = oH * oW;
  let r = 0;
  for (let c = 0; c < C; c++) {
    for (let ky = 0; ky < k; ky++) {
      for (let kx = 0; kx < k; kx++, r++) {
        const row = r * positions;
        for (let oy = 0; oy < oH; oy++) {
          const y = oy * s + ky - g.padTop, o = row + oy * oW;
          if (y < 0 || y >= H) {
            if (gather) col.fill(0, o, o + oW);
            continue;
          }
          const inRow = base + (c * H + y) * W;
          for (let ox = 0; ox < oW; ox++) {
            const x0 = ox * s + kx - g.padLeft, inside = x0 >= 0 && x0 < W;
            if (gather) col[o + ox] = inside ? image[inRow + x0] : 0;
            else if (inside) image[inRow + x0] += col[o + ox];
          }
        }
      }
    }
  }
}

/** out ← conv(x, W) + bias for every example. W: outC × (C·k·k); bias: outC values (or null). */
export function convForward(x: Matrix, weight: Matrix, bias: Float64Array | null, out: Matrix, scratch: ConvScratch): void {
  const g = scratch.g, batch = x.rows, positions = g.output.height * g.output.width;
  checkBatch('the input', x, g.input, batch);
  checkBatch('the output', out, g.output, batch);
  // The whole batch in one call of the module when its arrays live in the heap (the same bits as below).
  const w = wasm();
  if (w && w.heap.holds(x.data, weight.data, out.data, scratch.col.data, scratch.geometry, bias ?? x.data)) {
    w.kernels.convForward(x.data.byteOffset, weight.data.byteOffset, bias?.byteOffset ?? 0, bias !== null, out.data.byteOffset, scratch.col.data.byteOffset, 0, batch, scratch.geometry.byteOffset);
    return;
  }
  for (let b = 0; b < batch; b++) {
    im2col(x.data, b, g, scratch.col.data);
    const y = scratch.outViews.of(out, b);
    matmul(weight, scratch.col, y);
    if (bias) {
      const d = y.data;
      for (let o = 0; o < g.output.channels; o++) {
        const bo = bias[o];
        for (let j = o * positions, end = j + positions; j < end; j++) d[j] += bo;
      }
    }
  }
}

/** dW += Σ_b dY_b · col_bᵀ and db += Σ_b Σ_positions dY_b (db may be null). */
export function convWeightGradient(x: Matrix, dOut: Matrix, dWeight: Matrix, dBias: Float64Array | null, scratch: ConvScratch): void {
  const g = scratch.g, batch = x.rows, positions = g.output.height * g.output.width;
  checkBatch('the input', x, g.input, batch);
  checkBatch('the output gradient', dOut, g.output, batch);
  const w = wasm();
  if (w && w.heap.holds(x.data, dOut.data, dWeight.data, scratch.col.data, scratch.geometry, dBias ?? x.data)) {
    w.kernels.convWeightGradient(x.data.byteOffset, dOut.data.byteOffset, dWeight.data.byteOffset, dBias?.byteOffset ?? 0, dBias !== null, scratch.col.data.byteOffset, batch, 0, g.output.channels, scratch.geometry.byteOffset);
    return;
  }
  for (let b = 0; b < batch; b++) {
    im2col(x.data, b, g, scratch.col.data);
    const dy = scratch.outViews.of(dOut, b);
    matmulTransB(dy, scratch.col, dWeight, true);
    if (dBias) {
      const d = dy.data;
      for (let o = 0; o < g.output.channels; o++) {
        let sum = 0;
        for (let j = o * positions, end = j + positions; j < end; j++) sum += d[j];
        dBias[o] += sum;
      }
    }
  }
}

/** dx ← the input gradient through kernel K (outC × C·k·k): col2im(Kᵀ · dY_b) for every example. */
export function convInputGradient(dOut: Matrix, kernel: Matrix, dx: Matrix, scratch: ConvScratch): void {
  const g = scratch.g, batch = dOut.rows;
  checkBatch('the output gradient', dOut, g.output, batch);
  checkBatch('the input gradient', dx, g.input, batch);
  const w = wasm();
  if (w && w.heap.holds(dOut.data, kernel.data, dx.data, scratch.dcol.data, scratch.geometry)) {
    w.kernels.convInputGradient(dOut.data.byteOffset, kernel.data.byteOffset, dx.data.byteOffset, scratch.dcol.data.byteOffset, 0, batch, scratch.geometry.byteOffset);
    return;
  }
  dx.data.fill(0, 0, dx.rows * dx.cols);
  for (let b = 0; b < batch; b++) {
    matmulTransA(kernel, scratch.outViews.of(dOut, b), scratch.dcol);
    col2im(scratch.dcol.data, g, dx.data, b);
  }
}
