/**
 * Pair-based spike-timing-dependent plasticity in trace form (Song, Miller & Abbott 2000, Nat. Neurosci.
 * 3:919; pairing schemes and weight dependences as classified by Morrison, Diesmann & Gerstner 2008, Biol.
 * Cybern. 98:459).
 *
 * Each presynaptic neuron i keeps a trace x_i (τ+ dx/dt = −x), each postsynaptic neuron j a trace y_j
 * (τ− dy/dt = −y). For synapse k from i to j:
 *   pre spike of i:   w_k ← w_k + Δw−,  Δw− = −A− · y_j                  then x_i ← x_i + 1
 *   post spike of j:  w_k ← w_k + Δw+,  Δw+ = +A+ · x_i                  then y_j ← y_j + 1
 * so with all-to-all pairing a pair (pre at t_i, post at t_j) contributes A+·e^{−(t_j−t_i)/τ+} if t_j ≥ t_i
 * and −A−·e^{−(t_i−t_j)/τ−} if t_j < t_i: the classic exponential STDP window, summed over every pair.
 *
 * Options:
 * - weightDependence 'additive' (Song et al.): Δw± as above, then clipped to [wMin, wMax] (hard bounds);
 *   'multiplicative' (soft bounds): Δw+ = A+·(wMax − w)·x_i, Δw− = −A−·(w − wMin)·y_j, so a weight slows
 *   down as it nears a bound and (for A±·trace < 1) never reaches it. The clip is kept as a guard.
 * - pairing 'all-to-all': a spike adds 1 to its trace; 'nearest': a spike sets its trace to 1, so each spike
 *   pairs only with the nearest earlier spike on the other side (Morrison et al.'s symmetric nearest-spike
 *   scheme; one pre spike may pair with several post spikes and vice versa).
 *
 * Timing conventions (the clock simulator stamps a spike with the start t of its step, src/sim/spike-time.ts):
 * - Traces decay by exactly exp(−dt/τ) at the start of each plasticity phase, so during step s a trace holds
 *   the spikes of steps s' < s weighted by e^{−(t_s − t_s')/τ}.
 * - Within a step all presynaptic spikes are handled before all postsynaptic spikes. A pre and a post spike
 *   in the same step therefore form one pair with Δt = t_post − t_pre = 0 that counts as causal: the post
 *   spike sees the pre spike's fresh trace (+A+), the pre spike does not see the post spike (no −A−).
 *   This is the order of Brian2's classic STDP example (on_pre runs before on_post) and the convention
 *   "t_j ≥ t_i potentiates".
 * - Transmission delays are ignored by the rule: pairs are timed by spike emission on both sides.
 * Weights used to transmit this step's spikes are the pre-update ones (propagation precedes plasticity).
 *
 * Feedback pathway: none. Local plasticity: the two traces present at each synapse.
 * Each group in setup.synapses gets its own traces; reset() zeroes them. step() allocates nothing.
 */
import type { SynapseGroup } from '../src/graph/synapses.js';
import type { TimeSteppedLearner, TimeSteppedRule } from '../src/learning/time-stepped-rule.js';
import { requireChoice, requireNonNegative, requirePositive, requireWeightsWithin } from '../src/learning/stdp-traces.js';
import { StdpWalk } from '../src/learning/stdp-walk.js';
import { depressOnPre, potentiateOnPost } from '../src/learning/stdp-pair-updates.js';

export interface StdpOptions {
  /** Time constant of the presynaptic trace x, ms (width of the potentiation side of the window). */
  tauPlus: number;
  /** Time constant of the postsynaptic trace y, ms (width of the depression side). */
  tauMinus: number;
  /** Potentiation amplitude A+ (> 0). */
  aPlus: number;
  /** Depression amplitude A− (> 0; the change is −A−·y). */
  aMinus: number;
  wMin: number;
  wMax: number;
  weightDependence: 'additive' | 'multiplicative';
  pairing: 'all-to-all' | 'nearest';
}

/** A learner that also exposes its traces (live arrays), for tests and diagnostics. */
export interface StdpLearner extends TimeSteppedLearner {
  traces(group: SynapseGroup): { xPre: Float64Array; yPost: Float64Array };
}

export type StdpRule = TimeSteppedRule<StdpOptions, StdpLearner>;

export const stdp: StdpRule = {
  name: 'stdp',
  regime: 'time-stepped',
  summary: 'Pair-based STDP with pre/post traces; additive (hard bounds) or multiplicative (soft bounds), all-to-all or nearest-spike pairing',
  citation: 'Song, Miller & Abbott (2000) Nat. Neurosci. 3:919-926; Morrison, Diesmann & Gerstner (2008) Biol. Cybern. 98:459-478',
  defaults: { tauPlus: 20, tauMinus: 20, aPlus: 0.01, aMinus: 0.0105, wMin: 0, wMax: 1, weightDependence: 'additive', pairing: 'all-to-all' },
  create({ synapses, dt, options: o }) {
    const rule = 'stdp';
    requirePositive(rule, 'tauPlus', o.tauPlus, 'ms');
    requirePositive(rule, 'tauMinus', o.tauMinus, 'ms');
    requireNonNegative(rule, 'aPlus', o.aPlus);
    requireNonNegative(rule, 'aMinus', o.aMinus);
    const soft = requireChoice(rule, 'weightDependence', o.weightDependence, ['additive', 'multiplicative']) === 'multiplicative';
    const nearest = requireChoice(rule, 'pairing', o.pairing, ['all-to-all', 'nearest']) === 'nearest';
    requireWeightsWithin(rule, synapses, o.wMin, o.wMax);
    const { aPlus, aMinus, wMin, wMax } = o;

    // The decay of x and y, the spike loops and the bumps are the shared walk (src/learning/stdp-walk.ts);
    // a trace's value is stored[i] · factor (see SpikeTrace), the factor fixed within the step. The two
    // per-synapse loops (the Δw± of the header, then the clip) are in src/learning/stdp-pair-updates.ts, which
    // runs them in the WebAssembly module when that path is on.
    const walk = new StdpWalk(rule, synapses, dt, {
      preTraces: { x: o.tauPlus },
      postTraces: { y: o.tauMinus },
      nearest,
      // Presynaptic spike of i: depress each of its synapses by the post trace (this step's post spikes not yet in it).
      onPreSpike(g, _i, from, to) {
        depressOnPre(g.weight, g.postOf, g.post.y.stored, g.post.y.factor, from, to, aMinus, wMin, soft);
      },
      // Postsynaptic spike of j: potentiate each synapse onto j by its pre trace (including this step's pre spikes).
      onPostSpike(g, _j, from, to) {
        potentiateOnPost(g.weight, g.byPost.synapse, g.byPost.pre, g.pre.x.stored, g.pre.x.factor, from, to, aPlus, wMax, soft);
      },
    });

    return {
      step: (sim) => walk.step(sim),
      reset: () => walk.reset(),
      traces(group: SynapseGroup) {
        const g = walk.group(group);
        return { xPre: g.pre.x.values, yPost: g.post.y.values };
      },
    };
  },
};
