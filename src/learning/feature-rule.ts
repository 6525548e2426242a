import { Matrix } from '../kernels/matrix.js';
import type { RandomStreams } from '../random/streams.js';
import type { Dataset, Task } from '../tasks/task.js';
import { noFeedback } from './hebbian.js';
import { presynapticTimesTeaching } from './local-update.js';
import type { MinibatchRule, RuleOptions } from './rule.js';
import type { Figure } from '../plot/figures.js';

/**
 * Unsupervised local learning (Hebbian, Oja/Sanger, STDP) learns features, not a classifier. To put such a
 * rule in the same table as backprop, the experiment runner gives it the task's training inputs, takes the
 * features it computes for the training and test sets, and trains a linear readout on them with the delta
 * rule (`deltaRule` below: presynaptic feature × (target − output), local at every synapse), using the run's
 * training settings (epochs, batch size, optimiser, loss). The run's learning curve is the readout's; its
 * weights hash covers the feature learner's parameters and the readout.
 *
 * A feature rule must not look at labels while learning its features; it may use them for its own
 * diagnostics (e.g. Diehl & Cook's vote classification), which it returns in `metrics`.
 */
export interface FeatureRule<O extends RuleOptions = RuleOptions> {
  readonly name: string;
  readonly regime: 'features';
  readonly summary: string;
  readonly citation?: string;
  readonly defaults: O;
  learn(setup: FeatureSetup<O>): FeatureMaps | Promise<FeatureMaps>;
}

export interface FeatureSetup<O extends RuleOptions = RuleOptions> {
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

/**
 * Each feature scaled to zero mean and unit variance with the training set's statistics (applied to both
 * sets), so the readout's learning rate does not depend on the features' units (spike counts, projections).
 * A feature constant on the training set becomes 0.
 */
export function standardiseFeatures(train: Matrix, test: Matrix): { train: Matrix; test: Matrix } {
  const f = train.cols, mean = new Float64Array(f), std = new Float64Array(f);
  for (let r = 0; r < train.rows; r++) for (let j = 0; j < f; j++) mean[j] += train.data[r * f + j];
  for (let j = 0; j < f; j++) mean[j] /= Math.max(1, train.rows);
  for (let r = 0; r < train.rows; r++) for (let j = 0; j < f; j++) std[j] += (train.data[r * f + j] - mean[j]) ** 2;
  for (let j = 0; j < f; j++) std[j] = Math.sqrt(std[j] / Math.max(1, train.rows));
  const scale = (m: Matrix) => {
    const out = new Matrix(m.rows, m.cols);
    for (let r = 0; r < m.rows; r++) for (let j = 0; j < f; j++) out.data[r * f + j] = std[j] > 0 ? (m.data[r * f + j] - mean[j]) / std[j] : 0;
    return out;
  };
  return { train: scale(train), test: scale(test) };
}

/** The rows `rows` of a dataset (copied); the dataset itself when `rows` is undefined. */
function pick(d: Dataset, rows: Int32Array | undefined): Dataset {
  if (!rows) return d;
  const t = new Matrix(rows.length, d.targets.cols);
  rows.forEach((r, i) => t.data.set(d.targets.data.subarray(r * d.targets.cols, (r + 1) * d.targets.cols), i * d.targets.cols));
  return { inputs: d.inputs, targets: t, ...(d.labels && { labels: Int32Array.from(rows, (r) => d.labels![r]) }) };
}

/** The task with its inputs replaced by features, on the examples the features cover (targets follow). */
export function featureTask(task: Task, maps: { train: Matrix; test: Matrix; trainRows?: Int32Array; testRows?: Int32Array }): Task {
  const train = pick(task.train, maps.trainRows), test = pick(task.test, maps.testRows);
  if (maps.train.rows !== train.targets.rows || maps.test.rows !== test.targets.rows) {
    throw new Error(`features: expected ${train.targets.rows} training and ${test.targets.rows} test rows, got ${maps.train.rows} and ${maps.test.rows}`);
  }
  if (maps.train.cols !== maps.test.cols) throw new Error(`features: ${maps.train.cols} training features but ${maps.test.cols} test features`);
  return {
    ...task,
    inputSize: maps.train.cols,
    train: { ...train, inputs: maps.train },
    test: { ...test, inputs: maps.test },
    validation: undefined,
  };
}

/**
 * The delta rule (Widrow & Hoff 1960; for a softmax output with cross-entropy, the same form): for a network
 * with no hidden layer, ΔW = −η xᵀ(y − t): each synapse changes by its input times the output error at its
 * own neuron. No feedback pathway is needed, since the teaching signal arrives where it is used.
 */
export const deltaRule: MinibatchRule<Record<string, never>> = {
  name: 'delta-rule',
  regime: 'minibatch',
  summary: 'Delta rule for a single-layer readout: input × output error at each synapse',
  citation: 'Widrow & Hoff (1960) IRE WESCON Convention Record 4:96-104',
  defaults: {},
  create({ topology }) {
    if (topology.order.length !== topology.inputs.length + 1) throw new Error('rule "delta-rule": trains a network without hidden layers (a linear readout)');
    return { deliver: noFeedback, plasticity: presynapticTimesTeaching };
  },
};
