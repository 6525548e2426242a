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
import type { TimeSteppedLearner, TimeSteppedRule, TimeSteppedSetup } from '../src/learning/time-stepped-rule.js';
import type { ClockSimulator } from '../src/sim/clock.js';
import { SpikeTrace, buildPostIndex, checkSimulatorDt, requireChoice, requireNonNegative, requirePositive, requireWeightsWithin, type PostIndex } from '../src/learning/stdp-traces.js';

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

export interface TripletStdpRule extends TimeSteppedRule<TripletStdpOptions> {
  create(setup: TimeSteppedSetup<TripletStdpOptions>): TripletStdpLearner;
}

interface GroupState {
  group: SynapseGroup;
  byPost: PostIndex;
  r1: SpikeTrace;
  r2: SpikeTrace;
  o1: SpikeTrace;
  o2: SpikeTrace;
}

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
    const groups: GroupState[] = synapses.map((group) => ({
      group,
      byPost: buildPostIndex(group),
      r1: new SpikeTrace(group.pre.size, o.tauPlus, dt, nearest),
      r2: new SpikeTrace(group.pre.size, o.tauX, dt, nearest),
      o1: new SpikeTrace(group.post.size, o.tauMinus, dt, nearest),
      o2: new SpikeTrace(group.post.size, o.tauY, dt, nearest),
    }));

    return {
      step(sim: ClockSimulator) {
        checkSimulatorDt(rule, dt, sim);
        for (const g of groups) {
          const { rowStart, postIndex, weight: w } = g.group;
          g.r1.decayStep();
          g.r2.decayStep();
          g.o1.decayStep();
          g.o2.decayStep();
          // Trace of neuron i = stored[i] · factor (see SpikeTrace); factors do not change within the step.
          const r1 = g.r1.stored, r2 = g.r2.stored, o1 = g.o1.stored, o2 = g.o2.stored;
          const r1f = g.r1.factor, r2f = g.r2.factor, o1f = g.o1.factor, o2f = g.o2.factor;

          // Presynaptic spikes: pair depression by o1, enhanced by the neuron's own earlier spikes (r2).
          const pre = sim.spikesOf(g.group.pre);
          for (let s = 0; s < pre.count; s++) {
            const i = pre.indices[s];
            const amp = a2Minus + a3Minus * r2[i] * r2f;
            for (let k = rowStart[i], end = rowStart[i + 1]; k < end; k++) {
              const wk = w[k] - o1[postIndex[k]] * o1f * amp;
              w[k] = wk < wMin ? wMin : wk;
            }
            g.r1.bump(i);
            g.r2.bump(i);
          }

          // Postsynaptic spikes: potentiation by r1, enhanced by the neuron's own earlier spikes (o2).
          const post = sim.spikesOf(g.group.post);
          const { start, synapse, pre: preOf } = g.byPost;
          for (let s = 0; s < post.count; s++) {
            const j = post.indices[s];
            const amp = a2Plus + a3Plus * o2[j] * o2f;
            for (let q = start[j], end = start[j + 1]; q < end; q++) {
              const k = synapse[q];
              const wk = w[k] + r1[preOf[q]] * r1f * amp;
              w[k] = wk > wMax ? wMax : wk;
            }
            g.o1.bump(j);
            g.o2.bump(j);
          }
        }
      },
      reset() {
        for (const g of groups) for (const t of [g.r1, g.r2, g.o1, g.o2]) t.reset();
      },
      traces(group: SynapseGroup) {
        const g = groups.find((s) => s.group === group);
        if (!g) throw new Error(`rule "triplet-stdp": synapses "${group.name}" are not plastic under this learner`);
        return { r1: g.r1.values, r2: g.r2.values, o1: g.o1.values, o2: g.o2.values };
      },
    };
  },
};
