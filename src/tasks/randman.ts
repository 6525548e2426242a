import { pow, sin } from '../kernels/math.js';
import { Matrix } from '../kernels/matrix.js';
import type { RandomStream } from '../random/stream.js';
import type { RandomStreams } from '../random/streams.js';
import { oneHot } from './dataset.js';
import { makeTask } from './make-task.js';
import { positive, positiveInt, resolveOptions } from './options.js';
import type { Task, TaskFactory, TaskOptions, TaskShape } from './task.js';

const DEFAULTS = { classes: 10, units: 100, steps: 100, manifoldDim: 1, alpha: 2, nTrain: 1000, nTest: 500, validation: 0 } as const;

/**
 * Random manifolds (randman; Zenke & Vogels 2021, Neural Comput. 33:899): a spike-timing classification task in
 * which every input unit fires exactly once per example, so the class is in the relative timing of the spikes
 * and not in any rate or count.
 *
 * Each class c is a smooth random manifold of dimension D in the space of the units' spike times: unit i's time
 * for a point ξ ∈ [0, 1]^D is a product over the manifold's dimensions of smooth random functions
 *   f_{c,i,d}(ξ_d) = Σ_{k=0}^{F−1} θ⁰_k (k + 1)^{−α} sin(2π (k ξ_d θ¹_k + θ²_k)),   θ ~ U(0, 1), θ⁰_0 = 0
 * (α sets the smoothness; F = ⌈1000^{1/α}⌉ terms, so the last is 10⁻³ of the first), rescaled per unit to
 * [0, 1] over the class's examples, and the unit spikes at step ⌊time · steps⌋ + 1 (clipped to `steps`).
 * Examples draw ξ uniformly; classes are balanced (labels alternate 0, 1, …, classes − 1).
 *
 * Options: `classes` (10), `units` (100), `steps` (100), `manifoldDim` (1), `alpha` (2), `nTrain` (1000), `nTest`
 * (500), `validation` (0). Each input row is steps × units, step-major: a sequence task, read by spiking networks
 * as it is.
 *
 * Streams: `randman/manifolds` (the θ of every class, unit and dimension), `randman/train`, `randman/test` (the ξ).
 * Train and test come from the same manifolds; each split is rescaled over its own examples (as the reference
 * code does over one dataset), a per-unit affine map.
 */
function settings(options: TaskOptions) {
  const o = resolveOptions('randman', DEFAULTS, options);
  return {
    o,
    classes: positiveInt('randman', 'classes', o.classes),
    units: positiveInt('randman', 'units', o.units),
    steps: positiveInt('randman', 'steps', o.steps),
    dims: positiveInt('randman', 'manifoldDim', o.manifoldDim),
    alpha: positive('randman', 'alpha', o.alpha),
    nTrain: positiveInt('randman', 'nTrain', o.nTrain),
    nTest: positiveInt('randman', 'nTest', o.nTest),
  };
}

function shapeOf(s: ReturnType<typeof settings>): TaskShape {
  const inputSize = s.steps * s.units;
  if (inputSize * (s.nTrain + s.nTest) > 2 ** 28) throw new Error(`randman: ${s.nTrain + s.nTest} examples of ${s.steps} steps × ${s.units} units need ${((inputSize * (s.nTrain + s.nTest) * 8) / 2 ** 30).toFixed(1)} GiB; use fewer examples, steps or units`);
  return { inputSize, sequence: { steps: s.steps, channels: s.units }, outputSize: s.classes, trainSize: s.nTrain, testSize: s.nTest };
}

/** θ for one class: units × dims × 3 × F uniforms. */
function drawManifold(stream: RandomStream, units: number, dims: number, F: number): Float64Array {
  const theta = new Float64Array(units * dims * 3 * F);
  for (let i = 0; i < theta.length; i++) theta[i] = stream.uniform();
  for (let u = 0; u < units; u++) for (let d = 0; d < dims; d++) theta[((u * dims + d) * 3 + 0) * F] = 0; // no offset term
  return theta;
}

/** Spike times in [0, 1] of n examples of `label`'s manifold, rescaled per unit; out is n × units. */
function manifoldTimes(theta: Float64Array, xi: Float64Array, n: number, units: number, dims: number, F: number, alpha: number): Float64Array {
  const out = new Float64Array(n * units);
  for (let e = 0; e < n; e++) {
    for (let u = 0; u < units; u++) {
      let value = 1;
      for (let d = 0; d < dims; d++) {
        const base = (u * dims + d) * 3 * F, x = xi[e * dims + d];
        let f = 0;
        for (let k = 0; k < F; k++) f += (theta[base + k] / pow(k + 1, alpha)) * sin(2 * Math.PI * (k * x * theta[base + F + k] + theta[base + 2 * F + k]));
        value *= f;
      }
      out[e * units + u] = value;
    }
  }
  for (let u = 0; u < units; u++) {
    let lo = Infinity, hi = -Infinity;
    for (let e = 0; e < n; e++) (lo = Math.min(lo, out[e * units + u])), (hi = Math.max(hi, out[e * units + u]));
    const span = hi - lo || 1;
    for (let e = 0; e < n; e++) out[e * units + u] = (out[e * units + u] - lo) / span;
  }
  return out;
}

function split(s: ReturnType<typeof settings>, manifolds: Float64Array[], F: number, n: number, stream: RandomStream) {
  const { classes, units, steps, dims, alpha } = s;
  const inputs = new Matrix(n, steps * units), labels = new Int32Array(n).map((_, e) => e % classes);
  for (let c = 0; c < classes; c++) {
    const members = [];
    for (let e = c; e < n; e += classes) members.push(e);
    const xi = new Float64Array(members.length * dims);
    for (let i = 0; i < xi.length; i++) xi[i] = stream.uniform();
    const times = manifoldTimes(manifolds[c], xi, members.length, units, dims, F, alpha);
    members.forEach((e, m) => {
      for (let u = 0; u < units; u++) {
        const step = Math.min(steps - 1, Math.floor(times[m * units + u] * steps));
        inputs.data[e * steps * units + step * units + u] = 1;
      }
    });
  }
  return { inputs, targets: oneHot(labels, classes), labels };
}

export const randmanTask: TaskFactory = {
  name: 'randman',
  summary: 'Random manifolds (Zenke & Vogels 2021): one spike per input unit, the class in the spikes\' relative timing',
  kind: 'classification',
  defaults: DEFAULTS,
  describe: (options) => shapeOf(settings(options)),
  create(options: TaskOptions, streams: RandomStreams): Task {
    const s = settings(options);
    shapeOf(s);
    const F = Math.min(1000, Math.ceil(pow(1000, 1 / s.alpha)));
    const m = streams.stream('randman/manifolds');
    const manifolds = Array.from({ length: s.classes }, () => drawManifold(m, s.units, s.dims, F));
    return makeTask({
      name: 'randman',
      kind: 'classification',
      train: split(s, manifolds, F, s.nTrain, streams.stream('randman/train')),
      test: split(s, manifolds, F, s.nTest, streams.stream('randman/test')),
      sequence: { steps: s.steps, channels: s.units },
      options: s.o,
    });
  },
};
