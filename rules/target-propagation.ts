/**
 * Target propagation (Bengio 2014, arXiv:1407.7906; Lee, Zhang, Fischer & Bengio 2015, ECML-PKDD).
 *
 * Feedback pathway: instead of errors, each layer receives a TARGET activity. The top hidden layer's
 * target is one small gradient step on the loss, ĥ_{L−1} = h_{L−1} − η̂ ∂L/∂h_{L−1}; lower targets are
 * carried down by learned approximate inverses g of the forward projections:
 *   ĥ_l = g_{l+1}(ĥ_{l+1}),        g_{l+1}(y) = act_l(y V_{l+1} + c_{l+1})
 * Each g is trained on noise-corrupted reconstruction, min ½‖g(f(h + ε)) − (h + ε)‖², ε ~ N(0, σ²).
 * Local plasticity: each hidden layer minimises ½‖h_l − ĥ_l‖², i.e. δ_l = f'(a_l) ⊙ (h_l − ĥ_l),
 * ΔW_l = −η h_{l−1}ᵀ δ_l; the output layer is trained with the loss gradient, as in Lee et al.
 * Plain TP inherits every reconstruction error of g; difference target propagation corrects for it.
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

export const targetPropagation: MinibatchRule<TargetPropagationOptions> = {
  name: 'target-propagation',
  regime: 'minibatch',
  summary: 'Target propagation: layer targets carried down by learned inverses, each layer learns locally',
  citation: 'Bengio (2014) arXiv:1407.7906; Lee, Zhang, Fischer & Bengio (2015) ECML-PKDD',
  defaults: targetPropagationDefaults,
  // Dense projections only (conv and pooling layers have no learned inverse here): see TARGET_PROPAGATION_DENSE_ONLY.
  projectionKinds: ['dense'],
  projectionKindsReason: TARGET_PROPAGATION_DENSE_ONLY,
  create: (setup) =>
    createTargetPropagation(setup, 'target-propagation', {
      usesInverseOfActivity: false,
      combine() {}, // ĥ_l = g(ĥ_{l+1}) is already in place
    }),
};
