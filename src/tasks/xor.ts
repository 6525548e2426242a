import { Matrix } from '../kernels/matrix.js';
import type { RandomStreams } from '../random/streams.js';
import { oneHot } from './dataset.js';
import { makeTask } from './make-task.js';
import { nonNegative, positiveInt, resolveOptions } from './options.js';
import type { Dataset, Task, TaskFactory, TaskOptions } from './task.js';
import { validationCount } from './validation.js';

const DEFAULTS = { noise: 0, repeats: 1, validation: 0 } as const;

/** The four corners in a fixed order; the label is x1 XOR x2. */
const CORNERS: readonly (readonly [number, number])[] = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];

function corners(repeats: number, noise: number, jitter: RandomStreams | null): Dataset {
  const n = CORNERS.length * repeats;
  const inputs = new Matrix(n, 2);
  const labels = new Int32Array(n);
  const stream = jitter?.stream('xor/train');
  for (let r = 0; r < repeats; r++) {
    for (let c = 0; c < CORNERS.length; c++) {
      const i = r * CORNERS.length + c;
      const [a, b] = CORNERS[c];
      // Always draw the jitter (even at noise 0) so the same seed gives the same directions at every noise level.
      const da = stream ? stream.normal() : 0;
      const db = stream ? stream.normal() : 0;
      inputs.data[2 * i] = a + noise * da;
      inputs.data[2 * i + 1] = b + noise * db;
      labels[i] = a ^ b;
    }
  }
  return { inputs, targets: oneHot(labels, 2), labels };
}

/**
 * The classic 4-point XOR problem: inputs in {0,1}² (not standardised — the corners are the point),
 * two classes with one-hot targets, label = x1 XOR x2.
 *
 * Options (see `defaults`):
 * - `noise` (0): std of Gaussian jitter added to each training input.
 * - `repeats` (1): copies of each corner in the training set, in the order 00, 01, 10, 11, 00, 01, ...;
 *   with the defaults the training set is exactly the 4 corners.
 * - `validation` (0): see validation.ts (held out from the end of the training set).
 * The test set is always the 4 clean corners.
 *
 * Streams: `xor/train` (the jitter; two normals per training example, drawn even when noise is 0).
 */
function settings(options: TaskOptions) {
  const o = resolveOptions('xor', DEFAULTS, options);
  const repeats = positiveInt('xor', 'repeats', o.repeats);
  validationCount('xor', o.validation ?? 0, CORNERS.length * repeats);
  return { o, noise: nonNegative('xor', 'noise', o.noise), repeats };
}

export const xorTask: TaskFactory = {
  name: 'xor',
  summary: 'The 4-point XOR problem in {0,1}^2, optionally with noisy repeated copies for training.',
  kind: 'classification',
  defaults: DEFAULTS,
  describe(options: TaskOptions) {
    const { repeats } = settings(options);
    return { inputSize: 2, outputSize: 2, trainSize: CORNERS.length * repeats, testSize: CORNERS.length };
  },
  create(options: TaskOptions, streams: RandomStreams): Task {
    const { o, noise, repeats } = settings(options);
    return makeTask({
      name: 'xor',
      kind: 'classification',
      train: corners(repeats, noise, streams),
      test: corners(1, 0, null),
      options: o,
    });
  },
};
