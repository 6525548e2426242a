import { Matrix } from '../kernels/matrix.js';
import type { Loss } from '../neurons/losses.js';
import type { ForwardPass } from '../sim/feedforward.js';
import type { Dataset } from '../tasks/task.js';

export interface Evaluation {
  loss: number;
  /** Fraction of examples whose largest output is the labelled class; null without labels. */
  accuracy: number | null;
}

/** Index of the largest value in row r (first one on ties). */
export function argmaxRow(m: Matrix, r: number): number {
  const o = r * m.cols, d = m.data;
  let best = 0, bestV = d[o];
  for (let j = 1; j < m.cols; j++) if (d[o + j] > bestV) { bestV = d[o + j]; best = j; }
  return best;
}

/** Counts rows of the output whose argmax equals the label. */
export function countCorrect(output: Matrix, labels: Int32Array, offset: number): number {
  let c = 0;
  for (let r = 0; r < output.rows; r++) if (argmaxRow(output, r) === labels[offset + r]) c++;
  return c;
}

/** Mean loss and accuracy of the network over a whole data set, in chunks (forward pass only, no learning). */
export function evaluate(pass: ForwardPass, data: Dataset, loss: Loss, chunk = 1000): Evaluation {
  const n = data.inputs.rows;
  if (n === 0) return { loss: NaN, accuracy: null };
  const out = pass.topology.output;
  const act = pass.activation[out.index]!;
  let total = 0, correct = 0;
  for (let start = 0; start < n; start += chunk) {
    const count = Math.min(chunk, n - start);
    const x = data.inputs.rowView(start, count);
    const y = data.targets.rowView(start, count);
    const s = pass.run(x);
    total += loss.evaluate(s.a[out.index]!, s.h[out.index], y, act) * count;
    if (data.labels) correct += countCorrect(s.h[out.index], data.labels, start);
  }
  return { loss: total / n, accuracy: data.labels ? correct / n : null };
}
