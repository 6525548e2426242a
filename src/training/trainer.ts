import type { Matrix } from '../kernels/matrix.js';
import type { Network } from '../graph/network.js';
import { AlignmentProbe } from './diagnostics.js';
import { type Loss, type LossName, getLoss } from '../neurons/losses.js';
import type { RandomStreams } from '../random/streams.js';
import { Minibatches } from '../tasks/minibatches.js';
import type { Task } from '../tasks/task.js';
import { countCorrect, evaluate } from './evaluate.js';
import { Gradients } from '../learning/gradients.js';
import { type OptimiserSpec, createOptimiser } from './optimisers.js';
import { type MinibatchRule, type RuleOptions, resolveRuleOptions, unsupportedProjection } from '../learning/rule.js';
import { type Augmentation, ImageAugmenter } from '../tasks/augment.js';
import { type ScheduleSpec, learningRateAt } from './schedule.js';
import type { EpochMetrics, TrainingResult } from './metrics.js';
import { MinibatchStepper } from './step.js';

export interface TrainingConfig {
  epochs: number;
  batchSize: number;
  loss: LossName;
  optimiser: OptimiserSpec;
  schedule?: ScheduleSpec;
  /** Rows per chunk when evaluating (forward only); default `evaluationRows(neurons)`. */
  evaluationBatchSize?: number;
  /** Image tasks: random crop and flip of every training batch, drawn from the run's stream "augment". */
  augment?: Augmentation;
}

/**
 * Rows the evaluation pass takes at a time: 1000, or fewer for networks with many neurons (a conv net's
 * feature maps), so that its activations stay near 64 MB. Per-row results do not depend on the chunk.
 */
export function evaluationRows(neurons: number): number {
  return Math.max(64, Math.min(1000, Math.floor(8e6 / Math.max(1, neurons))));
}

export interface TrainArguments {
  net: Network;
  rule: MinibatchRule<any>;
  ruleOptions?: RuleOptions;
  task: Task;
  config: TrainingConfig;
  /** The run's streams; training uses "shuffle" and the rule gets the namespace "rule/<name>". */
  streams: RandomStreams;
  onEpoch?: (m: EpochMetrics) => void;
  onBatch?: (epoch: number, batch: number, batchesPerEpoch: number) => void;
  /**
   * A fixed batch on which the rule's update is compared with the true gradient after every epoch
   * (alignment angles, feedback angles, rule diagnostics); stored with the epoch's metrics.
   */
  probe?: { inputs: Matrix; targets: Matrix };
}

/**
 * Trains a layered rate network with a minibatch rule. Each batch: forward pass; the loss writes the
 * output error; the rule's feedback pathway delivers teaching signals; its local plasticity proposes an
 * update per projection; the optimiser applies it. A NaN or infinite loss stops the run as "diverged".
 */
export function train(args: TrainArguments): TrainingResult {
  const { net, rule, task, config, streams } = args;
  const topology = net.layered();
  const inputPop = topology.inputs[0];
  if (topology.inputs.length !== 1) throw new Error(`train: the network has ${topology.inputs.length} input populations; tasks feed exactly one`);
  if (inputPop.size !== task.inputSize) throw new Error(`train: input population "${inputPop.name}" has ${inputPop.size} neurons but task "${task.name}" has ${task.inputSize} inputs`);
  if (topology.output.size !== task.outputSize) {
    throw new Error(`train: output population "${topology.output.name}" has ${topology.output.size} neurons but task "${task.name}" has ${task.outputSize} outputs`);
  }
  // An empty test set has no loss to measure: it would read as a NaN loss, i.e. as divergence.
  if (task.test.inputs.rows === 0) throw new Error(`train: task "${task.name}" has no test examples; a run is measured on at least one`);
  if (task.train.inputs.rows === 0) throw new Error(`train: task "${task.name}" has no training examples`);
  if (rule.regime !== 'minibatch') throw new Error(`train: rule "${rule.name}" is a ${rule.regime} rule; the minibatch trainer runs minibatch rules only`);
  if (!Number.isInteger(config.epochs) || config.epochs < 0) throw new Error(`training.epochs: expected an integer >= 0, got ${config.epochs}`);
  if (!Number.isInteger(config.batchSize) || config.batchSize <= 0) throw new Error(`training.batchSize: expected a positive integer, got ${config.batchSize}`);

  const unsupported = unsupportedProjection(rule, new Set(net.projections.map((p) => p.kind.kind)), (kind) => `projection "${net.projections.find((p) => p.kind.kind === kind)!.name}"`);
  if (unsupported) throw new Error(`train: ${unsupported}`);
  const augmenter = config.augment && (config.augment.crop > 0 || config.augment.flip) ? imageAugmenter(task, config.augment) : null;
  const augmentStream = augmenter ? streams.stream('augment') : null;

  const loss: Loss = getLoss(config.loss, 'training.loss');
  const options = resolveRuleOptions(rule, args.ruleOptions);
  const learner = rule.create({ net, topology, streams: streams.fork(`rule/${rule.name}`), options });
  const stepper = new MinibatchStepper(net, loss);
  const pass = stepper.pass;
  const grads = new Gradients(net);
  const optimiser = createOptimiser(net, grads, config.optimiser);
  const batches = new Minibatches(task.train, config.batchSize, streams.stream('shuffle'));
  const evalChunk = config.evaluationBatchSize ?? evaluationRows(net.populations.reduce((n, p) => n + p.size, 0));
  const outIndex = topology.output.index;

  const probe = args.probe ? new AlignmentProbe(net, stepper, args.probe.inputs, args.probe.targets) : null;
  const epochs: EpochMetrics[] = [];
  const record = (m: EpochMetrics) => {
    if (probe) m.diagnostics = probe.measure(learner);
    epochs.push(m);
    args.onEpoch?.(m);
  };
  const measure = (epoch: number, trainLoss: number | null, trainAccuracy: number | null, lr: number, seconds: number): EpochMetrics => {
    const test = evaluate(pass, task.test, loss, evalChunk);
    const m: EpochMetrics = { epoch, trainLoss, trainAccuracy, testLoss: test.loss, testAccuracy: test.accuracy, learningRate: lr, seconds };
    if (task.validation) {
      const v = evaluate(pass, task.validation, loss, evalChunk);
      m.validationLoss = v.loss;
      m.validationAccuracy = v.accuracy;
    }
    return m;
  };

  record(measure(0, null, null, learningRateAt(config.optimiser.lr, config.schedule, 0, config.epochs), 0));

  for (let epoch = 1; epoch <= config.epochs; epoch++) {
    const lr = learningRateAt(config.optimiser.lr, config.schedule, epoch - 1, config.epochs);
    let lossSum = 0, seen = 0, correct = 0;
    let diverged = false;
    const t0 = performance.now();
    batches.forEachBatch((x, y, labels, b) => {
      if (diverged) return;
      if (augmenter) augmenter.apply(x, augmentStream!);
      const step = stepper.propose(learner, x, y, grads);
      if (!Number.isFinite(step.lossValue)) {
        diverged = true;
        return;
      }
      if (labels) correct += countCorrect(step.forward.h[outIndex], labels, 0);
      lossSum += step.lossValue * x.rows;
      seen += x.rows;
      optimiser.step(lr);
      learner.afterStep?.(step, grads, lr);
      args.onBatch?.(epoch, b, batches.batchesPerEpoch);
    });
    const seconds = (performance.now() - t0) / 1000;
    if (diverged) return { status: 'diverged', divergedAtEpoch: epoch, epochs };
    const m = measure(epoch, lossSum / seen, task.train.labels ? correct / seen : null, lr, seconds);
    if (!Number.isFinite(m.testLoss)) {
      record(m);
      return { status: 'diverged', divergedAtEpoch: epoch, epochs };
    }
    record(m);
  }
  return { status: 'completed', epochs };
}

function imageAugmenter(task: Task, augment: Augmentation): ImageAugmenter {
  if (!task.inputShape) throw new Error(`training.augment: task "${task.name}" has no image shape (its inputs are a vector of ${task.inputSize}); crop and flip need images`);
  return new ImageAugmenter(task.inputShape, augment);
}
