/**
 * Triplet STDP (Pfister & Gerstner 2006, J. Neurosci. 26:9673), all-to-all interactions.
 *
 * Pair STDP cannot explain why pairing a pre and a post spike +10 ms apart depresses or does nothing at
 * low repetition rates but potentiates at high ones (Sjöström, Turrigiano & Nelson 2001). The triplet rule
 * adds a slow postsynaptic trace so that potentiation grows with the recent postsynaptic rate.
 * Traces (each τ dv/dt = −v, +1 per spike): presynaptic r1 (τ+) and r2 (τx); postsynaptic o1 (τ−) and o2 (τy).
 * For synapse k from i to j:
 *   pre spike of i:   w_k ← w_k − o1_j · (A2− + A3− · r2_i(t−))       then r1_i, r2_i += 1
 *   post spike of j:  w_k ← w_k + r1_i · (A2+ + A3+ · o2_j(t−))       then o1_j, o2_j += 1
 * where (t−) means the value just before this spike's own increment. Weights are clipped to [wMin, wMax].
 *
 * Defaults: the paper's minimal all-to-all model fitted to the visual-cortex data (Table 3, "Min.",
 * all-to-all): A2+ = 0, A3+ = 6.5e-3, A2− = 7.1e-3, A3− = 0, τy = 114 ms, with τ+ = 16.8 ms and τ− = 33.7 ms
 * (fixed in the paper from Bi & Poo's window). Depression is a pure pair effect and potentiation a pure
 * triplet (post-pre-post) effect. τx only matters when A3− ≠ 0; its default, 101 ms, is the full model's.
 * The paper's amplitudes are weight changes per spike pairing relative to the starting weight, so with
 * weights in [0, 1] they are used unscaled: 60 pairings at 1 Hz with Δt = −10 ms move w by about −0.3, while
 * at Δt = +10 ms they barely move it (o2 has decayed to e^{−1000/114} ≈ 1.5e-4 by the next post spike): at
 * low frequency the visual-cortex model only depresses, as Sjöström et al. found.
 * Setting a3Plus = a3Minus = 0 gives additive all-to-all pair STDP with A+ = A2+, A− = A2−.
 *
 * Pairing: 'all-to-all' (default; a spike adds 1 to its traces) or 'nearest' (a spike sets them to 1, so only
 * the latest spike on each side counts; the paper's nearest-spike variant). Diehl & Cook (2015) use the
 * nearest-spike minimal model with A2+ = 0, A3+ = 0.01, A2− = 1e-4, A3− = 0, τ+ = τ− = 20 ms, τy = 40 ms.
 *
 * Timing conventions as in rules/stdp.ts: traces decay by exactly exp(−dt/τ) at the start of each
 * plasticity phase; within a step presynaptic spikes are handled before postsynaptic ones, so a same-step
 * pair counts as causal (Δt = 0, potentiation); delays are ignored (emission times on both sides).
 *
 * Feedback pathway: none. Local plasticity: four traces at the synapse. step() allocates nothing.
 */
import type { SynapseGroup } from '../src/graph/synapses.js';
import type { TimeSteppedLearner, TimeSteppedRule } from '../src/learning/time-stepped-rule.js';
import { requireChoice, requireNonNegative, requirePositive, requireWeightsWithin } from '../src/learning/stdp-traces.js';
import { StdpWalk } from '../src/learning/stdp-walk.js';

export interface TripletStdpOptions {
  /** τ+ of the presynaptic pair trace r1, ms. */
  tauPlus: number;
  /** τx of the presynaptic triplet trace r2, ms (used only when a3Minus > 0). */
  tauX: number;
  /** τ− of the postsynaptic pair trace o1, ms. */
  tauMinus: number;
  /** τy of the postsynaptic triplet trace o2, ms. */
  tauY: number;
  a2Plus: number;
  a3Plus: number;
  a2Minus: number;
  a3Minus: number;
  wMin: number;
  wMax: number;
  /** 'all-to-all': a spike adds 1 to its traces; 'nearest': it sets them to 1 (only the latest spike counts). */
  pairing: 'all-to-all' | 'nearest';
}

export interface TripletStdpLearner extends TimeSteppedLearner {
  traces(group: SynapseGroup): { r1: Float64Array; r2: Float64Array; o1: Float64Array; o2: Float64Array };
}

export type TripletStdpRule = TimeSteppedRule<TripletStdpOptions, TripletStdpLearner>;

export const tripletStdp: TripletStdpRule = {
  name: 'triplet-stdp',
  regime: 'time-stepped',
  summary: 'Triplet STDP (all-to-all): pair depression plus potentiation scaled by a slow postsynaptic trace, so LTP grows with pairing frequency',
  citation: 'Pfister & Gerstner (2006) J. Neurosci. 26:9673-9682 (minimal visual-cortex model, all-to-all)',
  defaults: { tauPlus: 16.8, tauX: 101, tauMinus: 33.7, tauY: 114, a2Plus: 0, a3Plus: 6.5e-3, a2Minus: 7.1e-3, a3Minus: 0, wMin: 0, wMax: 1, pairing: 'all-to-all' },
  create({ synapses, dt, options: o }) {
    const rule = 'triplet-stdp';
    for (const name of ['tauPlus', 'tauX', 'tauMinus', 'tauY'] as const) requirePositive(rule, name, o[name], 'ms');
    for (const name of ['a2Plus', 'a3Plus', 'a2Minus', 'a3Minus'] as const) requireNonNegative(rule, name, o[name]);
    requireWeightsWithin(rule, synapses, o.wMin, o.wMax);
    const nearest = requireChoice(rule, 'pairing', o.pairing, ['all-to-all', 'nearest']) === 'nearest';
    const { a2Plus, a3Plus, a2Minus, a3Minus, wMin, wMax } = o;

    // Decay, spike loops and bumps are the shared walk (src/learning/stdp-walk.ts); a trace's value is
    // stored[i] · factor (see SpikeTrace). The callbacks run before the spiking neuron's own traces are
    // bumped, so r2[i] and o2[j] below are the (t−) values of the header.
    const walk = new StdpWalk(rule, synapses, dt, {
      preTraces: { r1: o.tauPlus, r2: o.tauX },
      postTraces: { o1: o.tauMinus, o2: o.tauY },
      nearest,
      // Presynaptic spike of i: pair depression by o1, enhanced by the neuron's own earlier spikes (r2).
      onPreSpike(g, i, from, to) {
        const w = g.weight, postOf = g.postOf, o1 = g.post.o1.stored, o1f = g.post.o1.factor;
        const amp = a2Minus + a3Minus * g.pre.r2.stored[i] * g.pre.r2.factor;
        if (amp === 0) return; // nothing to depress (this test also keeps amp's computation out of the loop)
        for (let k = from; k < to; k++) {
          const wk = w[k] - o1[postOf[k]] * o1f * amp;
          w[k] = wk < wMin ? wMin : wk;
        }
      },
      // Postsynaptic spike of j: potentiation by r1, enhanced by the neuron's own earlier spikes (o2).
      onPostSpike(g, j, from, to) {
        const w = g.weight, { synapse, pre: preOf } = g.byPost, r1 = g.pre.r1.stored, r1f = g.pre.r1.factor;
        const amp = a2Plus + a3Plus * g.post.o2.stored[j] * g.post.o2.factor;
        if (amp === 0) return; // nothing to potentiate (this test also keeps amp's computation out of the loop)
        for (let q = from; q < to; q++) {
          const k = synapse[q];
          const wk = w[k] + r1[preOf[q]] * r1f * amp;
          w[k] = wk > wMax ? wMax : wk;
        }
      },
    });

    return {
      step: (sim) => walk.step(sim),
      reset: () => walk.reset(),
      traces(group: SynapseGroup) {
        const g = walk.group(group);
        return { r1: g.pre.r1.values, r2: g.pre.r2.values, o1: g.post.o1.values, o2: g.post.o2.values };
      },
    };
  },
};
