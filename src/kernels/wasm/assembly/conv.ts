/*
 * Convolution and pooling over a whole minibatch in one call, the twins of src/kernels/conv.ts and pool.ts.
 * A call per example from JavaScript cost more than the products themselves on small layers (LeNet's 6- and
 * 16-channel maps): the patch copies, the bias loops and the pooling scans ran as JavaScript and took about
 * half of a training step. Here the patch matrix of each example is made and multiplied inside the module,
 * with the same product kernels (matmul.ts) the JavaScript path calls, and every value is computed by the
 * same operations in the same order as in the JavaScript twin (named on each function): the same bits.
 *
 * Layouts are conv.ts's: one example per row, channel-major maps; the patch matrix is (C·k·k) × (oH·oW),
 * row (c, ky, kx), column (oy, ox). Pointers are byte offsets into the heap, sizes in elements. A layer's
 * geometry is ten i32 in the heap (C, H, W, outC, oH, oW, k, stride, padTop, padLeft; ConvScratch.geometry),
 * which keeps every call within the 13 arguments the kernel helper thread can be handed.
 *
 * Each call can do a part of the batch — examples b0 .. b1 for the forward pass and the input gradient, filters
 * o0 .. o1 for the weight gradient, whose sums run over every example in order — the shape a split between two
 * threads needs (each with its own patch matrix; src/kernels/kernel-team.ts).
 */
import { matmul, matmulTransA, matmulTransB } from './matmul';

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

/** The ox range whose input column x = ox·s + kx − padLeft lies inside 0 .. W−1: [lo, hi). */
@inline function insideFrom(kx: i32, s: i32, padLeft: i32): i32 {
  const need = padLeft - kx; // ox·s >= need
  return need <= 0 ? 0 : (need + s - 1) / s;
}
@inline function insideTo(kx: i32, s: i32, padLeft: i32, W: i32, oW: i32): i32 {
  const last = W - 1 + padLeft - kx; // ox·s <= last
  return last < 0 ? 0 : min(oW, last / s + 1);
}

/** col ← the patches of the example at x, zeros outside the image (walkPatches, gathering). */
function im2col(x: usize, C: i32, H: i32, W: i32, oH: i32, oW: i32, k: i32, s: i32, padTop: i32, padLeft: i32, col: usize): void {
  const positions = oH * oW;
  let r = 0;
  for (let c = 0; c < C; c++) {
    for (let ky = 0; ky < k; ky++) {
      for (let kx = 0; kx < k; kx++, r++) {
        const row = r * positions, lo = min(oW, insideFrom(kx, s, padLeft)), hi = max(lo, insideTo(kx, s, padLeft, W, oW));
        for (let oy = 0; oy < oH; oy++) {
          const y = oy * s + ky - padTop, o = row + oy * oW;
          if (y < 0 || y >= H) {
            memory.fill(at(col, o), 0, <usize>oW << 3);
            continue;
          }
          const inRow = (c * H + y) * W + kx - padLeft;
          if (lo > 0) memory.fill(at(col, o), 0, <usize>lo << 3);
          if (s == 1) memory.copy(at(col, o + lo), at(x, inRow + lo), <usize>(hi - lo) << 3);
          else for (let ox = lo; ox < hi; ox++) store<f64>(at(col, o + ox), load<f64>(at(x, inRow + ox * s)));
          if (hi < oW) memory.fill(at(col, o + hi), 0, <usize>(oW - hi) << 3);
        }
      }
    }
  }
}

/** The example at dx += the patch gradients, each added back where im2col took it from (walkPatches, scattering). */
function col2im(dcol: usize, C: i32, H: i32, W: i32, oH: i32, oW: i32, k: i32, s: i32, padTop: i32, padLeft: i32, dx: usize): void {
  const positions = oH * oW;
  let r = 0;
  for (let c = 0; c < C; c++) {
    for (let ky = 0; ky < k; ky++) {
      for (let kx = 0; kx < k; kx++, r++) {
        const row = r * positions, lo = insideFrom(kx, s, padLeft), hi = insideTo(kx, s, padLeft, W, oW);
        for (let oy = 0; oy < oH; oy++) {
          const y = oy * s + ky - padTop;
          if (y < 0 || y >= H) continue;
          const o = row + oy * oW, inRow = (c * H + y) * W + kx - padLeft;
          if (s == 1) {
            let ox = lo;
            for (; ox + 2 <= hi; ox += 2) v128.store(at(dx, inRow + ox), f64x2.add(v128.load(at(dx, inRow + ox)), v128.load(at(dcol, o + ox))));
            for (; ox < hi; ox++) store<f64>(at(dx, inRow + ox), load<f64>(at(dx, inRow + ox)) + load<f64>(at(dcol, o + ox)));
          } else {
            for (let ox = lo; ox < hi; ox++) store<f64>(at(dx, inRow + ox * s), load<f64>(at(dx, inRow + ox * s)) + load<f64>(at(dcol, o + ox)));
          }
        }
      }
    }
  }
}

@inline function geo(g: usize, i: i32): i32 {
  return load<i32>(g + (<usize>i << 2));
}

/** out ← conv(x, W) + bias for examples b0 .. b1 of the batch (convForward). */
export function convForward(x: usize, w: usize, bias: usize, hasBias: bool, out: usize, col: usize, b0: i32, b1: i32, g: usize): void {
  const C = geo(g, 0), H = geo(g, 1), W = geo(g, 2), outC = geo(g, 3), oH = geo(g, 4), oW = geo(g, 5), k = geo(g, 6), s = geo(g, 7), padTop = geo(g, 8), padLeft = geo(g, 9);
  const positions = oH * oW, patch = C * k * k, inSize = C * H * W, outSize = outC * positions;
  for (let b = b0; b < b1; b++) {
    im2col(at(x, b * inSize), C, H, W, oH, oW, k, s, padTop, padLeft, col);
    const y = at(out, b * outSize);
    matmul(w, col, y, outC, patch, positions, false);
    if (!hasBias) continue;
    for (let o = 0; o < outC; o++) {
      const bo = f64x2.splat(load<f64>(at(bias, o))), end = (o + 1) * positions;
      let j = o * positions;
      for (; j + 2 <= end; j += 2) v128.store(at(y, j), f64x2.add(v128.load(at(y, j)), bo));
      for (; j < end; j++) store<f64>(at(y, j), load<f64>(at(y, j)) + f64x2.extract_lane(bo, 0));
    }
  }
}

/** Filters o0 .. o1 of dW += Σ_b dY_b · col_bᵀ and of db += Σ_b Σ_positions dY_b, examples in order (convWeightGradient). */
export function convWeightGradient(x: usize, dOut: usize, dW: usize, dBias: usize, hasBias: bool, col: usize, batch: i32, o0: i32, o1: i32, g: usize): void {
  const C = geo(g, 0), H = geo(g, 1), W = geo(g, 2), outC = geo(g, 3), oH = geo(g, 4), oW = geo(g, 5), k = geo(g, 6), s = geo(g, 7), padTop = geo(g, 8), padLeft = geo(g, 9);
  const positions = oH * oW, patch = C * k * k, inSize = C * H * W, outSize = outC * positions;
  for (let b = 0; b < batch; b++) {
    im2col(at(x, b * inSize), C, H, W, oH, oW, k, s, padTop, padLeft, col);
    const dy = at(dOut, b * outSize);
    matmulTransB(at(dy, o0 * positions), col, at(dW, o0 * patch), o1 - o0, positions, patch, true);
    if (!hasBias) continue;
    for (let o = o0; o < o1; o++) {
      let sum = 0.0;
      for (let j = o * positions, end = j + positions; j < end; j++) sum += load<f64>(at(dy, j));
      store<f64>(at(dBias, o), load<f64>(at(dBias, o)) + sum);
    }
  }
}

/** dx ← col2im(Kᵀ · dY_b) for examples b0 .. b1 (convInputGradient; their rows of dx zeroed first). */
export function convInputGradient(dOut: usize, kernel: usize, dx: usize, dcol: usize, b0: i32, b1: i32, g: usize): void {
  const C = geo(g, 0), H = geo(g, 1), W = geo(g, 2), outC = geo(g, 3), oH = geo(g, 4), oW = geo(g, 5), k = geo(g, 6), s = geo(g, 7), padTop = geo(g, 8), padLeft = geo(g, 9);
  const positions = oH * oW, patch = C * k * k, inSize = C * H * W, outSize = outC * positions;
  memory.fill(at(dx, b0 * inSize), 0, (<usize>(b1 - b0) * <usize>inSize) << 3);
  for (let b = b0; b < b1; b++) {
    matmulTransA(kernel, at(dOut, b * outSize), dcol, outC, patch, positions, false);
    col2im(dcol, C, H, W, oH, oW, k, s, padTop, padLeft, at(dx, b * inSize));
  }
}

/** out ← window maxima, argmax ← the input each took, the first largest scanned row by row (maxPoolForward). */
export function maxPoolForward(x: usize, out: usize, argmax: usize, batch: i32, C: i32, H: i32, W: i32, oH: i32, oW: i32, k: i32, s: i32): void {
  const inSize = C * H * W, outSize = C * oH * oW;
  for (let b = 0; b < batch; b++) {
    const xb = at(x, b * inSize);
    let j = b * outSize;
    for (let c = 0; c < C; c++) {
      for (let oy = 0; oy < oH; oy++) {
        for (let ox = 0; ox < oW; ox++, j++) {
          let best = (c * H + oy * s) * W + ox * s;
          let v = load<f64>(at(xb, best));
          for (let ky = 0; ky < k; ky++) {
            let i = (c * H + oy * s + ky) * W + ox * s;
            // Branch-free (a select, not a jump): on real maps the comparison is a coin toss for the predictor.
            for (let kx = 0; kx < k; kx++, i++) {
              const u = load<f64>(at(xb, i)), larger = u > v;
              v = select<f64>(u, v, larger);
              best = select<i32>(i, best, larger);
            }
          }
          store<f64>(at(out, j), v);
          store<i32>(argmax + (<usize>j << 2), best);
        }
      }
    }
  }
}

/** dx ← each output's gradient at the input it took, dx zeroed first (maxPoolBackward). */
export function maxPoolBackward(dOut: usize, argmax: usize, dx: usize, batch: i32, inSize: i32, outSize: i32): void {
  memory.fill(dx, 0, (<usize>batch * <usize>inSize) << 3);
  for (let b = 0; b < batch; b++) {
    const xb = at(dx, b * inSize);
    for (let j = b * outSize, end = j + outSize; j < end; j++) {
      const p = at(xb, load<i32>(argmax + (<usize>j << 2)));
      store<f64>(p, load<f64>(p) + load<f64>(at(dOut, j)));
    }
  }
}

/** out ← window sums in row-by-row order divided by size² (avgPoolForward). */
export function avgPoolForward(x: usize, out: usize, batch: i32, C: i32, H: i32, W: i32, oH: i32, oW: i32, k: i32, s: i32): void {
  const inSize = C * H * W, outSize = C * oH * oW, area = <f64>(k * k);
  for (let b = 0; b < batch; b++) {
    const xb = b * inSize;
    let j = b * outSize;
    for (let c = 0; c < C; c++) {
      for (let oy = 0; oy < oH; oy++) {
        for (let ox = 0; ox < oW; ox++, j++) {
          let sum = 0.0;
          for (let ky = 0; ky < k; ky++) {
            let i = xb + (c * H + oy * s + ky) * W + ox * s;
            for (let kx = 0; kx < k; kx++, i++) sum += load<f64>(at(x, i));
          }
          store<f64>(at(out, j), sum / area);
        }
      }
    }
  }
}

/** dx ← each output's gradient / size² added to every input of its window, dx zeroed first (avgPoolBackward). */
export function avgPoolBackward(dOut: usize, dx: usize, batch: i32, C: i32, H: i32, W: i32, oH: i32, oW: i32, k: i32, s: i32): void {
  const inSize = C * H * W, outSize = C * oH * oW, area = <f64>(k * k);
  memory.fill(dx, 0, (<usize>batch * <usize>inSize) << 3);
  for (let b = 0; b < batch; b++) {
    const xb = b * inSize;
    let j = b * outSize;
    for (let c = 0; c < C; c++) {
      for (let oy = 0; oy < oH; oy++) {
        for (let ox = 0; ox < oW; ox++, j++) {
          const share = load<f64>(at(dOut, j)) / area;
          for (let ky = 0; ky < k; ky++) {
            let i = xb + (c * H + oy * s + ky) * W + ox * s;
            for (let kx = 0; kx < k; kx++, i++) store<f64>(at(dx, i), load<f64>(at(dx, i)) + share);
          }
        }
      }
    }
  }
}
