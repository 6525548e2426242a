/**
 * Sign symmetry (Liao, Leibo & Poggio 2016, AAAI, "How important is weight symmetry in backpropagation?").
 *
 * Feedback pathway: errors travel back through matrices that share only the SIGNS of the forward weights,
 * with a uniform magnitude ("uniform sign-concordant feedback", uSF):
 *   δ_l = f'(a_l) ⊙ (δ_{l+1} S_{l+1}ᵀ),     S = s · sign(W)
 * where s = √(2 / (fan_in + fan_out)) when `glorotMagnitude` is true (as BioTorch's uSF layers do),
 * else 1, times `scale`. S is rebuilt from the current W before every step, so it tracks sign flips.
 * Local plasticity: ΔW_l = −η h_{l−1}ᵀ δ_l.
 *
 * Conv layers: S = s · sign(W) of the filter bank (the Glorot magnitude from the filters' fans), so the error
 * returns by the transposed convolution with kernels that agree with the forward ones in sign only.
 * Pooling layers have no weights: every rule, this one included, routes the error through them exactly as
 * backprop does (to the input each max took, or spread evenly for an average).
 */
import { Matrix } from '../src/kernels/matrix.js';
import type { Projection } from '../src/graph/projection.js';
import { propagateThroughFeedback } from '../src/learning/feedback.js';
import { projectionsNeedingFeedback } from '../src/learning/feedback-matrices.js';
import { presynapticTimesTeaching } from '../src/learning/local-update.js';
import type { MinibatchRule } from '../src/learning/rule.js';

export interface SignSymmetryOptions {
  glorotMagnitude: boolean;
  scale: number;
}

export const signSymmetry: MinibatchRule<SignSymmetryOptions> = {
  name: 'sign-symmetry',
  regime: 'minibatch',
  summary: 'Sign symmetry: errors return through sign(W) with a uniform magnitude',
  citation: 'Liao, Leibo & Poggio (2016) Proc. AAAI 30',
  defaults: { glorotMagnitude: true, scale: 1 },
  create({ net, options }) {
    const S = new Map<Projection, Matrix>();
    const magnitude = new Map<Projection, number>();
    for (const p of projectionsNeedingFeedback(net)) {
      // Shaped like the weights (a kernel for a conv layer), the Glorot magnitude from the same fans.
      S.set(p, new Matrix(p.weights.rows, p.weights.cols));
      magnitude.set(p, options.scale * (options.glorotMagnitude ? Math.sqrt(2 / (p.fanIn + p.fanOut)) : 1));
    }
    const refresh = () => {
      for (const [p, m] of S) {
        const w = p.weights.data, s = m.data, mag = magnitude.get(p)!;
        for (let i = 0; i < s.length; i++) s[i] = w[i] > 0 ? mag : w[i] < 0 ? -mag : 0;
      }
    };
    return {
      deliver(step) {
        refresh();
        propagateThroughFeedback(step, (proj) => S.get(proj)!);
      },
      plasticity: presynapticTimesTeaching,
      feedbackWeights: () => {
        refresh();
        return S;
      },
    };
  },
};
