import type { Matrix } from '../kernels/matrix.js';
import { projectBackward } from '../graph/projection-ops.js';
import type { Projection } from '../graph/projection.js';
import { getActivation } from '../neurons/activations.js';
import type { TeachingStep } from './teaching.js';

/**
 * The layer-by-layer feedback pathway shared by backprop and its weight-transport-free relatives:
 * walking from the output back to the inputs, each hidden population receives
 *   dL/dh_l ≈ Σ_{projections l→m} δ_m · Mᵀ      (M shaped like the projection's weights, pre × post)
 *   δ_l     = f'(a_l) ⊙ dL/dh_l                  (activation's vector-Jacobian product)
 * Backprop passes M = W (the forward weights themselves), feedback alignment a fixed random B,
 * sign symmetry sign(W), Kolen-Pollack a learned B. Only `feedbackMatrix` differs between them. For a conv
 * projection M is a kernel shaped like its filters, and δ·Mᵀ becomes the transposed convolution with it;
 * a pooling projection sends the error back to the inputs it took (max) or spread over its window (average).
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
      // Pooling routes the error itself (as backprop does, for every rule): it has no weights to stand in for.
      const proj = out[k];
      projectBackward(proj, delta[proj.post.index]!, proj.hasWeights ? feedbackMatrix(proj) : proj.weights, gradH, k > 0);
    }
    const model = p.model;
    if (model.kind !== 'rate') throw new Error(`feedback: population "${p.name}" is not a rate population`);
    getActivation(model.activation).backward(forward.a[p.index]!, forward.h[p.index], gradH, delta[p.index]!);
  }
}
