/**
 * Exact backpropagation (Rumelhart, Hinton & Williams 1986) — the reference every other rule is
 * measured against.
 *
 * Feedback pathway: the output error travels back through the transpose of the very weights used
 * in the forward pass ("weight transport"), which is what makes it biologically implausible:
 *   δ_L = dLoss/da_L
 *   δ_l = f'(a_l) ⊙ (δ_{l+1} W_{l+1}ᵀ)        (our W is stored pre × post, so this is δ · Wᵀ)
 * Local plasticity: ΔW_l = −η h_{l−1}ᵀ δ_l, Δb_l = −η Σ_batch δ_l.
 * The resulting update is the exact gradient of the loss (checked against finite differences in the tests).
 *
 * Conv layers: W is the filter bank (filters × channels·k·k) and δ·Wᵀ is the transposed convolution of the
 * error with those filters, the exact gradient; ΔW sums h_pre's patches times δ over every position.
 * Pooling layers have no weights: every rule, this one included, routes the error through them exactly as
 * backprop does (to the input each max took, or spread evenly for an average).
 */
import { propagateThroughFeedback } from '../src/learning/feedback.js';
import { presynapticTimesTeaching } from '../src/learning/local-update.js';
import type { MinibatchRule } from '../src/learning/rule.js';

export const backprop: MinibatchRule<Record<string, never>> = {
  name: 'backprop',
  regime: 'minibatch',
  summary: 'Exact backpropagation: errors return through the transpose of the forward weights',
  citation: 'Rumelhart, Hinton & Williams (1986) Nature 323:533',
  defaults: {},
  create() {
    return {
      deliver: (step) => propagateThroughFeedback(step, (proj) => proj.weights),
      plasticity: presynapticTimesTeaching,
    };
  },
};
