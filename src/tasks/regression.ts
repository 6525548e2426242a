import { Matrix } from '../kernels/matrix.js';
import type { RandomStream } from '../random/stream.js';
import type { RandomStreams } from '../random/streams.js';
import { makeTask } from './make-task.js';
import { nonNegative, positiveInt, resolveOptions } from './options.js';
import type { Dataset, Task, TaskFactory, TaskOptions } from './task.js';
import { validationCount } from './validation.js';
import { cos, sin } from '../kernels/math.js';

const DEFAULTS = { nTrain: 1000, nTest: 1000, inputSize: 3, noise: 0.05, validation: 0 } as const;

/**
 * The noise-free target for one input row x (length d ≥ 1):
 *   f(x) = sin(3·x1) · cos(2·x2) + 0.5 · (x3 + … + xd) / sqrt(d − 2)
 * Terms whose inputs do not exist are dropped (d = 1 gives sin(3·x1)). The linear part is divided by
 * sqrt(d − 2) so its variance stays the same as d grows; for d = 3 it is simply 0.5·x3.
 * Exported so tests and analyses can compare a network against the true function.
 */
export function regressionTarget(x: ArrayLike<number>): number {
  const d = x.length;
  let y = sin(3 * x[0]) * (d >= 2 ? cos(2 * x[1]) : 1);
  if (d >= 3) {
    let s = 0;
    for (let k = 2; k < d; k++) s += x[k];
    y += (0.5 * s) / Math.sqrt(d - 2);
  }
  return y;
}

function sample(n: number, d: number, noise: number, stream: RandomStream): Dataset {
  const inputs = new Matrix(n, d);
  const targets = new Matrix(n, 1);
  for (let i = 0; i < n; i++) {
    const row = inputs.data.subarray(i * d, (i + 1) * d);
    for (let k = 0; k < d; k++) row[k] = stream.uniform(-1, 1);
    // Drawn even at noise 0 so the inputs for a seed do not depend on the noise level.
    targets.data[i] = regressionTarget(row) + noise * stream.normal();
  }
  return { inputs, targets };
}

/**
 * A smooth nonlinear regression task: inputs uniform in [−1, 1]^inputSize, one output
 * y = regressionTarget(x) + Gaussian noise of std `noise`. Test targets carry the same noise as
 * training targets (an i.i.d. split), so the best achievable test MSE is noise².
 *
 * Options (see `defaults`): `nTrain` (1000), `nTest` (1000), `inputSize` (3), `noise` (0.05),
 * `validation` (0; held out from the end of train, see validation.ts).
 *
 * Streams: `regression/train`, `regression/test` (inputSize uniforms and one normal per example).
 */
function settings(options: TaskOptions) {
  const o = resolveOptions('regression', DEFAULTS, options);
  const nTrain = positiveInt('regression', 'nTrain', o.nTrain);
  validationCount('regression', o.validation ?? 0, nTrain);
  return { o, nTrain, nTest: positiveInt('regression', 'nTest', o.nTest), d: positiveInt('regression', 'inputSize', o.inputSize), noise: nonNegative('regression', 'noise', o.noise) };
}

export const regressionTask: TaskFactory = {
  name: 'regression',
  summary: 'Smooth nonlinear regression y = sin(3x1)cos(2x2) + 0.5x3 (+ noise) on inputs uniform in [-1,1]^d.',
  kind: 'regression',
  defaults: DEFAULTS,
  describe(options: TaskOptions) {
    const { nTrain, nTest, d } = settings(options);
    return { inputSize: d, outputSize: 1, trainSize: nTrain, testSize: nTest };
  },
  create(options: TaskOptions, streams: RandomStreams): Task {
    const { o, nTrain, nTest, d, noise } = settings(options);
    return makeTask({
      name: 'regression',
      kind: 'regression',
      train: sample(nTrain, d, noise, streams.stream('regression/train')),
      test: sample(nTest, d, noise, streams.stream('regression/test')),
      options: o,
    });
  },
};
