/**
 * What training measures, as plain data: the trainer fills these in, runs.jsonl stores them and the report
 * plots them, so they live in a leaf module that imports nothing.
 */

/** Metrics after one epoch. Epoch 0 is the untrained network (no training loss yet). */
export interface EpochMetrics {
  epoch: number;
  /** Mean batch loss seen during the epoch (before each batch's update); null at epoch 0. */
  trainLoss: number | null;
  /** Fraction of training examples classified correctly during the epoch (before each update); null at epoch 0 or for regression. */
  trainAccuracy: number | null;
  testLoss: number;
  testAccuracy: number | null;
  validationLoss?: number;
  validationAccuracy?: number | null;
  learningRate: number;
  /** Wall seconds spent training this epoch (evaluation excluded). */
  seconds: number;
  /** Rule diagnostics on a probe batch (alignment angles and the like), when the caller computes them. */
  diagnostics?: Record<string, number>;
}

export type RunStatus = 'completed' | 'diverged';

export interface TrainingResult {
  status: RunStatus;
  /** Epoch (1-based) in which the loss became NaN or infinite. */
  divergedAtEpoch?: number;
  epochs: EpochMetrics[];
}
