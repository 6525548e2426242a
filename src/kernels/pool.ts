import type { Matrix } from './matrix.js';
import type { Shape } from './conv.js';
import { wasm } from './backend.js';

/*
 * Max and average pooling over size×size windows moved by `stride` ('valid': windows that fit), per channel,
 * on batches laid out as in conv.ts (one example per row, channel-major). Max pooling records which input
 * each output took (the first largest value in the window, scanned row by row), and its backward pass sends
 * each output's gradient there; average pooling spreads it evenly over the window. These are the gradients
 * of the forward maps, so every rule routes errors through pooling layers exactly as backprop does.
 */

export interface PoolGeometry {
  input: Shape;
  output: Shape;
  size: number;
  stride: number;
}

export function poolGeometry(input: Shape, size: number, stride = size): PoolGeometry {
  for (const [name, v] of [['size', size], ['stride', stride]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`pooling: ${name} must be a positive integer, got ${v}`);
  }
  if (size > input.height || size > input.width) throw new RangeError(`pooling: a ${size}×${size} window does not fit a ${input.height}×${input.width} input`);
  const out = (n: number) => Math.floor((n - size) / stride) + 1;
  return { input, output: { channels: input.channels, height: out(input.height), width: out(input.width) }, size, stride };
}

/** out ← the window maxima; argmax[b·outSize + j] ← the input index (within the example) output j took. */
export function maxPoolForward(x: Matrix, g: PoolGeometry, out: Matrix, argmax: Int32Array): void {
  const { channels: C, height: H, width: W } = g.input, { height: oH, width: oW } = g.output, k = g.size, s = g.stride;
  const inSize = C * H * W, outSize = C * oH * oW, xd = x.data, od = out.data;
  const w = wasm();
  if (w && w.heap.holds(xd, od, argmax)) return w.kernels.maxPoolForward(xd.byteOffset, od.byteOffset, argmax.byteOffset, x.rows, C, H, W, oH, oW, k, s);
  for (let b = 0; b < x.rows; b++) {
    const xb = b * inSize;
    for (let c = 0, j = b * outSize; c < C; c++) {
      for (let oy = 0; oy < oH; oy++) {
        for (let ox = 0; ox < oW; ox++, j++) {
          let best = (c * H + oy * s) * W + ox * s, v = xd[xb + best];
          for (let ky = 0; ky < k; ky++) {
            for (let kx = 0, i = (c * H + oy * s + ky) * W + ox * s; kx < k; kx++, i++) {
              if (xd[xb + i] > v) {
                v = xd[xb + i];
                best = i;
              }
            }
          }
          od[j] = v;
          argmax[j] = best;
        }
      }
    }
  }
}

/** dx ← each output's gradient at the input it took (dx zeroed first). */
export function maxPoolBackward(dOut: Matrix, g: PoolGeometry, argmax: Int32Array, dx: Matrix): void {
  const inSize = g.input.channels * g.input.height * g.input.width, outSize = g.output.channels * g.output.height * g.output.width;
  const dd = dOut.data, xd = dx.data;
  const w = wasm();
  if (w && w.heap.holds(dd, xd, argmax)) return w.kernels.maxPoolBackward(dd.byteOffset, argmax.byteOffset, xd.byteOffset, dOut.rows, inSize, outSize);
  xd.fill(0, 0, dx.rows * dx.cols);
  for (let b = 0; b < dOut.rows; b++) {
    for (let j = b * outSize, end = j + outSize, xb = b * inSize; j < end; j++) xd[xb + argmax[j]] += dd[j];
  }
}

/** out ← the window means (sum in row-by-row order, then divided by size²). */
export function avgPoolForward(x: Matrix, g: PoolGeometry, out: Matrix): void {
  const { channels: C, height: H, width: W } = g.input, { height: oH, width: oW } = g.output, k = g.size, s = g.stride;
  const inSize = C * H * W, outSize = C * oH * oW, area = k * k, xd = x.data, od = out.data;
  const w = wasm();
  if (w && w.heap.holds(xd, od)) return w.kernels.avgPoolForward(xd.byteOffset, od.byteOffset, x.rows, C, H, W, oH, oW, k, s);
  for (let b = 0; b < x.rows; b++) {
    const xb = b * inSize;
    for (let c = 0, j = b * outSize; c < C; c++) {
      for (let oy = 0; oy < oH; oy++) {
        for (let ox = 0; ox < oW; ox++, j++) {
          let sum = 0;
          for (let ky = 0; ky < k; ky++) for (let kx = 0, i = xb + (c * H + oy * s + ky) * W + ox * s; kx < k; kx++, i++) sum += xd[i];
          od[j] = sum / area;
        }
      }
    }
  }
}

/** dx ← each output's gradient / size², added to every input of its window (dx zeroed first). */
export function avgPoolBackward(dOut: Matrix, g: PoolGeometry, dx: Matrix): void {
  const { channels: C, height: H, width: W } = g.input, { height: oH, width: oW } = g.output, k = g.size, s = g.stride;
  const inSize = C * H * W, outSize = C * oH * oW, area = k * k, dd = dOut.data, xd = dx.data;
  const w = wasm();
  if (w && w.heap.holds(dd, xd)) return w.kernels.avgPoolBackward(dd.byteOffset, xd.byteOffset, dOut.rows, C, H, W, oH, oW, k, s);
  xd.fill(0, 0, dx.rows * dx.cols);
  for (let b = 0; b < dOut.rows; b++) {
    const xb = b * inSize;
    for (let c = 0, j = b * outSize; c < C; c++) {
      for (let oy = 0; oy < oH; oy++) {
        for (let ox = 0; ox < oW; ox++, j++) {
          const share = dd[j] / area;
          for (let ky = 0; ky < k; ky++) for (let kx = 0, i = xb + (c * H + oy * s + ky) * W + ox * s; kx < k; kx++, i++) xd[i] += share;
        }
      }
    }
  }
}
