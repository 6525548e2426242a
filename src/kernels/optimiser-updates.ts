import { wasm } from './backend.js';

/**
 * The optimisers' per-element updates, one function each: the loop here is the readable reference, and the
 * WebAssembly twin (assembly/elementwise.ts: sgd, sgdMomentum, adam) runs instead when every array lives in
 * the kernel heap. Both do the same operations in the same order on each element, so they give the same bits
 * (test/kernels/wasm-twins.test.ts). src/training/optimisers.ts decides what to pass (decay only for
 * weights, the bias corrections of the step); these only apply it.
 */

/** p ← p − η·(g + λ·p). */
export function sgdUpdate(p: Float64Array, g: Float64Array, lr: number, decay: number): void {
  const n = p.length;
  const w = wasm();
  if (w && w.heap.holds(p, g)) return w.kernels.sgd(p.byteOffset, g.byteOffset, n, lr, decay);
  for (let i = 0; i < n; i++) p[i] -= lr * (g[i] + decay * p[i]);
}

/** g' = g + λ·p; v ← μ·v + g'; p ← p − η·v (Nesterov: p ← p − η·(g' + μ·v)). */
export function sgdMomentumUpdate(p: Float64Array, g: Float64Array, v: Float64Array, lr: number, mu: number, decay: number, nesterov: boolean): void {
  const n = p.length;
  const w = wasm();
  if (w && w.heap.holds(p, g, v)) return w.kernels.sgdMomentum(p.byteOffset, g.byteOffset, v.byteOffset, n, lr, mu, decay, nesterov);
  for (let i = 0; i < n; i++) {
    const gi = g[i] + decay * p[i];
    const vi = mu * v[i] + gi;
    v[i] = vi;
    p[i] -= lr * (nesterov ? gi + mu * vi : vi);
  }
}

/**
 * Adam: g' = g + l2·p; m ← β1·m + (1 − β1)·g'; v ← β2·v + (1 − β2)·g'·g';
 * p ← shrink·p − η·m·c1 / (√(v·c2) + ε), with the bias corrections c1 = 1/(1 − β1^t), c2 = 1/(1 − β2^t)
 * and shrink = 1 − η·λ for decoupled decay (AdamW), else 1.
 */
export function adamUpdate(p: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, lr: number, b1: number, b2: number, eps: number, l2: number, shrink: number, c1: number, c2: number): void {
  const n = p.length;
  const w = wasm();
  if (w && w.heap.holds(p, g, m, v)) return w.kernels.adam(p.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset, n, lr, b1, b2, eps, l2, shrink, c1, c2);
  for (let i = 0; i < n; i++) {
    const gi = g[i] + l2 * p[i];
    const mi = b1 * m[i] + (1 - b1) * gi;
    const vi = b2 * v[i] + (1 - b2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    p[i] = shrink * p[i] - (lr * mi * c1) / (Math.sqrt(vi * c2) + eps);
  }
}
