/**
 * e-prop with random feedback (Bellec et al. 2020, Nat. Commun. 11:3625, "random e-prop"): the spiking
 * network's feedback-alignment row.
 *
 * Feedback pathway: the readout's error reaches hidden neuron j through a FIXED RANDOM matrix B, drawn once per
 * run from the rule's stream "B/readout" with the readout's own initial distribution (× `feedbackScale`):
 *   L^t_j = Σ_k B_jk (π^t_k − π*^t_k)
 * so no synapse needs to know a readout weight.
 * Local update: as every e-prop rule, ΔW_ji = −η Σ_t L^t_j ē^t_ji with the eligibility traces of
 * src/snn/eligibility-traces.ts, and the readout's exact gradient.
 */
import { Matrix } from '../src/kernels/matrix.js';
import { allocF64 } from '../src/kernels/backend.js';
import { epropLearner, randomReadoutFeedback } from '../src/snn/eprop-learner.js';
import type { ThroughTimeRule } from '../src/snn/through-time-rule.js';

export interface EpropRandomOptions {
  /** Multiplies B after drawing it. */
  feedbackScale: number;
}

export const epropRandom: ThroughTimeRule<EpropRandomOptions> = {
  name: 'eprop-random',
  regime: 'through-time',
  summary: 'e-prop, random feedback: eligibility traces forward in time, learning signals through a fixed random B',
  citation: 'Bellec et al. (2020) Nat. Commun. 11:3625',
  defaults: { feedbackScale: 1 },
  keepsHistory: false,
  create({ net, streams, options }) {
    const B = randomReadoutFeedback(net, streams.stream('B/readout'), options.feedbackScale, new Matrix(net.size, net.outputSize, allocF64(net.size * net.outputSize)));
    return epropLearner(net, () => B);
  },
};
