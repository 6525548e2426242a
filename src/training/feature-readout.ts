import { Matrix } from '../kernels/matrix.js';
import { noFeedback } from '../learning/hebbian.js';
import { presynapticTimesTeaching } from '../learning/local-update.js';
import type { MinibatchRule } from '../learning/rule.js';
import type { Dataset, Task } from '../tasks/task.js';

/**
 * The read-out that puts a feature rule (src/learning/feature-rule.ts) in the same table as backprop: the
 * features it learned replace the task's inputs, are standardised with training-set statistics, and a linear
 * softmax layer is trained on them with the delta rule, using the run's training settings.
 */

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
    inputShape: undefined, // features are a vector, whatever the images were
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
