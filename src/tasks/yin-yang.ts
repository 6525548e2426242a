import { Matrix } from '../kernels/matrix.js';
import type { RandomStream } from '../random/stream.js';
import type { RandomStreams } from '../random/streams.js';
import { oneHot } from './dataset.js';
import { makeTask } from './make-task.js';
import { positiveInt, resolveOptions } from './options.js';
import type { Task, TaskFactory, TaskOptions } from './task.js';

const DEFAULTS = { nTrain: 5000, nTest: 1000, validation: 0 } as const;

/** The figure's radii, in the unit square: the big circle's and the two dots'. */
const R_BIG = 0.5, R_SMALL = 0.1;

/**
 * Yin-Yang (Kriener, Göltz & Petrovici 2022, ICONS '22): three classes — yin, yang and the two dots — of points
 * in the yin-yang figure inside the unit square: a small task made for spiking networks and their learning
 * rules, which a linear readout cannot solve and a hidden layer can.
 *
 * A point (x, y), uniform in the big circle (centre (½, ½), radius ½), is a dot (class 2) within 0.1 of one of
 * the dots' centres (¼, ½) and (¾, ½); otherwise yin (class 0) if it lies in the right dot, in the left half-disc
 * of radius ¼ around (¼, ½) outside its dot, or in the upper half away from the right half-disc; otherwise yang
 * (class 1). Each example's class is chosen in turn (0, 1, 2, 0, …), and points are drawn until one falls in it,
 * so classes are balanced. Inputs are (x, y, 1 − x, 1 − y), as in the paper: the mirrored pair lets a neuron
 * that fires earlier for larger values see both ends of each axis.
 *
 * Options: `nTrain` (5000, the paper's training set), `nTest` (1000), `validation` (0).
 * Streams: `yin-yang/train`, `yin-yang/test` (two uniforms per candidate point).
 */
/** Euclidean distance with sqrt, which every engine rounds the same way (Math.hypot need not). */
function distance(x: number, y: number, cx: number, cy: number): number {
  return Math.sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy));
}

export function yinYangClass(x: number, y: number): 0 | 1 | 2 {
  const dRight = distance(x, y, 1.5 * R_BIG, R_BIG), dLeft = distance(x, y, 0.5 * R_BIG, R_BIG);
  if (dRight < R_SMALL || dLeft < R_SMALL) return 2;
  const yin = dRight <= R_SMALL || (dLeft > R_SMALL && dLeft <= 0.5 * R_BIG) || (y > R_BIG && dRight > 0.5 * R_BIG);
  return yin ? 0 : 1;
}

function split(n: number, stream: RandomStream) {
  const inputs = new Matrix(n, 4), labels = new Int32Array(n);
  for (let e = 0; e < n; e++) {
    const goal = e % 3;
    for (;;) {
      const x = stream.uniform(0, 2 * R_BIG), y = stream.uniform(0, 2 * R_BIG);
      if (distance(x, y, R_BIG, R_BIG) > R_BIG || yinYangClass(x, y) !== goal) continue;
      inputs.data.set([x, y, 1 - x, 1 - y], e * 4);
      labels[e] = goal;
      break;
    }
  }
  return { inputs, targets: oneHot(labels, 3), labels };
}

export const yinYangTask: TaskFactory = {
  name: 'yin-yang',
  summary: 'Yin-Yang (Kriener et al. 2022): three classes of points in the yin-yang figure, inputs (x, y, 1−x, 1−y)',
  kind: 'classification',
  defaults: DEFAULTS,
  describe(options) {
    const o = resolveOptions('yin-yang', DEFAULTS, options);
    return { inputSize: 4, outputSize: 3, trainSize: positiveInt('yin-yang', 'nTrain', o.nTrain), testSize: positiveInt('yin-yang', 'nTest', o.nTest) };
  },
  create(options: TaskOptions, streams: RandomStreams): Task {
    const o = resolveOptions('yin-yang', DEFAULTS, options);
    const nTrain = positiveInt('yin-yang', 'nTrain', o.nTrain), nTest = positiveInt('yin-yang', 'nTest', o.nTest);
    return makeTask({ name: 'yin-yang', kind: 'classification', train: split(nTrain, streams.stream('yin-yang/train')), test: split(nTest, streams.stream('yin-yang/test')), options: o });
  },
};
