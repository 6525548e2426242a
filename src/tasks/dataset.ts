import { Matrix } from '../kernels/matrix.js';
import type { Dataset } from './task.js';

/** Number of examples in a dataset. */
export function datasetSize(d: Dataset): number {
  return d.inputs.rows;
}

/** One-hot rows (n × nClasses) for class indices; a label outside [0, nClasses) is a bug in the caller. */
export function oneHot(labels: Int32Array, nClasses: number): Matrix {
  const m = new Matrix(labels.length, nClasses);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (c < 0 || c >= nClasses) throw new RangeError(`oneHot: label ${c} at example ${i} is outside [0, ${nClasses})`);
    m.data[i * nClasses + c] = 1;
  }
  return m;
}

/** Rows [start, start+count) of a dataset, sharing its memory (no copy). */
export function sliceDataset(d: Dataset, start: number, count: number): Dataset {
  const inputs = d.inputs.rowView(start, count);
  const targets = d.targets.rowView(start, count);
  return d.labels ? { inputs, targets, labels: d.labels.subarray(start, start + count) } : { inputs, targets };
}

/** Throws if inputs, targets and labels disagree on the number of examples. `what` names the split in the message. */
export function checkDataset(what: string, d: Dataset): void {
  const n = d.inputs.rows;
  if (d.targets.rows !== n) throw new RangeError(`${what}: inputs have ${n} rows but targets have ${d.targets.rows}`);
  if (d.labels && d.labels.length !== n) throw new RangeError(`${what}: inputs have ${n} rows but there are ${d.labels.length} labels`);
}
