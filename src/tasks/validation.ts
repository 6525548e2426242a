import { datasetSize, sliceDataset } from './dataset.js';
import type { Dataset } from './task.js';

/**
 * How many of `n` training examples the `validation` option holds out.
 *
 * - 0 means no validation split.
 * - A number strictly between 0 and 1 is a fraction of `n`, rounded to the nearest whole example.
 * - An integer ≥ 1 is a count (so 1 means one example, not "everything").
 * Anything else, or a split that would leave no training examples or hold out none, is an error naming
 * the option and the value: a silently empty split would make validation metrics meaningless.
 */
export function validationCount(taskName: string, value: unknown, n: number): number {
  const where = `task "${taskName}": option validation`;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`${where} must be 0, a fraction in (0, 1) or a whole count >= 1, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
  }
  if (value === 0) return 0;
  let count: number;
  if (value < 1) {
    count = Math.round(value * n);
    if (count === 0) throw new Error(`${where} = ${value} of ${n} training examples rounds to 0 examples; use a larger fraction or a count`);
  } else {
    if (!Number.isInteger(value)) throw new Error(`${where} must be a fraction in (0, 1) or a whole count, got ${value}`);
    count = value;
  }
  if (count >= n) {
    throw new Error(`${where} = ${value} would hold out ${count} of ${n} training examples, leaving none to train on`);
  }
  return count;
}

/**
 * Carves a validation split off the END of a training set (deterministic, no shuffling: synthetic data is
 * already in random order, and for fixed datasets like MNIST the tail is the conventional hold-out).
 * Both parts are views sharing the original's memory.
 */
export function splitValidation(taskName: string, train: Dataset, value: unknown): { train: Dataset; validation?: Dataset } {
  const n = datasetSize(train);
  const count = validationCount(taskName, value, n);
  if (count === 0) return { train };
  return { train: sliceDataset(train, 0, n - count), validation: sliceDataset(train, n - count, count) };
}
