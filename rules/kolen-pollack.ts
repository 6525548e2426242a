/**
 * Kolen-Pollack learning (Kolen & Pollack 1994; Akrout, Wilson, Humphreys, Lillicrap & Tweed 2019,
 * NeurIPS, "Deep learning without weight transport").
 *
 * Feedback pathway: as feedback alignment, errors return through separate feedback weights B:
 *   δ_l = f'(a_l) ⊙ (δ_{l+1} B_{l+1}ᵀ)
 * but B is itself plastic. Each feedback synapse receives the same local update as its forward partner
 * (both are products of the same pre- and postsynaptic quantities), and both decay at the same rate:
 *   W ← W + ΔW − ηλ W,     B ← B + ΔW − ηλ B
 * so B − W shrinks by (1 − ηλ) every step and B converges to W (Wᵀ in the textbook orientation):
 * the transport problem solved by two local rules. ΔW is whatever the optimiser applied to W (SGD,
 * momentum or Adam alike). Use the rule's `weightDecay` λ, not the optimiser's, so both sides decay together.
 * Local plasticity: ΔW_l = −η h_{l−1}ᵀ δ_l.
 *
 * Conv layers: B is a backward filter bank of the filters' shape; it gets the same summed-over-positions
 * update ΔW as the filters and the same decay, so it converges to the forward kernels.
 * Pooling layers have no weights: every rule, this one included, routes the error through them exactly as
 * backprop does (to the input each max took, or spread evenly for an average).
 */
import { Matrix } from '../src/kernels/matrix.js';
import type { Projection } from '../src/graph/projection.js';
import { propagateThroughFeedback } from '../src/learning/feedback.js';
import { randomFeedbackMatrices } from '../src/learning/feedback-matrices.js';
import { presynapticTimesTeaching } from '../src/learning/local-update.js';
import type { MinibatchRule } from '../src/learning/rule.js';

export interface KolenPollackOptions {
  feedbackInit: string;
  feedbackScale: number;
  /** λ: decay applied to both W and B each step, as ηλ (η = the current learning rate). */
  weightDecay: number;
}

export const kolenPollack: MinibatchRule<KolenPollackOptions> = {
  name: 'kolen-pollack',
  regime: 'minibatch',
  summary: 'Kolen-Pollack: feedback weights learn with the same local update and decay as the forward weights, converging to Wᵀ',
  citation: 'Akrout, Wilson, Humphreys, Lillicrap & Tweed (2019) NeurIPS 32; Kolen & Pollack (1994)',
  defaults: { feedbackInit: '', feedbackScale: 1, weightDecay: 1e-3 },
  create({ net, streams, options }) {
    const B: Map<Projection, Matrix> = randomFeedbackMatrices(net, streams, options.feedbackInit || undefined, options.feedbackScale, 'kolen-pollack');
    // W before the optimiser step, so afterStep can hand B exactly the change W received.
    const before = new Map<Projection, Float64Array>(net.projections.map((p) => [p, new Float64Array(p.weights.data.length)]));
    const lambda = options.weightDecay;
    return {
      deliver: (step) => propagateThroughFeedback(step, (proj) => B.get(proj)!),
      plasticity(step, grads) {
        presynapticTimesTeaching(step, grads);
        for (const [p, w0] of before) w0.set(p.weights.data);
      },
      afterStep(_step, _grads, lr) {
        const shrink = 1 - lr * lambda;
        for (const [p, b] of B) {
          const w = p.weights.data, w0 = before.get(p)!, bd = b.data;
          for (let i = 0; i < bd.length; i++) bd[i] = shrink * bd[i] + (w[i] - w0[i]);
        }
        // Every forward projection decays from its pre-step value, exactly as B does.
        for (const [p, w0] of before) {
          const w = p.weights.data;
          for (let i = 0; i < w.length; i++) w[i] -= lr * lambda * w0[i];
        }
      },
      feedbackWeights: () => B,
    };
  },
};
