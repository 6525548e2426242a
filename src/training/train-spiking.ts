import { allocF64 } from '../kernels/backend.js';
import type { RandomStream } from '../random/stream.js';
import type { RandomStreams } from '../random/streams.js';
import type { Task } from '../tasks/task.js';
import { angleDegrees } from './diagnostics.js';
import type { EpochMetrics, TrainingResult } from './metrics.js';
import { type OptimiserSpec, optimiserFor } from './optimisers.js';
import { learningRateAt, type ScheduleSpec } from './schedule.js';
import type { Figure } from '../plot/figure.js';
import { activityFigures } from '../snn/activity-figures.js';
import { BackpropThroughTime } from '../snn/backprop-through-time.js';
import { encode, type EncoderSpec, validateEncoder } from '../snn/encoders.js';
import { type SequenceBatch, SequenceSimulator } from '../snn/sequence-simulator.js';
import { SpikingGradients, type SpikingNetwork } from '../snn/spiking-network.js';
import type { ThroughTimeLearner, ThroughTimeRule } from '../snn/through-time-rule.js';

/**
 * Trains a SpikingNetwork with a through-time rule on a classification task whose examples are static vectors
 * (images), encoded into spikes afresh for every batch. Streams (under the run's seed): "shuffle" orders each
 * epoch, "encode/train" draws the training spikes, and each evaluation encodes the test set from its own fresh
 * stream "evaluation/encode", so every epoch and every rule is tested on the same spike trains.
 *
 * Epochs are recorded as the rate trainer records them (EpochMetrics; epoch 0 is the untrained network), so
 * results folders, summaries and reports treat both alike. Diagnostics per epoch: `firingRate/hidden` (the hidden
 * layer's mean rate on the test set, Hz), `updateAngle/input` and `updateAngle/recurrent` (the rule's update
 * ∠ BPTT's gradient on a fixed probe batch, degrees; 0 for BPTT itself) and, for rules with a feedback matrix,
 * `feedbackAngle/readout` (B ∠ W_out).
 */
export interface SpikingTrainingConfig {
  epochs: number;
  batchSize: number;
  optimiser: OptimiserSpec;
  schedule?: ScheduleSpec;
  /** Steps per example (× dt ms each); a sequence task's own number of steps when left out. */
  steps?: number;
  /** First step (1-based) of the loss window; default 1 (every step). */
  lossFrom?: number;
  /** How static inputs become spikes; not used (and not needed) for a sequence task. */
  encoder?: EncoderSpec;
  /** Examples per evaluation pass (memory only: results do not depend on it). */
  evaluationBatch?: number;
  /** Examples in the probe batch on which the update ∠ BPTT angles are measured each epoch; 0 turns them off (BPTT's pass over it grows with the steps). Default: batchSize. */
  probeSize?: number;
}

/** Batches of examples as sequences — encoded afresh, or copied from a sequence task — with buffers made once per batch size. */
class SequenceBatches {
  private readonly buffers = new Map<number, SequenceBatch & { inputs: Float64Array; labels: Int32Array }>();
  constructor(
    private readonly data: Float64Array,
    private readonly labels: Int32Array,
    private readonly I: number,
    private readonly steps: number,
    private readonly lossFrom: number,
    private readonly encoder: EncoderSpec | null,
    private readonly dt: number,
    private readonly render: NonNullable<Task['sequence']>['render'] | null = null,
  ) {}

  fill(rows: Int32Array, stream: RandomStream): SequenceBatch {
    const { I, steps } = this, B = rows.length;
    let b = this.buffers.get(B);
    if (!b) {
      b = { steps, size: B, inputs: allocF64(steps * B * I), labels: new Int32Array(B), lossFrom: this.lossFrom };
      this.buffers.set(B, b);
    }
    if (this.encoder) encode(this.encoder, this.data, I, rows, steps, this.dt, stream, b.inputs);
    else if (this.render) this.render(this.data, rows, stream, b.inputs);
    else {
      // A sequence task's row is steps × I, step-major; the batch is step-major over examples.
      for (let e = 0; e < B; e++) {
        for (let t = 0; t < steps; t++) b.inputs.set(this.data.subarray((rows[e] * steps + t) * I, (rows[e] * steps + t + 1) * I), (t * B + e) * I);
      }
    }
    for (let i = 0; i < B; i++) b.labels[i] = this.labels[rows[i]];
    return b;
  }
}

export function trainSpiking<O extends object>(args: {
  net: SpikingNetwork;
  rule: ThroughTimeRule<O>;
  options?: Partial<O>;
  task: Task;
  streams: RandomStreams;
  config: SpikingTrainingConfig;
  onEpoch?: (e: EpochMetrics) => void;
  onBatch?: (epoch: number, batch: number, batches: number) => void;
}): TrainingResult & { figures: Figure[] } {
  const { net, rule, task, streams, config } = args;
  if (task.kind !== 'classification' || !task.train.labels || !task.test.labels) throw new Error(`task "${task.name}": spiking networks are trained on classification tasks here (a readout class per step); it is a ${task.kind} task`);
  const seq = task.sequence;
  const channels = seq ? seq.channels : task.inputSize;
  if (channels !== net.inputSize) throw new Error(`network.inputSize: ${net.inputSize}, but task "${task.name}" has ${channels} ${seq ? 'input channels per step' : 'inputs'}`);
  if (seq && config.steps !== undefined && config.steps !== seq.steps) throw new Error(`training.steps: ${config.steps}, but task "${task.name}" is a sequence of ${seq.steps} steps (leave steps out to use them)`);
  if (!seq && config.encoder === undefined) throw new Error(`training.encoder: task "${task.name}" has static inputs; a spiking network needs an encoder for them ({kind: 'rate'} or {kind: 'latency'})`);
  if (!seq) validateEncoder(config.encoder, 'training.encoder');
  const steps = seq ? seq.steps : config.steps;
  if (!(typeof steps === 'number' && Number.isInteger(steps) && steps >= 1)) throw new Error(`training.steps: expected a whole number of steps >= 1, got ${JSON.stringify(config.steps)}`);
  const lossFrom = config.lossFrom ?? 1;
  if (!(Number.isInteger(lossFrom) && lossFrom >= 1 && lossFrom <= steps)) throw new Error(`training.lossFrom: expected a step from 1 to ${steps}, got ${JSON.stringify(config.lossFrom)}`);
  if (task.outputSize !== net.outputSize) throw new Error(`network.outputSize: ${net.outputSize}, but task "${task.name}" has ${task.outputSize} classes`);
  const dt = net.spec.dt ?? 1, I = net.inputSize, encoder = seq ? null : config.encoder!;
  const learner: ThroughTimeLearner = rule.create({ net, streams: streams.fork(`rule/${rule.name}`), options: { ...rule.defaults, ...args.options } as O });
  const grads = new SpikingGradients(net), params = net.parameters(), arrays = grads.arrays();
  const optimiser = optimiserFor(params.map((p, i) => ({ param: p.data, grad: arrays[i], decay: p.decay })), config.optimiser);
  const train = new SequenceBatches(task.train.inputs.data, task.train.labels, I, steps, lossFrom, encoder, dt, seq?.render ?? null);
  const test = new SequenceBatches(task.test.inputs.data, task.test.labels, I, steps, lossFrom, encoder, dt, seq?.render ?? null);
  const evaluator = new SequenceSimulator(net, false);
  const shuffle = streams.stream('shuffle'), trainSpikes = streams.stream('encode/train');
  const before = allocF64(net.wout.data.length), change = allocF64(net.wout.data.length);

  // The probe batch and BPTT on it, for the angles: the first training examples, encoded once.
  const probeSize = Math.min(config.probeSize ?? config.batchSize, task.train.labels.length);
  const probeRows = Int32Array.from({ length: probeSize }, (_, i) => i);
  const probeBatches = new SequenceBatches(task.train.inputs.data, task.train.labels, I, steps, lossFrom, encoder, dt, seq?.render ?? null);
  const probe = probeSize > 0 ? probeBatches.fill(probeRows, streams.fork('probe').stream('encode')) : null;
  const probeSim = new SequenceSimulator(net, probeSize > 0), probeBptt = new BackpropThroughTime(false);
  const exact = new SpikingGradients(net), proposed = new SpikingGradients(net);
  const diagnostics = (firingRate: number): Record<string, number> => {
    if (!probe) return { 'firingRate/hidden': firingRate };
    exact.zero();
    proposed.zero();
    probeSim.run(probe);
    probeBptt.accumulate(probeSim, probe, exact);
    learner.learn(probe, proposed);
    const out: Record<string, number> = { 'firingRate/hidden': firingRate, 'updateAngle/input': angleDegrees(proposed.win.data, exact.win.data) };
    if (exact.wrec) out['updateAngle/recurrent'] = angleDegrees(proposed.wrec!.data, exact.wrec.data);
    const B = learner.feedbackWeights?.();
    if (B) out['feedbackAngle/readout'] = angleDegrees(B.data, net.wout.data);
    return out;
  };

  const evaluate = (): { loss: number; accuracy: number; firingRate: number } => {
    const n = task.test.labels!.length, size = Math.min(config.evaluationBatch ?? 256, n), stream = streams.fork('evaluation').stream('encode');
    let loss = 0, correct = 0, spikes = 0;
    for (let start = 0; start < n; start += size) {
      const rows = Int32Array.from({ length: Math.min(size, n - start) }, (_, i) => start + i);
      const o = evaluator.run(test.fill(rows, stream));
      loss += o.loss * rows.length;
      correct += o.correct;
      spikes += o.spikesPerStep * rows.length;
    }
    return { loss: loss / n, accuracy: correct / n, firingRate: (spikes / n) * (1000 / dt) };
  };

  const epochs: EpochMetrics[] = [];
  const record = (e: EpochMetrics) => {
    epochs.push(e);
    args.onEpoch?.(e);
  };
  const first = evaluate();
  record({ epoch: 0, trainLoss: null, trainAccuracy: null, testLoss: first.loss, testAccuracy: first.accuracy, learningRate: 0, seconds: 0, diagnostics: diagnostics(first.firingRate) });
  const n = task.train.labels.length, batches = Math.ceil(n / config.batchSize);
  for (let epoch = 1; epoch <= config.epochs; epoch++) {
    const started = performance.now(), lr = learningRateAt(config.optimiser.lr, config.schedule, epoch, config.epochs);
    const order = shuffle.permutation(n);
    let loss = 0, correct = 0;
    for (let start = 0, index = 0; start < n; start += config.batchSize, index++) {
      const rows = order.subarray(start, Math.min(n, start + config.batchSize));
      const batch = train.fill(rows, trainSpikes);
      grads.zero();
      const o = learner.learn(batch, grads);
      if (!Number.isFinite(o.loss)) return { status: 'diverged', divergedAtEpoch: epoch, epochs, figures: [] };
      loss += o.loss * rows.length;
      correct += o.correct;
      before.set(net.wout.data);
      optimiser.step(lr);
      if (learner.afterStep) {
        for (let i = 0; i < change.length; i++) change[i] = net.wout.data[i] - before[i];
        learner.afterStep(change, lr);
      }
      args.onBatch?.(epoch, index + 1, batches);
    }
    const seconds = (performance.now() - started) / 1000;
    const t = evaluate();
    record({ epoch, trainLoss: loss / n, trainAccuracy: correct / n, testLoss: t.loss, testAccuracy: t.accuracy, learningRate: lr, seconds, diagnostics: diagnostics(t.firingRate) });
  }
  // The trained network on the first test example, encoded from its own stream.
  const figures = activityFigures(net, test.fill(Int32Array.of(0), streams.fork('figures').stream('encode')), rule.name);
  return { status: 'completed', epochs, figures };
}
