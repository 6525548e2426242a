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
 */
import type { MinibatchRule } from '../src/learning/rule.js';
import { type TargetPropagationOptions, createTargetPropagation, targetPropagationDefaults } from '../src/learning/target-propagation.js';

export const targetPropagation: MinibatchRule<TargetPropagationOptions> = {
  name: 'target-propagation',
  regime: 'minibatch',
  summary: 'Target propagation: layer targets carried down by learned inverses, each layer learns locally',
  citation: 'Bengio (2014) arXiv:1407.7906; Lee, Zhang, Fischer & Bengio (2015) ECML-PKDD',
  defaults: targetPropagationDefaults,
  create: (setup) =>
    createTargetPropagation(setup, 'target-propagation', {
      usesInverseOfActivity: false,
      combine() {}, // ĥ_l = g(ĥ_{l+1}) is already in place
    }),
};
