import type { Network } from '../graph/network.js';
import type { SynapseGroup } from '../graph/synapses.js';
import type { RandomStreams } from '../random/streams.js';
import type { ClockSimulator, StepHook } from '../sim/clock.js';
import type { RuleOptions } from './rule-options.js';

/**
 * A learning rule for spiking networks, run by the clock-driven simulator once per time step in its
 * "plasticity" phase (after this step's spikes were emitted and propagated; see UPDATE_ORDER). It sees
 * the step's spikes (`sim.spikesOf(pop)`) and changes the weights of the synapse groups it was attached
 * to. Feedback pathway: none for STDP; a global reward signal for three-factor rules. Local plasticity:
 * traces of pre- and postsynaptic spikes kept by the rule.
 *
 * Attach one with `attachRule(sim, rule, synapses, options)` (src/learning/attach-rule.ts), which checks the
 * options against `defaults`, gives the learner its streams "rule/<name>" and adds it as the simulator's
 * hook; `create` is what it calls. `L` is the rule's own learner type (e.g. one with a `traces()` lookup),
 * which attachRule returns.
 */
export interface TimeSteppedRule<O extends object = RuleOptions, L extends TimeSteppedLearner = TimeSteppedLearner> {
  readonly name: string;
  readonly regime: 'time-stepped';
  readonly summary: string;
  readonly citation?: string;
  /** Every option the rule accepts, with its default; unknown option names are rejected. */
  readonly defaults: O;
  create(setup: TimeSteppedSetup<O>): L;
}

export interface TimeSteppedSetup<O extends object = RuleOptions> {
  readonly net: Network;
  /** The plastic synapse groups (weights change in place, in `group.weight`). */
  readonly synapses: readonly SynapseGroup[];
  readonly dt: number;
  readonly streams: RandomStreams;
  readonly options: O;
}

/** One rule attached to its synapses: a simulator step hook whose reset() clears every trace it owns. */
export interface TimeSteppedLearner extends StepHook {
  step(sim: ClockSimulator): void;
  reset(): void;
  /** Third factor (e.g. reward or dopamine) for rules that use one; ignored by others. */
  setModulator?(value: number): void;
}
