/**
 * Presynaptic-trace STDP with a target offset and power-law weight dependence: the learning rule written out
 * in Diehl & Cook (2015, Front. Comput. Neurosci. 9:99, eq. 3), after Querlioz et al. (2013, IEEE Trans.
 * Nanotechnol. 12:288). With 100 neurons it reproduces the paper's 82.9% (README, stdp-mnist).
 *
 * Each presynaptic neuron i keeps a trace x_i (τpre dx/dt = −x, x ← x + 1 at each of its spikes, or x ← 1
 * with nearest pairing). Only postsynaptic spikes change weights. For synapse k from i to j:
 *   post spike of j:  w_k ← w_k + η · (x_i − x_tar) · (wMax − w_k)^μ,  then clipped to [wMin, wMax].
 * Inputs that fired shortly before the postsynaptic spike (x_i > x_tar) are strengthened; inputs that did
 * not (x_i < x_tar, in particular silent ones with x_i = 0) are weakened by η·x_tar·(wMax − w)^μ, so a neuron
 * disconnects from inputs that rarely help it fire and its weights converge to a prototype of the inputs it
 * responds to. (wMax − w)^μ slows potentiation near wMax (μ = 0: additive; paper μ = 0.2).
 *
 * Timing follows rules/stdp.ts: traces decay by exp(−dt/τpre) at the start of each plasticity phase, and a
 * pre spike in the same step as a post spike counts as earlier (its trace increment is seen).
 * Feedback pathway: none. Local plasticity: the presynaptic trace and the postsynaptic spike at each synapse.
 * Each group in setup.synapses gets its own traces; reset() zeroes them. step() allocates nothing.
 */
import type { SynapseGroup } from '../src/graph/synapses.js';
import type { TimeSteppedLearner, TimeSteppedRule } from '../src/learning/time-stepped-rule.js';
import { requireChoice, requireNonNegative, requirePositive, requireWeightsWithin } from '../src/learning/stdp-traces.js';
import { StdpWalk } from '../src/learning/stdp-walk.js';
import { pow } from '../src/kernels/math.js';

export interface PowerLawStdpOptions {
  /** Time constant of the presynaptic trace, ms. */
  tauPre: number;
  /** Learning rate η. */
  eta: number;
  /** Target value x_tar of the presynaptic trace at a postsynaptic spike: below it a synapse is weakened. */
  xTarget: number;
  /** Exponent μ of the weight dependence (wMax − w)^μ. */
  mu: number;
  wMin: number;
  wMax: number;
  pairing: 'all-to-all' | 'nearest';
}

export interface PowerLawStdpLearner extends TimeSteppedLearner {
  /** The presynaptic traces of a group (live array). */
  trace(group: SynapseGroup): Float64Array;
}

export type PowerLawStdpRule = TimeSteppedRule<PowerLawStdpOptions, PowerLawStdpLearner>;

export const powerLawStdp: PowerLawStdpRule = {
  name: 'power-law-stdp',
  regime: 'time-stepped',
  summary: 'Presynaptic-trace STDP on postsynaptic spikes, η·(x_pre − x_tar)·(wMax − w)^μ: inputs that did not help a spike are weakened',
  citation: 'Diehl & Cook (2015) Front. Comput. Neurosci. 9:99, eq. 3; Querlioz, Bichler, Dollfus & Gamrat (2013) IEEE Trans. Nanotechnol. 12:288-295',
  defaults: { tauPre: 20, eta: 0.01, xTarget: 0.4, mu: 0.2, wMin: 0, wMax: 1, pairing: 'all-to-all' },
  create({ synapses, dt, options: o }) {
    const rule = 'power-law-stdp';
    requirePositive(rule, 'tauPre', o.tauPre, 'ms');
    requireNonNegative(rule, 'eta', o.eta);
    requireNonNegative(rule, 'xTarget', o.xTarget);
    requireNonNegative(rule, 'mu', o.mu);
    const nearest = requireChoice(rule, 'pairing', o.pairing, ['all-to-all', 'nearest']) === 'nearest';
    requireWeightsWithin(rule, synapses, o.wMin, o.wMax);
    const { eta, xTarget, mu, wMin, wMax } = o;

    // Decay of x, the spike loops and the bumps are the shared walk (src/learning/stdp-walk.ts); a trace's
    // value is stored[i] · factor (see SpikeTrace). Presynaptic spikes only bump x (no onPreSpike).
    const walk = new StdpWalk(rule, synapses, dt, {
      preTraces: { x: o.tauPre },
      postTraces: {},
      nearest,
      // Postsynaptic spike of j: every synapse onto j moves by η·(x_i − x_tar)·(wMax − w)^μ.
      onPostSpike(g, _j, from, to) {
        const w = g.weight, { synapse, pre: preOf } = g.byPost, x = g.pre.x.stored, xf = g.pre.x.factor;
        for (let q = from; q < to; q++) {
          const k = synapse[q];
          const room = wMax - w[k];
          // μ = 0 is the additive rule; skip Math.pow for it. room ≥ 0 because weights stay ≤ wMax.
          const dw = eta * (x[preOf[q]] * xf - xTarget) * (mu === 0 ? 1 : room > 0 ? pow(room, mu) : 0);
          const wk = w[k] + dw;
          w[k] = wk > wMax ? wMax : wk < wMin ? wMin : wk;
        }
      },
    });

    return {
      step: (sim) => walk.step(sim),
      reset: () => walk.reset(),
      trace: (group: SynapseGroup) => walk.group(group).pre.x.values,
    };
  },
};
