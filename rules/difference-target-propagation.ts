/**
 * Difference target propagation (Lee, Zhang, Fischer & Bengio 2015, ECML-PKDD).
 *
 * Feedback pathway: as target propagation, but each target is corrected by the inverse's own
 * reconstruction error, so that an imperfect inverse still yields ĥ_l = h_l when ĥ_{l+1} = h_{l+1}:
 *   ĥ_{L−1} = h_{L−1} − η̂ ∂L/∂h_{L−1}
 *   ĥ_l     = h_l + g_{l+1}(ĥ_{l+1}) − g_{l+1}(h_{l+1})
 * with g trained on noise-corrupted reconstruction, min ½‖g(f(h + ε)) − (h + ε)‖², ε ~ N(0, σ²).
 * For a linear network with exact inverses this is ĥ_l = h_l + (ĥ_{l+1} − h_{l+1}) W_{l+1}⁻¹.
 * Local plasticity: δ_l = f'(a_l) ⊙ (h_l − ĥ_l), ΔW_l = −η h_{l−1}ᵀ δ_l; output layer by the loss gradient.
 *
 * Options: targetStepSize η̂, inverseLearningRate (Adam, separate from the forward optimiser), noiseStd σ.
 *
 * Conv and pooling layers: not supported. The learned inverses are defined for dense projections; a shared
 * convolution kernel or a max-pool has no inverse of that form we could defend as the rule (Bartunov et al.
 * 2018 ran target propagation on images with locally connected layers), so a spec pairing this rule with
 * `network.layers` containing conv or pool is rejected before it runs, with that reason.
 */
import type { MinibatchRule } from '../src/learning/rule.js';
import { type TargetPropagationOptions, TARGET_PROPAGATION_DENSE_ONLY, createTargetPropagation, targetPropagationDefaults } from '../src/learning/target-propagation.js';

export const differenceTargetPropagation: MinibatchRule<TargetPropagationOptions> = {
  name: 'difference-target-propagation',
  regime: 'minibatch',
  summary: 'Difference target propagation: TP with the inverse\'s reconstruction error subtracted from each target',
  citation: 'Lee, Zhang, Fischer & Bengio (2015) ECML-PKDD, LNCS 9284',
  defaults: targetPropagationDefaults,
  // Dense projections only (conv and pooling layers have no learned inverse here): see TARGET_PROPAGATION_DENSE_ONLY.
  projectionKinds: ['dense'],
  projectionKindsReason: TARGET_PROPAGATION_DENSE_ONLY,
  create: (setup) =>
    createTargetPropagation(setup, 'difference-target-propagation', {
      usesInverseOfActivity: true,
      combine(out, h, gOfTarget, gOfActivity, n) {
        for (let i = 0; i < n; i++) out[i] = h[i] + gOfTarget[i] - gOfActivity![i];
      },
    }),
};
