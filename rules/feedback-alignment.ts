/**
 * Feedback alignment (Lillicrap, Cownden, Tweed & Akerman 2016, Nat. Commun. 7:13276).
 *
 * Feedback pathway: errors travel back layer by layer as in backprop, but through a FIXED RANDOM
 * matrix B_{l+1} in place of the transposed forward weights, so no synapse needs to know another's weight:
 *   δ_L = dLoss/da_L
 *   δ_l = f'(a_l) ⊙ (δ_{l+1} B_{l+1}ᵀ)            (B shaped like W, pre × post in our orientation)
 * Local plasticity: ΔW_l = −η h_{l−1}ᵀ δ_l (the same local rule as backprop).
 * The forward weights come to align with B ("alignment"), so the updates point within 90° of the gradient.
 *
 * B is drawn once per run from the rule's stream "B/<projection>" with the projection's own initialiser
 * (`feedbackInit` to use another, e.g. 'glorot-uniform'), multiplied by `feedbackScale`.
 *
 * Conv layers: B is a fixed random filter bank of the same shape as the layer's filters (drawn with the same
 * fans, channels·k·k in and filters·k·k out), and the error returns by the transposed convolution with B in
 * place of W: shared weights backwards, but not the forward ones.
 * Pooling layers have no weights: every rule, this one included, routes the error through them exactly as
 * backprop does (to the input each max took, or spread evenly for an average).
 */
import type { Matrix } from '../src/kernels/matrix.js';
import type { Projection } from '../src/graph/projection.js';
import { propagateThroughFeedback } from '../src/learning/feedback.js';
import { randomFeedbackMatrices } from '../src/learning/feedback-matrices.js';
import { presynapticTimesTeaching } from '../src/learning/local-update.js';
import type { MinibatchRule } from '../src/learning/rule.js';

export interface FeedbackAlignmentOptions {
  /** Initialiser of B (an InitName); '' means the projection's own initialiser. */
  feedbackInit: string;
  /** Multiplies B after drawing it. */
  feedbackScale: number;
}

export const feedbackAlignment: MinibatchRule<FeedbackAlignmentOptions> = {
  name: 'feedback-alignment',
  regime: 'minibatch',
  summary: 'Feedback alignment: errors return through fixed random matrices instead of Wᵀ',
  citation: 'Lillicrap, Cownden, Tweed & Akerman (2016) Nat. Commun. 7:13276',
  defaults: { feedbackInit: '', feedbackScale: 1 },
  create({ net, streams, options }) {
    const B: Map<Projection, Matrix> = randomFeedbackMatrices(net, streams, options.feedbackInit || undefined, options.feedbackScale, 'feedback-alignment');
    return {
      deliver: (step) => propagateThroughFeedback(step, (proj) => B.get(proj)!),
      plasticity: presynapticTimesTeaching,
      feedbackWeights: () => B,
    };
  },
};
