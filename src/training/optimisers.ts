import type { Network } from '../graph/network.js';
import type { Gradients } from '../learning/gradients.js';
import { allocF64 } from '../kernels/backend.js';
import { pow } from '../kernels/math.js';
import { adamUpdate, sgdMomentumUpdate, sgdUpdate } from '../kernels/optimiser-updates.js';

/**
 * Optimisers apply whatever update direction a rule proposes; they know nothing about how it was
 * obtained, so every rule is trained by the same machinery.
 *
 * - SGD: v ← μ v + g; p ← p − η v (Nesterov: p ← p − η (g + μ v)). μ = 0 gives plain SGD.
 * - Adam (Kingma & Ba 2015) with bias correction.
 * Weight decay λ adds λ·W to the weight direction (L2; biases are not decayed). With Adam and
 * `decoupled: true` it is applied as p ← p − η λ p instead (AdamW, Loshchilov & Hutter 2019).
 */
export type OptimiserSpec =
  | { kind: 'sgd'; lr: number; momentum?: number; nesterov?: boolean; weightDecay?: number }
  | { kind: 'adam'; lr: number; beta1?: number; beta2?: number; eps?: number; weightDecay?: number; decoupled?: boolean };

export interface Optimiser {
  readonly spec: OptimiserSpec;
  /**
   * Applies one step with learning rate `lr` (the schedule's current value), from the update directions the
   * rule wrote into the Gradients the optimiser was created with (createOptimiser holds on to its buffers;
   * there is no other Gradients it could read).
   */
  step(lr: number): void;
}

/** One parameter array and the matching update direction. */
interface Slot {
  param: Float64Array;
  grad: Float64Array;
  decay: boolean;
  m: Float64Array | null;
  v: Float64Array | null;
}

/** A parameter array, its update direction (same length), and whether weight decay applies to it (not to biases). */
export interface OptimisedArray {
  param: Float64Array;
  grad: Float64Array;
  decay: boolean;
}

/** A rate network's weights and biases with their gradients, in projection order. */
function networkArrays(net: Network, grads: Gradients): OptimisedArray[] {
  const out: OptimisedArray[] = [];
  for (const p of net.projections) {
    const g = grads.byProjection[p.index];
    out.push({ param: p.weights.data, grad: g.weights.data, decay: true });
    if (p.bias && g.bias) out.push({ param: p.bias, grad: g.bias, decay: false });
  }
  return out;
}

function slots(arrays: readonly OptimisedArray[], withM: boolean, withV: boolean): Slot[] {
  // Moments in the kernel heap, beside the weights, so the WebAssembly updates work on them in place.
  const make = (len: number, on: boolean) => (on ? allocF64(len) : null);
  return arrays.map((a) => {
    if (a.param.length !== a.grad.length) throw new RangeError(`optimiser: a parameter of ${a.param.length} values has an update direction of ${a.grad.length}`);
    return { ...a, m: make(a.param.length, withM), v: make(a.param.length, withV) };
  });
}

export function validateOptimiser(spec: unknown, where = 'optimiser'): OptimiserSpec {
  const s = spec as Record<string, unknown> | null;
  if (!s || typeof s !== 'object') throw new Error(`${where}: expected an object like {kind: 'sgd', lr: 0.1}, got ${JSON.stringify(spec)}`);
  const allowed: Record<string, string[]> = {
    sgd: ['kind', 'lr', 'momentum', 'nesterov', 'weightDecay'],
    adam: ['kind', 'lr', 'beta1', 'beta2', 'eps', 'weightDecay', 'decoupled'],
  };
  const keys = allowed[s.kind as string];
  if (!keys) throw new Error(`${where}.kind: unknown optimiser ${JSON.stringify(s.kind)}; expected "sgd" or "adam"`);
  for (const k of Object.keys(s)) {
    if (!keys.includes(k)) throw new Error(`${where}: unknown option "${k}" for ${s.kind}; valid options are ${keys.join(', ')}`);
  }
  const positive = (k: string, required: boolean) => {
    const v = s[k];
    if (v === undefined && !required) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`${where}.${k}: expected a finite number >= 0, got ${JSON.stringify(v)}`);
  };
  positive('lr', true);
  positive('weightDecay', false);
  if (s.kind === 'sgd') positive('momentum', false);
  if (s.kind === 'adam') {
    for (const k of ['beta1', 'beta2']) {
      const v = s[k];
      if (v !== undefined && (typeof v !== 'number' || !(v >= 0 && v < 1))) throw new Error(`${where}.${k}: expected a number in [0, 1), got ${JSON.stringify(v)}`);
    }
    positive('eps', false);
  }
  return s as OptimiserSpec;
}

export function createOptimiser(net: Network, grads: Gradients, spec: OptimiserSpec): Optimiser {
  return optimiserFor(networkArrays(net, grads), spec);
}

/** An optimiser over any list of parameter arrays (a spiking network's, for one). */
export function optimiserFor(arrays: readonly OptimisedArray[], spec: OptimiserSpec): Optimiser {
  validateOptimiser(spec);
  if (spec.kind === 'sgd') {
    const mu = spec.momentum ?? 0;
    const nesterov = spec.nesterov ?? false;
    const wd = spec.weightDecay ?? 0;
    const ps = slots(arrays, mu > 0, false);
    return {
      spec,
      step(lr) {
        for (const s of ps) {
          const decay = s.decay ? wd : 0;
          if (s.m) sgdMomentumUpdate(s.param, s.grad, s.m, lr, mu, decay, nesterov);
          else sgdUpdate(s.param, s.grad, lr, decay);
        }
      },
    };
  }
  const b1 = spec.beta1 ?? 0.9, b2 = spec.beta2 ?? 0.999, eps = spec.eps ?? 1e-8;
  const wd = spec.weightDecay ?? 0;
  const decoupled = spec.decoupled ?? false;
  const ps = slots(arrays, true, true);
  let t = 0;
  return {
    spec,
    step(lr) {
      t++;
      const c1 = 1 / (1 - pow(b1, t));
      const c2 = 1 / (1 - pow(b2, t));
      for (const s of ps) {
        const l2 = s.decay && !decoupled ? wd : 0;
        const shrink = s.decay && decoupled ? 1 - lr * wd : 1;
        adamUpdate(s.param, s.grad, s.m!, s.v!, lr, b1, b2, eps, l2, shrink, c1, c2);
      }
    },
  };
}
