/**
 * Reward-modulated STDP, a three-factor rule (Izhikevich 2007, Cereb. Cortex 17:2443; review: Frémaux &
 * Gerstner 2016, Front. Neural Circuits 9:85).
 *
 * Spike pairings do not change the weight directly: they tag the synapse with an eligibility trace e_k,
 * and the weight moves only while a third factor M (reward, dopamine) is present:
 *   τe de_k/dt = −e_k + STDP_k(t),      dw_k/dt = η · M(t) · e_k,      w_k clipped to [wMin, wMax]
 * STDP_k is additive all-to-all pair STDP in trace form, exactly as in rules/stdp.ts: a pre spike of i adds
 * −A−·y_j to e_k, a post spike of j adds +A+·x_i (x: presynaptic trace, τ+; y: postsynaptic trace, τ−).
 * Izhikevich's c (eligibility) decays with τc = 1 s, which bridges the delay between a pairing and a reward
 * arriving up to a few seconds later; his s (weight) follows ds/dt = c·d.
 *
 * Per step: traces and e decay by their exact factors exp(−dt/τ); this step's pre spikes, then post spikes,
 * add to e (same-step pairs count as causal, as in rules/stdp.ts); then w_k += η·M·e_k·dt and is clipped.
 * M is set with setModulator(value) and holds until changed (default 0; reset() sets it back to 0). With
 * M = 0 the weights are not touched at all.
 * Defaults: τ± 20 ms, A+ 0.01, A− 0.0105 (as rules/stdp.ts), τe 1000 ms, η = 0.001 per ms = 1/τe, so that
 * holding M = 1 for long after a pairing changes w by exactly what pair STDP would have: ∫η·e dt = e0.
 *
 * Feedback pathway: a global scalar (the modulator) broadcast to every synapse. Local plasticity: the
 * pre/post traces and the eligibility trace at each synapse. Cost: one pass over the synapses per step
 * (eligibility decay), a second while M ≠ 0. step() allocates nothing.
 */
import type { SynapseGroup } from '../src/graph/synapses.js';
import type { TimeSteppedLearner, TimeSteppedRule } from '../src/learning/time-stepped-rule.js';
import { requireNonNegative, requirePositive, requireWeightsWithin } from '../src/learning/stdp-traces.js';
import { StdpWalk } from '../src/learning/stdp-walk.js';
import { exp } from '../src/kernels/math.js';

export interface RewardStdpOptions {
  tauPlus: number;
  tauMinus: number;
  aPlus: number;
  aMinus: number;
  /** Time constant of the eligibility trace, ms (Izhikevich's τc). */
  tauE: number;
  /** Learning rate per ms per unit of modulator. */
  eta: number;
  wMin: number;
  wMax: number;
}

export interface RewardStdpLearner extends TimeSteppedLearner {
  setModulator(value: number): void;
  readonly modulator: number;
  traces(group: SynapseGroup): { xPre: Float64Array; yPost: Float64Array; eligibility: Float64Array };
}

export type RewardStdpRule = TimeSteppedRule<RewardStdpOptions, RewardStdpLearner>;

export const rewardStdp: RewardStdpRule = {
  name: 'reward-stdp',
  regime: 'time-stepped',
  summary: 'Reward-modulated STDP: pair STDP fills a decaying eligibility trace; weights change by η·M·e while a modulator M is present',
  citation: 'Izhikevich (2007) Cereb. Cortex 17:2443-2452; Frémaux & Gerstner (2016) Front. Neural Circuits 9:85',
  defaults: { tauPlus: 20, tauMinus: 20, aPlus: 0.01, aMinus: 0.0105, tauE: 1000, eta: 0.001, wMin: 0, wMax: 1 },
  create({ synapses, dt, options: o }) {
    const rule = 'reward-stdp';
    for (const name of ['tauPlus', 'tauMinus', 'tauE'] as const) requirePositive(rule, name, o[name], 'ms');
    for (const name of ['aPlus', 'aMinus', 'eta'] as const) requireNonNegative(rule, name, o[name]);
    requireWeightsWithin(rule, synapses, o.wMin, o.wMax);
    const { aPlus, aMinus, eta, wMin, wMax } = o;
    const eDecay = exp(-dt / o.tauE);
    let modulator = 0;

    // Decay of x and y, the spike loops and the bumps are the shared walk (src/learning/stdp-walk.ts); a
    // trace's value is stored[i] · factor (see SpikeTrace). e_k is a per-synapse variable of the walk.
    const walk = new StdpWalk(rule, synapses, dt, {
      preTraces: { x: o.tauPlus },
      postTraces: { y: o.tauMinus },
      perSynapse: ['eligibility'],
      beforeSpikes(g) {
        const e = g.perSynapse.eligibility;
        for (let k = 0; k < e.length; k++) e[k] *= eDecay;
      },
      // Pairings tag synapses, exactly as pair STDP would change them (pre spike: −A−·y; post spike: +A+·x).
      onPreSpike(g, _i, from, to) {
        const e = g.perSynapse.eligibility, postOf = g.postOf, y = g.post.y.stored, yf = g.post.y.factor;
        for (let k = from; k < to; k++) e[k] -= aMinus * y[postOf[k]] * yf;
      },
      onPostSpike(g, _j, from, to) {
        const e = g.perSynapse.eligibility, { synapse, pre: preOf } = g.byPost, x = g.pre.x.stored, xf = g.pre.x.factor;
        for (let q = from; q < to; q++) e[synapse[q]] += aPlus * x[preOf[q]] * xf;
      },
      // Third factor: w moves by η·M·e·dt while M ≠ 0.
      afterSpikes(g) {
        if (modulator === 0) return;
        const w = g.weight, e = g.perSynapse.eligibility, gain = eta * modulator * dt;
        for (let k = 0; k < e.length; k++) {
          const wk = w[k] + gain * e[k];
          w[k] = wk < wMin ? wMin : wk > wMax ? wMax : wk;
        }
      },
      onReset() {
        modulator = 0;
      },
    });

    return {
      step: (sim) => walk.step(sim),
      reset: () => walk.reset(),
      setModulator(value: number) {
        if (!Number.isFinite(value)) throw new RangeError(`rule "reward-stdp": modulator must be a finite number, got ${value}`);
        modulator = value;
      },
      get modulator() {
        return modulator;
      },
      traces(group: SynapseGroup) {
        const g = walk.group(group);
        return { xPre: g.pre.x.values, yPost: g.post.y.values, eligibility: g.perSynapse.eligibility };
      },
    };
  },
};
