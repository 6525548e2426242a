import type { RandomStreams } from '../random/streams.js';
import { nonNegative, resolveOptions } from './options.js';
import type { Task, TaskFactory, TaskOptions } from './task.js';
import { twoClassShape, twoClassTask } from './two-class.js';
import { cos, sin } from '../kernels/math.js';

const DEFAULTS = { nTrain: 1000, nTest: 1000, noise: 0.1, validation: 0 } as const;

// Population mean and variance of the noise-free moons (angle uniform on [0, π], classes equally likely):
// x = cos t | 1 − cos t has mean 1/2 and variance 3/4; y = sin t | 1/2 − sin t has mean 1/4 and the
// variance below. Using these exact constants, rather than the sample's own statistics, keeps every point's
// coordinates independent of how many points were drawn.
const MEAN_X = 0.5;
const MEAN_Y = 0.25;
const VAR_X = 0.75;
const VAR_Y = 0.25 + 0.5 * (0.75 - 2 / Math.PI) - MEAN_Y * MEAN_Y; // ≈ 0.244

/**
 * Two interleaving half circles (as in scikit-learn's make_moons): class 0 is (cos t, sin t), class 1 is
 * (1 − cos t, 1/2 − sin t), t uniform on [0, π], plus Gaussian noise of std `noise` on each coordinate.
 * Inputs are then shifted and scaled by the exact population mean and std (noise included) so they are
 * zero-mean with unit variance per coordinate in expectation.
 *
 * Options (see `defaults`): `nTrain` (1000), `nTest` (1000), `noise` (0.1, in the units of the unit-radius
 * moons, before scaling), `validation` (0; held out from the end of train, see validation.ts).
 * Labels alternate 0, 1, 0, 1, ... so classes are balanced.
 *
 * Streams: `moons/train`, `moons/test` (one uniform and two normals per point).
 */
function settings(options: TaskOptions) {
  const o = resolveOptions('moons', DEFAULTS, options);
  return { o, noise: nonNegative('moons', 'noise', o.noise) };
}

export const moonsTask: TaskFactory = {
  name: 'moons',
  summary: 'Two interleaving half-moons in 2-D (scikit-learn make_moons style), standardised.',
  kind: 'classification',
  defaults: DEFAULTS,
  describe(options: TaskOptions) {
    return twoClassShape('moons', settings(options).o);
  },
  create(options: TaskOptions, streams: RandomStreams): Task {
    const { o, noise } = settings(options);
    const sx = Math.sqrt(VAR_X + noise * noise);
    const sy = Math.sqrt(VAR_Y + noise * noise);
    return twoClassTask('moons', o, streams, (label, stream, out) => {
      const t = stream.uniform(0, Math.PI);
      const x = label === 0 ? cos(t) : 1 - cos(t);
      const y = label === 0 ? sin(t) : 0.5 - sin(t);
      out[0] = (x + noise * stream.normal() - MEAN_X) / sx;
      out[1] = (y + noise * stream.normal() - MEAN_Y) / sy;
    });
  },
};
