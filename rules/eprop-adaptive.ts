/**
 * e-prop with adaptive feedback (Bellec et al. 2020, Nat. Commun. 11:3625, "adaptive e-prop"): the spiking
 * network's Kolen-Pollack row.
 *
 * Feedback pathway: as random e-prop, the readout's error reaches hidden neuron j through a separate matrix B,
 *   L^t_j = Σ_k B_jk (π^t_k − π*^t_k)
 * but B is plastic: each feedback synapse gets the same update as its readout partner (both are products of
 * the hidden neuron's filtered spikes and the output error, present at both ends), and both decay at the
 * rule's rate λ:
 *   W_out ← W_out + ΔW_out − ηλ W_out,     B ← B + ΔW_out − ηλ B
 * so B − W_out shrinks by (1 − ηλ) each step and B comes to equal W_out: symmetric e-prop without weight
 * transport. ΔW_out is whatever the optimiser applied. B starts as random e-prop's (stream "B/readout").
 * Local update: ΔW_ji = −η Σ_t L^t_j ē^t_ji (src/snn/eligibility-traces.ts); the readout's exact gradient.
 */
import { Matrix } from '../src/kernels/matrix.js';
import { allocF64 } from '../src/kernels/backend.js';
import { epropLearner, randomReadoutFeedback } from '../src/snn/eprop-learner.js';
import type { ThroughTimeRule } from '../src/snn/through-time-rule.js';

export interface EpropAdaptiveOptions {
  feedbackScale: number;
  /** λ: decay of both W_out and B each step, as ηλ (η = the current learning rate). */
  weightDecay: number;
}

export const epropAdaptive: ThroughTimeRule<EpropAdaptiveOptions> = {
  name: 'eprop-adaptive',
  regime: 'through-time',
  summary: 'e-prop, adaptive feedback: B learns with the readout\'s own update and decay, converging to W_outᵀ (Kolen-Pollack)',
  citation: 'Bellec et al. (2020) Nat. Commun. 11:3625; Akrout et al. (2019) NeurIPS 32',
  defaults: { feedbackScale: 1, weightDecay: 1e-2 },
  keepsHistory: false,
  create({ net, streams, options }) {
    const B = randomReadoutFeedback(net, streams.stream('B/readout'), options.feedbackScale, new Matrix(net.size, net.outputSize, allocF64(net.size * net.outputSize)));
    const w = net.wout.data, b = B.data, lambda = options.weightDecay;
    return {
      ...epropLearner(net, () => B),
      afterStep(change, lr) {
        const shrink = 1 - lr * lambda;
        for (let i = 0; i < b.length; i++) {
          b[i] = b[i] * shrink + change[i];
          w[i] -= lr * lambda * (w[i] - change[i]); // the decay of the W_out before this step's change
        }
      },
    };
  },
};
