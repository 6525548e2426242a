import { Matrix } from '../kernels/matrix.js';
import type { RandomStream } from '../random/stream.js';
import type { RandomStreams } from '../random/streams.js';
import { oneHot } from './dataset.js';
import { makeTask } from './make-task.js';
import { positiveInt } from './options.js';
import type { Dataset, Task, TaskShape } from './task.js';
import { validationCount } from './validation.js';

/**
 * Writes one 2-D point of class `label` into out[0], out[1]. Must consume the same number of draws
 * whatever the options' values, so that changing e.g. `noise` moves points rather than reshuffling them.
 */
export type PointSampler = (label: number, stream: RandomStream, out: Float64Array) => void;

/**
 * n points with labels alternating 0, 1, 0, 1, ... so both classes are balanced exactly (to within one)
 * in every prefix — which keeps a validation split cut from the end balanced too.
 */
export function sampleTwoClass(n: number, stream: RandomStream, sample: PointSampler): Dataset {
  const inputs = new Matrix(n, 2);
  const labels = new Int32Array(n);
  const point = new Float64Array(2);
  for (let i = 0; i < n; i++) {
    labels[i] = i & 1;
    sample(labels[i], stream, point);
    inputs.data[2 * i] = point[0];
    inputs.data[2 * i + 1] = point[1];
  }
  return { inputs, targets: oneHot(labels, 2), labels };
}

/**
 * Builds a 2-D, 2-class synthetic task from resolved options (`nTrain`, `nTest`, `validation`).
 * Train and test come from separate streams `<name>/train` and `<name>/test`, so changing `nTrain`
 * leaves the test set untouched (and vice versa), and the first k training points do not depend on `nTrain`.
 */
export function twoClassTask(name: string, o: Record<string, unknown>, streams: RandomStreams, sample: PointSampler): Task {
  const { trainSize: nTrain, testSize: nTest } = twoClassShape(name, o);
  return makeTask({
    name,
    kind: 'classification',
    train: sampleTwoClass(nTrain, streams.stream(`${name}/train`), sample),
    test: sampleTwoClass(nTest, streams.stream(`${name}/test`), sample),
    options: o,
  });
}

/** The sizes of a 2-D two-class task from its resolved options, which are checked as `twoClassTask` checks them. */
export function twoClassShape(name: string, o: Record<string, unknown>): TaskShape {
  const trainSize = positiveInt(name, 'nTrain', o.nTrain);
  const testSize = positiveInt(name, 'nTest', o.nTest);
  validationCount(name, o.validation ?? 0, trainSize);
  return { inputSize: 2, outputSize: 2, trainSize, testSize };
}
