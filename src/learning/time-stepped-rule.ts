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
 */
export interface TimeSteppedRule<O extends object = RuleOptions> {
  readonly name: string;
  readonly regime: 'time-stepped';
  readonly summary: string;
  readonly citation?: string;
  readonly defaults: O;
  create(setup: TimeSteppedSetup<O>): TimeSteppedLearner;
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
