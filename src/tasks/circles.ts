import type { RandomStreams } from '../random/streams.js';
import { nonNegative, openInterval, resolveOptions } from './options.js';
import type { Task, TaskFactory, TaskOptions } from './task.js';
import { twoClassShape, twoClassTask } from './two-class.js';
import { cos, sin } from '../kernels/math.js';

const DEFAULTS = { nTrain: 1000, nTest: 1000, noise: 0.05, factor: 0.5, validation: 0 } as const;

/**
 * Two concentric circles (as in scikit-learn's make_circles): class 0 on the outer circle of radius 1,
 * class 1 on the inner circle of radius `factor`, angle uniform, plus Gaussian noise of std `noise` on
 * each coordinate. The data are centred already; each coordinate is divided by its exact population std,
 * sqrt((1 + factor²)/4 + noise²), so inputs have unit variance in expectation.
 *
 * Options (see `defaults`): `nTrain` (1000), `nTest` (1000), `noise` (0.05, in units of the outer radius,
 * before scaling), `factor` (0.5, inner/outer radius ratio in (0, 1)), `validation` (0; see validation.ts).
 * Labels alternate 0, 1, 0, 1, ... so classes are balanced.
 *
 * Streams: `circles/train`, `circles/test` (one uniform and two normals per point).
 */
function settings(options: TaskOptions) {
  const o = resolveOptions('circles', DEFAULTS, options);
  return { o, noise: nonNegative('circles', 'noise', o.noise), factor: openInterval('circles', 'factor', o.factor, 0, 1) };
}

export const circlesTask: TaskFactory = {
  name: 'circles',
  summary: 'Two concentric noisy circles in 2-D (scikit-learn make_circles style), standardised.',
  kind: 'classification',
  defaults: DEFAULTS,
  describe(options: TaskOptions) {
    return twoClassShape('circles', settings(options).o);
  },
  create(options: TaskOptions, streams: RandomStreams): Task {
    const { o, noise, factor } = settings(options);
    const scale = Math.sqrt((1 + factor * factor) / 4 + noise * noise);
    return twoClassTask('circles', o, streams, (label, stream, out) => {
      const angle = stream.uniform(0, 2 * Math.PI);
      const r = label === 0 ? 1 : factor;
      out[0] = (r * cos(angle) + noise * stream.normal()) / scale;
      out[1] = (r * sin(angle) + noise * stream.normal()) / scale;
    });
  },
};
