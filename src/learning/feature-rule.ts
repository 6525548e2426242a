import type { Matrix } from '../kernels/matrix.js';
import type { RandomStreams } from '../random/streams.js';
import type { Task } from '../tasks/task.js';
import type { Figure } from '../plot/figure.js';
import type { RuleOptions } from './rule-options.js';

/**
 * Unsupervised local learning (Hebbian, Oja/Sanger, STDP) learns features, not a classifier. To put such a
 * rule in the same table as backprop, the experiment runner gives it the task's training inputs, takes the
 * features it computes for the training and test sets, and trains a linear readout on them with the delta
 * rule (`deltaRule` in src/training/feature-readout.ts: presynaptic feature × (target − output), local at every synapse), using the run's
 * training settings (epochs, batch size, optimiser, loss). The run's learning curve is the readout's; its
 * weights hash covers the feature learner's parameters and the readout.
 *
 * A feature rule must not look at labels while learning its features; it may use them for its own
 * diagnostics (e.g. Diehl & Cook's vote classification), which it returns in `metrics`.
 */
export interface FeatureRule<O extends object = RuleOptions> {
  readonly name: string;
  readonly regime: 'features';
  readonly summary: string;
  readonly citation?: string;
  readonly defaults: O;
  learn(setup: FeatureSetup<O>): FeatureMaps | Promise<FeatureMaps>;
}

export interface FeatureSetup<O extends object = RuleOptions> {
  readonly task: Task;
  /** The rule's own streams ("rule/<name>/..."), derived from the run's seed. */
  readonly streams: RandomStreams;
  readonly options: O;
  /** Progress lines (shown by the runner's progress display). */
  log(message: string): void;
}

export interface FeatureMaps {
  /** Features of the training examples (examples × features): every one, or those listed in `trainRows`. */
  readonly train: Matrix;
  /** Which training examples `train` holds, in order (default: all, in order). */
  readonly trainRows?: Int32Array;
  /** Features of the test examples: every one, or those listed in `testRows`. */
  readonly test: Matrix;
  readonly testRows?: Int32Array;
  /** SHA-256 (hex) of the learned parameters, so reproduce can compare them bit for bit. */
  readonly parametersHash: string;
  /** Rule-specific results (e.g. Diehl & Cook's vote accuracy), recorded with the run. */
  readonly metrics?: Record<string, number>;
  /** Figures of what was learned (receptive fields, weight histograms), added to the report. */
  readonly figures?: Figure[];
}
