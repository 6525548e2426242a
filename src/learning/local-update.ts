import { projectGradient } from '../graph/projection-ops.js';
import type { Gradients } from './gradients.js';
import type { TeachingStep } from './teaching.js';

/**
 * The local plasticity rule shared by every error-driven rule: each synapse changes by the product of
 * its presynaptic activity and its postsynaptic teaching signal, summed over the batch,
 *   ΔW_ij ∝ −Σ_b h_pre[b, i] · δ_post[b, j],   Δbias_j ∝ −Σ_b δ_post[b, j].
 * Only quantities present at the synapse appear; what distinguishes the rules is how δ was delivered. A conv
 * filter's synapses are shared across positions, so its update sums that product over them too; pooling has
 * no synapses to change.
 * Writes the descent direction (the optimiser subtracts learning rate × it).
 */
export function presynapticTimesTeaching(step: TeachingStep, grads: Gradients): void {
  const h = step.forward.h;
  for (const proj of step.net.projections) {
    const g = grads.byProjection[proj.index];
    projectGradient(proj, h[proj.pre.index], step.delta[proj.post.index]!, g.weights, g.bias);
  }
}
