/*
 * Elementwise kernels: bias broadcast and column sums, activations and their derivatives, optimiser updates.
 * Each element is computed by the same operations, in the same order, as in the JavaScript twin it stands
 * for (named on each function), two elements per f64x2 instruction where the operation has a SIMD form; so
 * the results are the same bits. Lengths are in elements, pointers byte offsets into the heap.
 */
import { exp_, tanh_ } from './math';
import { tanhPairs } from './tanh-pairs';

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

/** C[i, :] += v (src/kernels/elementwise.ts addRowVector). */
export function addRowVector(c: usize, v: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) {
    const o = at(c, i * cols);
    let j = 0;
    for (; j + 2 <= cols; j += 2) v128.store(at(o, j), f64x2.add(v128.load(at(o, j)), v128.load(at(v, j))));
    for (; j < cols; j++) store<f64>(at(o, j), load<f64>(at(o, j)) + load<f64>(at(v, j)));
  }
}

/** out[j] (+)= Σ_i A[i, j], rows in order (sumRows). */
export function sumRows(a: usize, out: usize, rows: i32, cols: i32, accumulate: bool): void {
  if (!accumulate) memory.fill(out, 0, <usize>cols << 3);
  for (let i = 0; i < rows; i++) {
    const o = at(a, i * cols);
    let j = 0;
    for (; j + 2 <= cols; j += 2) v128.store(at(out, j), f64x2.add(v128.load(at(out, j)), v128.load(at(o, j))));
    for (; j < cols; j++) store<f64>(at(out, j), load<f64>(at(out, j)) + load<f64>(at(o, j)));
  }
}

/** out = A ⊙ B (hadamard). */
export function hadamard(a: usize, b: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) v128.store(at(out, i), f64x2.mul(v128.load(at(a, i)), v128.load(at(b, i))));
  for (; i < n; i++) store<f64>(at(out, i), load<f64>(at(a, i)) * load<f64>(at(b, i)));
}

// Activation codes, as src/neurons/activations.ts numbers them for the module.
const LINEAR = 0, SIGMOID = 1, TANH = 2, RELU = 3, LEAKY = 4;
const LEAKY_SLOPE: f64 = 0.01;

@inline function sigmoid(a: f64): f64 {
  if (a >= 0) return 1 / (1 + exp_(-a));
  const e = exp_(a);
  return e / (1 + e);
}

/** h = f(a) elementwise (an elementwise Activation's forward). */
export function activationForward(kind: i32, a: usize, h: usize, n: i32): void {
  if (kind == LINEAR) {
    memory.copy(h, a, <usize>n << 3);
  } else if (kind == SIGMOID) {
    for (let i = 0; i < n; i++) store<f64>(at(h, i), sigmoid(load<f64>(at(a, i))));
  } else if (kind == TANH) {
    let i = 0;
    for (; i + 2 <= n; i += 2) v128.store(at(h, i), tanhPairs(v128.load(at(a, i))));
    for (; i < n; i++) store<f64>(at(h, i), tanh_(load<f64>(at(a, i))));
  } else if (kind == RELU) {
    let i = 0;
    const zero = f64x2.splat(0);
    for (; i + 2 <= n; i += 2) {
      const x = v128.load(at(a, i));
      v128.store(at(h, i), v128.bitselect(x, zero, f64x2.gt(x, zero)));
    }
    for (; i < n; i++) {
      const x = load<f64>(at(a, i));
      store<f64>(at(h, i), x > 0 ? x : 0);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const x = load<f64>(at(a, i));
      store<f64>(at(h, i), x > 0 ? x : LEAKY_SLOPE * x);
    }
  }
}

/** f'(a, h) of one element, as the JavaScript activation defines it. */
@inline function derivativeOf(kind: i32, x: f64, y: f64): f64 {
  if (kind == LINEAR) return 1;
  if (kind == SIGMOID) return y * (1 - y);
  if (kind == TANH) return 1 - y * y;
  if (kind == RELU) return x > 0 ? 1 : 0;
  return x > 0 ? 1 : LEAKY_SLOPE;
}

/** out = f'(a, h) ⊙ g (backward), or f'(a, h) when g is 0 (derivative). */
export function activationBackward(kind: i32, a: usize, h: usize, g: usize, out: usize, n: i32): void {
  let i = 0;
  if (g != 0) {
    if (kind == TANH) {
      const one = f64x2.splat(1);
      for (; i + 2 <= n; i += 2) {
        const y = v128.load(at(h, i));
        v128.store(at(out, i), f64x2.mul(f64x2.sub(one, f64x2.mul(y, y)), v128.load(at(g, i))));
      }
    } else if (kind == RELU) {
      const one = f64x2.splat(1), zero = f64x2.splat(0);
      for (; i + 2 <= n; i += 2) {
        const d = v128.bitselect(one, zero, f64x2.gt(v128.load(at(a, i)), zero));
        v128.store(at(out, i), f64x2.mul(d, v128.load(at(g, i))));
      }
    } else if (kind == SIGMOID) {
      const one = f64x2.splat(1);
      for (; i + 2 <= n; i += 2) {
        const y = v128.load(at(h, i));
        v128.store(at(out, i), f64x2.mul(f64x2.mul(y, f64x2.sub(one, y)), v128.load(at(g, i))));
      }
    }
    for (; i < n; i++) store<f64>(at(out, i), derivativeOf(kind, load<f64>(at(a, i)), load<f64>(at(h, i))) * load<f64>(at(g, i)));
    return;
  }
  for (; i < n; i++) store<f64>(at(out, i), derivativeOf(kind, load<f64>(at(a, i)), load<f64>(at(h, i))));
}

/**
 * SGD with momentum μ, optional Nesterov, L2 decay λ (src/training/optimisers.ts):
 *   g' = g + λ·p;  v ← μ·v + g';  p ← p − η·(nesterov ? g' + μ·v : v).
 */
export function sgdMomentum(p: usize, g: usize, v: usize, n: i32, lr: f64, mu: f64, decay: f64, nesterov: bool): void {
  const L = f64x2.splat(lr), Mu = f64x2.splat(mu), D = f64x2.splat(decay);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const pi = v128.load(at(p, i));
    const gi = f64x2.add(v128.load(at(g, i)), f64x2.mul(D, pi));
    const vi = f64x2.add(f64x2.mul(Mu, v128.load(at(v, i))), gi);
    v128.store(at(v, i), vi);
    const step = nesterov ? f64x2.add(gi, f64x2.mul(Mu, vi)) : vi;
    v128.store(at(p, i), f64x2.sub(pi, f64x2.mul(L, step)));
  }
  for (; i < n; i++) {
    const pi = load<f64>(at(p, i));
    const gi = load<f64>(at(g, i)) + decay * pi;
    const vi = mu * load<f64>(at(v, i)) + gi;
    store<f64>(at(v, i), vi);
    store<f64>(at(p, i), pi - lr * (nesterov ? gi + mu * vi : vi));
  }
}

/** Plain SGD with L2 decay: p ← p − η·(g + λ·p). */
export function sgd(p: usize, g: usize, n: i32, lr: f64, decay: f64): void {
  const L = f64x2.splat(lr), D = f64x2.splat(decay);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const pi = v128.load(at(p, i));
    v128.store(at(p, i), f64x2.sub(pi, f64x2.mul(L, f64x2.add(v128.load(at(g, i)), f64x2.mul(D, pi)))));
  }
  for (; i < n; i++) {
    const pi = load<f64>(at(p, i));
    store<f64>(at(p, i), pi - lr * (load<f64>(at(g, i)) + decay * pi));
  }
}

/**
 * Adam with bias corrections c1 = 1/(1 − β1^t), c2 = 1/(1 − β2^t), L2 decay l2 or decoupled shrink:
 *   g' = g + l2·p;  m ← β1·m + (1 − β1)·g';  v ← β2·v + (1 − β2)·g'·g';  p ← shrink·p − η·m·c1 / (√(v·c2) + ε).
 */
export function adam(p: usize, g: usize, m: usize, v: usize, n: i32, lr: f64, b1: f64, b2: f64, eps: f64, l2: f64, shrink: f64, c1: f64, c2: f64): void {
  const B1 = f64x2.splat(b1), B2 = f64x2.splat(b2), OB1 = f64x2.splat(1 - b1), OB2 = f64x2.splat(1 - b2);
  const L = f64x2.splat(lr), E = f64x2.splat(eps), L2 = f64x2.splat(l2), S = f64x2.splat(shrink), C1 = f64x2.splat(c1), C2 = f64x2.splat(c2);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const pi = v128.load(at(p, i));
    const gi = f64x2.add(v128.load(at(g, i)), f64x2.mul(L2, pi));
    const mi = f64x2.add(f64x2.mul(B1, v128.load(at(m, i))), f64x2.mul(OB1, gi));
    const vi = f64x2.add(f64x2.mul(B2, v128.load(at(v, i))), f64x2.mul(f64x2.mul(OB2, gi), gi));
    v128.store(at(m, i), mi);
    v128.store(at(v, i), vi);
    const num = f64x2.mul(f64x2.mul(L, mi), C1);
    const den = f64x2.add(f64x2.sqrt(f64x2.mul(vi, C2)), E);
    v128.store(at(p, i), f64x2.sub(f64x2.mul(S, pi), f64x2.div(num, den)));
  }
  for (; i < n; i++) {
    const pi = load<f64>(at(p, i));
    const gi = load<f64>(at(g, i)) + l2 * pi;
    const mi = b1 * load<f64>(at(m, i)) + (1 - b1) * gi;
    const vi = b2 * load<f64>(at(v, i)) + (1 - b2) * gi * gi;
    store<f64>(at(m, i), mi);
    store<f64>(at(v, i), vi);
    store<f64>(at(p, i), shrink * pi - (lr * mi * c1) / (sqrt(vi * c2) + eps));
  }
}
