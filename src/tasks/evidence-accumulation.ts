import { Matrix } from '../kernels/matrix.js';
import type { RandomStream } from '../random/stream.js';
import type { RandomStreams } from '../random/streams.js';
import { oneHot } from './dataset.js';
import { makeTask } from './make-task.js';
import { openInterval, positive, positiveInt, resolveOptions } from './options.js';
import type { Task, TaskFactory, TaskOptions, TaskShape } from './task.js';

const DEFAULTS = { nTrain: 2000, nTest: 500, cues: 7, cueSteps: 100, spacing: 150, delay: 1200, recallSteps: 150, channels: 10, rate: 40, noiseRate: 10, majority: 0.7, validation: 0 } as const;

/**
 * Evidence accumulation (Morcos & Harvey 2016's task as Bellec et al. 2020 set it for spiking networks, Fig. 3):
 * an agent sees `cues` brief cues, each on the left or the right, then waits, then at a recall cue must say on
 * which side most cues were. The cues are over long before the answer is due, so a network has to hold a count
 * for about a second: what adaptive thresholds (ALIF) give and plain LIF neurons do not.
 *
 * Four groups of `channels` input neurons: left cues, right cues, recall, background. Cue k occupies steps
 * spacing − cueSteps + k·spacing onward for `cueSteps` steps (1 ms each), during which its side's group fires
 * at `rate` Hz; the recall group fires at `rate` Hz in the last `recallSteps` steps; the background group at
 * `noiseRate` Hz throughout. Sequences last cues·spacing + delay steps (2,250 by default). In each example one
 * side is the likely one (chosen with probability ½) and each cue falls on it with probability `majority`;
 * the label is 1 when more cues were on the right. The loss belongs in the recall window
 * (training.lossFrom = steps − recallSteps + 1).
 *
 * The sequences are too long to keep (2,250 steps × 40 inputs per example): the task keeps each example's cue
 * sides (its input row: `cues` values, 0 left and 1 right) and draws the spikes of every batch afresh from the
 * stream it is given (`sequence.render`), so training sees new noise each epoch and evaluation the same.
 *
 * Options: `nTrain` (2000), `nTest` (500), `cues` (7, odd), `cueSteps` (100), `spacing` (150), `delay` (1200),
 * `recallSteps` (150), `channels` (10 per group), `rate` (40 Hz), `noiseRate` (10 Hz), `majority` (0.7).
 * Streams: `evidence/train`, `evidence/test` (the side of each example's majority, then each cue).
 */
function settings(options: TaskOptions) {
  const o = resolveOptions('evidence-accumulation', DEFAULTS, options);
  const name = 'evidence-accumulation';
  const s = {
    o,
    nTrain: positiveInt(name, 'nTrain', o.nTrain),
    nTest: positiveInt(name, 'nTest', o.nTest),
    cues: positiveInt(name, 'cues', o.cues),
    cueSteps: positiveInt(name, 'cueSteps', o.cueSteps),
    spacing: positiveInt(name, 'spacing', o.spacing),
    delay: positiveInt(name, 'delay', o.delay),
    recallSteps: positiveInt(name, 'recallSteps', o.recallSteps),
    channels: positiveInt(name, 'channels', o.channels),
    rate: positive(name, 'rate', o.rate),
    noiseRate: positive(name, 'noiseRate', o.noiseRate),
    majority: openInterval(name, 'majority', o.majority, 0.5, 1),
  };
  if (s.cues % 2 === 0) throw new Error(`${name}: cues: expected an odd number (so that one side always has more), got ${s.cues}`);
  if (s.cueSteps > s.spacing) throw new Error(`${name}: cueSteps: ${s.cueSteps} is longer than the spacing of ${s.spacing} steps between cues`);
  if (s.recallSteps > s.delay) throw new Error(`${name}: recallSteps: ${s.recallSteps} is longer than the delay of ${s.delay} steps after the cues`);
  if (s.rate > 1000 || s.noiseRate > 1000) throw new Error(`${name}: rate and noiseRate: expected at most 1000 Hz (one spike per 1 ms step), got ${s.rate} and ${s.noiseRate}`);
  return s;
}
type Settings = ReturnType<typeof settings>;

function shapeOf(s: Settings): TaskShape {
  return { inputSize: s.cues, sequence: { steps: s.cues * s.spacing + s.delay, channels: 4 * s.channels }, outputSize: 2, trainSize: s.nTrain, testSize: s.nTest };
}

function split(s: Settings, n: number, stream: RandomStream) {
  const inputs = new Matrix(n, s.cues), labels = new Int32Array(n);
  for (let e = 0; e < n; e++) {
    const likelyRight = stream.uniform() < 0.5;
    let right = 0;
    for (let k = 0; k < s.cues; k++) {
      const side = (stream.uniform() < s.majority) === likelyRight ? 1 : 0;
      inputs.data[e * s.cues + k] = side;
      right += side;
    }
    labels[e] = right > (s.cues - 1) / 2 ? 1 : 0;
  }
  return { inputs, targets: oneHot(labels, 2), labels };
}

/** The spikes of a batch: steps × rows × (4 · channels), from each example's cue sides. */
function renderer(s: Settings) {
  const steps = s.cues * s.spacing + s.delay, C = s.channels, width = 4 * C;
  const pCue = s.rate / 1000, pNoise = s.noiseRate / 1000, silence = s.spacing - s.cueSteps;
  return (inputs: Float64Array, rows: ArrayLike<number>, stream: RandomStream, out: Float64Array): void => {
    const B = rows.length;
    if (out.length !== steps * B * width) throw new RangeError(`evidence-accumulation: expected room for ${steps} × ${B} × ${width} values, got ${out.length}`);
    out.fill(0);
    for (let t = 0; t < steps; t++) {
      const k = Math.floor((t - silence) / s.spacing), inCue = k >= 0 && k < s.cues && t - silence - k * s.spacing < s.cueSteps;
      const recall = t >= steps - s.recallSteps;
      for (let b = 0; b < B; b++) {
        const o = (t * B + b) * width;
        if (inCue) {
          const group = inputs[rows[b] * s.cues + k] === 1 ? 1 : 0;
          for (let i = 0; i < C; i++) if (stream.uniform() < pCue) out[o + group * C + i] = 1;
        }
        if (recall) for (let i = 0; i < C; i++) if (stream.uniform() < pCue) out[o + 2 * C + i] = 1;
        for (let i = 0; i < C; i++) if (stream.uniform() < pNoise) out[o + 3 * C + i] = 1;
      }
    }
  };
}

export const evidenceAccumulationTask: TaskFactory = {
  name: 'evidence-accumulation',
  summary: 'Evidence accumulation (Bellec et al. 2020): count left and right cues, answer a second later at a recall cue',
  kind: 'classification',
  defaults: DEFAULTS,
  describe: (options) => shapeOf(settings(options)),
  create(options: TaskOptions, streams: RandomStreams): Task {
    const s = settings(options), shape = shapeOf(s);
    return makeTask({
      name: 'evidence-accumulation',
      kind: 'classification',
      train: split(s, s.nTrain, streams.stream('evidence/train')),
      test: split(s, s.nTest, streams.stream('evidence/test')),
      sequence: { ...shape.sequence!, render: renderer(s) },
      options: s.o,
    });
  },
};
