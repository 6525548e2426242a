import type { Matrix } from '../kernels/matrix.js';
import { matmulTransB } from '../kernels/matmul.js';
import type { Projection } from '../graph/projection.js';
import { getActivation } from '../neurons/activations.js';
import type { TeachingStep } from './teaching.js';

/**
 * The layer-by-layer feedback pathway shared by backprop and its weight-transport-free relatives:
 * walking from the output back to the inputs, each hidden population receives
 *   dL/dh_l ≈ Σ_{projections l→m} δ_m · Mᵀ      (M shaped like the projection's weights, pre × post)
 *   δ_l     = f'(a_l) ⊙ dL/dh_l                  (activation's vector-Jacobian product)
 * Backprop passes M = W (the forward weights themselves), feedback alignment a fixed random B,
 * sign symmetry sign(W), Kolen-Pollack a learned B. Only `feedbackMatrix` differs between them.
 */
export function propagateThroughFeedback(step: TeachingStep, feedbackMatrix: (proj: Projection) => Matrix): void {
  const { topology, forward, delta, scratch } = step;
  const { order, outgoing } = topology;
  for (let i = order.length - 1; i >= 0; i--) {
    const p = order[i];
    if (p.isInput || p === topology.output) continue;
    const gradH = scratch[p.index]!;
    const out = outgoing[p.index];
    for (let k = 0; k < out.length; k++) {
      matmulTransB(delta[out[k].post.index]!, feedbackMatrix(out[k]), gradH, k > 0);
    }
    const model = p.model;
    if (model.kind !== 'rate') throw new Error(`feedback: population "${p.name}" is not a rate population`);
    getActivation(model.activation).backward(forward.a[p.index]!, forward.h[p.index], gradH, delta[p.index]!);
  }
}
