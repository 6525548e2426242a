import { matmulTransA } from '../kernels/matmul.js';
import { sumRows } from '../kernels/elementwise.js';
import type { Gradients } from './gradients.js';
import type { TeachingStep } from './teaching.js';

/**
 * The local plasticity rule shared by every error-driven rule: each synapse changes by the product of
 * its presynaptic activity and its postsynaptic teaching signal, summed over the batch,
 *   ΔW_ij ∝ −Σ_b h_pre[b, i] · δ_post[b, j],   Δbias_j ∝ −Σ_b δ_post[b, j].
 * Only quantities present at the synapse appear; what distinguishes the rules is how δ was delivered.
 * Writes the descent direction (the optimiser subtracts learning rate × it).
 */
export function presynapticTimesTeaching(step: TeachingStep, grads: Gradients): void {
  const h = step.forward.h;
  for (const proj of step.net.projections) {
    const g = grads.byProjection[proj.index];
    const d = step.delta[proj.post.index]!;
    matmulTransA(h[proj.pre.index], d, g.weights);
    if (g.bias) sumRows(d, g.bias);
  }
}
