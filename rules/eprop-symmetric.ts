/**
 * e-prop with symmetric feedback (Bellec, Scherr, Subramoney, Hajek, Salaj, Legenstein & Maass 2020,
 * Nat. Commun. 11:3625): "symmetric e-prop".
 *
 * Feedback pathway: each hidden neuron j receives, at every step, the readout's error through the readout
 * weights themselves — L^t_j = Σ_k W_out,jk (π^t_k − π*^t_k) — the transport of W_out to the hidden layer that
 * backprop needs too, but only one layer deep and with no going back in time.
 * Local update: each synapse i → j keeps an eligibility trace ē^t_ji, computed forward in time from its
 * presynaptic trace and the neuron's pseudo-derivative (and adaptation, for ALIF), and moves by
 *   ΔW_ji = −η Σ_t L^t_j ē^t_ji          (src/snn/eligibility-traces.ts)
 * the readout by its exact gradient. Memory does not grow with the sequence.
 *
 * Exact where no spike reaches the loss through another neuron: on a feed-forward hidden layer it equals BPTT
 * with the reset detached (test/snn/gradients.test.ts); with recurrent weights it is an approximation.
 */
import { epropLearner } from '../src/snn/eprop-learner.js';
import type { ThroughTimeRule } from '../src/snn/through-time-rule.js';

export const epropSymmetric: ThroughTimeRule<Record<string, never>> = {
  name: 'eprop-symmetric',
  regime: 'through-time',
  summary: 'e-prop, symmetric feedback: eligibility traces forward in time, learning signals through W_outᵀ',
  citation: 'Bellec et al. (2020) Nat. Commun. 11:3625',
  defaults: {},
  keepsHistory: false,
  create: ({ net }) => epropLearner(net, () => net.wout),
};
