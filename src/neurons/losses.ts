import type { Matrix } from '../kernels/matrix.js';
import type { Activation } from './activations.js';
import { exp, log, log1p } from '../kernels/math.js';

/**
 * A loss on the output population, averaged over the examples of a batch.
 *
 * `evaluate` returns the mean loss and, when `gradA` is given, writes dLoss/da for the output
 * pre-activation, already divided by the batch size. Working on a (pre-activation) rather than h lets
 * cross-entropy use its exact, stable form h − y instead of dividing by probabilities that may underflow.
 */
export interface Loss {
  readonly name: LossName;
  evaluate(a: Matrix, h: Matrix, target: Matrix, activation: Activation, gradA?: Matrix, scratch?: Matrix): number;
}

export type LossName = 'mse' | 'cross-entropy';

function checkShapes(name: string, h: Matrix, target: Matrix): void {
  if (h.rows !== target.rows || h.cols !== target.cols) {
    throw new RangeError(`${name} loss: output is ${h.shape()} but target is ${target.shape()}`);
  }
}

/** Mean over examples of ½ Σ_j (h_j − y_j)². Works with any output activation. */
const mse: Loss = {
  name: 'mse',
  evaluate(a, h, target, activation, gradA, scratch) {
    checkShapes('mse', h, target);
    const n = h.rows * h.cols, y = h.data, t = target.data;
    const inv = 1 / h.rows;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const d = y[i] - t[i];
      sum += d * d;
    }
    if (gradA) {
      if (!scratch) throw new Error('mse loss: a scratch matrix shaped like the output is needed to compute the gradient');
      const s = scratch.data;
      for (let i = 0; i < n; i++) s[i] = (y[i] - t[i]) * inv; // dL/dh
      activation.backward(a, h, scratch, gradA);
    }
    return 0.5 * sum * inv;
  },
};

/**
 * Cross-entropy. With a softmax output: −Σ_j y_j log h_j (categorical). With a sigmoid output:
 * −Σ_j [y_j log h_j + (1 − y_j) log(1 − h_j)] (independent binary units, as in Akrout et al. 2019).
 * In both cases dL/da = h − y. Logs are computed from a (log-sum-exp, softplus) so they never see log(0).
 */
const crossEntropy: Loss = {
  name: 'cross-entropy',
  evaluate(a, h, target, activation, gradA) {
    checkShapes('cross-entropy', h, target);
    const rows = h.rows, cols = h.cols, x = a.data, y = h.data, t = target.data;
    let sum = 0;
    if (activation.name === 'softmax') {
      for (let r = 0; r < rows; r++) {
        const o = r * cols;
        let max = -Infinity;
        for (let j = 0; j < cols; j++) if (x[o + j] > max) max = x[o + j];
        let s = 0;
        for (let j = 0; j < cols; j++) s += exp(x[o + j] - max);
        const logZ = max + log(s);
        for (let j = 0; j < cols; j++) if (t[o + j] !== 0) sum -= t[o + j] * (x[o + j] - logZ);
      }
    } else if (activation.name === 'sigmoid') {
      const n = rows * cols;
      for (let i = 0; i < n; i++) {
        // −[y log σ(a) + (1−y) log(1−σ(a))] = softplus(a) − y a, softplus computed without overflow
        const ai = x[i];
        const softplus = ai > 0 ? ai + log1p(exp(-ai)) : log1p(exp(ai));
        sum += softplus - t[i] * ai;
      }
    } else {
      throw new Error(`cross-entropy loss needs a softmax or sigmoid output population, got "${activation.name}"; use mse for other outputs`);
    }
    if (gradA) {
      const g = gradA.data, n = rows * cols, inv = 1 / rows;
      for (let i = 0; i < n; i++) g[i] = (y[i] - t[i]) * inv;
    }
    return sum / rows;
  },
};

export const losses: Readonly<Record<LossName, Loss>> = { mse, 'cross-entropy': crossEntropy };
export const lossNames = Object.keys(losses) as LossName[];

export function getLoss(name: string, where = 'loss'): Loss {
  const l = (losses as Record<string, Loss>)[name];
  if (!l) throw new Error(`${where}: unknown loss "${name}"; expected one of ${lossNames.join(', ')}`);
  return l;
}
