import type { Matrix } from '../kernels/matrix.js';
import type { LayeredTopology, Network } from '../graph/network.js';
import type { Projection } from '../graph/projection.js';
import type { RandomStreams } from '../random/streams.js';
import type { Gradients } from './gradients.js';
import type { TeachingStep } from './teaching.js';
import type { TimeSteppedRule } from './time-stepped-rule.js';
import type { FeatureRule } from './feature-rule.js';
import type { ThroughTimeRule } from '../snn/through-time-rule.js';
import type { RuleOptions } from './rule-options.js';

// Rule authors import everything a rule is checked against from this file.
export { type RuleOptions, resolveRuleOptions } from './rule-options.js';

/**
 * A learning rule, split the way the biology question is asked (see DESIGN.md):
 *  1. a feedback pathway — how each population receives its teaching signal (`deliver`), and
 *  2. a local plasticity update at each projection, from what is present at the synapse (`plasticity`).
 * A rule is a plain object; a researcher's own rule plugs in exactly like a built-in one.
 */
export type Regime = 'minibatch' | 'time-stepped' | 'features' | 'through-time';

/** What a rule gets when it is attached to a network for one run. */
export interface RuleSetup<O extends object = RuleOptions> {
  readonly net: Network;
  readonly topology: LayeredTopology;
  /** The rule's own namespace of seeded streams (feedback matrices, noise), independent of every other consumer. */
  readonly streams: RandomStreams;
  /** The rule's options with defaults filled in. */
  readonly options: O;
}

/** A rule for layered rate networks trained on minibatches. */
export interface MinibatchRule<O extends object = RuleOptions> {
  readonly name: string;
  readonly regime: 'minibatch';
  /** One line for `plasticity list`. */
  readonly summary: string;
  /** Paper(s) the rule follows. */
  readonly citation?: string;
  /** Every option the rule accepts, with its default; unknown option names are rejected. */
  readonly defaults: O;
  /**
   * The projection kinds the rule can train, when not every kind (dense, conv2d, pool): a network with any
   * other kind is rejected before a run starts (`unsupportedProjection`), with `projectionKindsReason` saying why.
   */
  readonly projectionKinds?: readonly ProjectionKindName[];
  readonly projectionKindsReason?: string;
  create(setup: RuleSetup<O>): MinibatchLearner;
}

export type ProjectionKindName = 'dense' | 'conv2d' | 'pool';

/**
 * Null when `rule` can train projections of these kinds; otherwise a message naming the rule, the first kind
 * it cannot train and where that kind is (`where(kind)`), and the rule's reason.
 */
export function unsupportedProjection(rule: { name: string; projectionKinds?: readonly ProjectionKindName[]; projectionKindsReason?: string }, kinds: Iterable<ProjectionKindName>, where: (kind: ProjectionKindName) => string): string | null {
  if (!rule.projectionKinds) return null;
  for (const kind of kinds) {
    if (!rule.projectionKinds.includes(kind)) {
      return `rule "${rule.name}" cannot train a network with ${kind} projections (${where(kind)}); it trains ${rule.projectionKinds.join(' and ')} projections only${rule.projectionKindsReason ? `: ${rule.projectionKindsReason}` : ''}`;
    }
  }
  return null;
}

/** One rule attached to one network. */
export interface MinibatchLearner {
  /**
   * Feedback pathway: fill `step.delta[p.index]` for every hidden population. On entry the output
   * population's delta holds dLoss/da_out from the loss; rules that teach the output differently
   * (target propagation) may overwrite it.
   */
  deliver(step: TeachingStep): void;
  /** Local plasticity: write each projection's update direction into `grads` (descent: the optimiser subtracts η × it). */
  plasticity(step: TeachingStep, grads: Gradients): void;
  /** Called after the optimiser applied the update (rules with their own learned feedback weights update them here). */
  afterStep?(step: TeachingStep, grads: Gradients, learningRate: number): void;
  /**
   * The matrices that stand in for each projection's forward weights in the feedback pathway (same
   * shape as `proj.weights`), for alignment diagnostics.
   */
  feedbackWeights?(): ReadonlyMap<Projection, Matrix>;
  /**
   * Rule-specific measurements on a probe batch whose forward pass and teaching signals are in `step`
   * (e.g. target propagation's inverse reconstruction error). Must not change any state.
   */
  diagnostics?(step: TeachingStep): Record<string, number>;
}

/**
 * Any rule the engine can run: minibatch rules (rate networks), time-stepped rules (spiking networks, in the
 * clock simulator), unsupervised feature rules, which the experiment runner compares through a delta-rule
 * readout, and through-time rules (spiking networks trained on sequences: BPTT, e-prop; src/snn).
 */
export type LearningRule = MinibatchRule<any> | TimeSteppedRule<any> | FeatureRule<any> | ThroughTimeRule<any>;
