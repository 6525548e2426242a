import { Matrix } from '../kernels/matrix.js';
import type { Network } from '../graph/network.js';
import { getLoss } from '../neurons/losses.js';
import type { RandomStreams } from '../random/streams.js';
import { Gradients } from '../learning/gradients.js';
import { createOptimiser } from './optimisers.js';
import { type MinibatchLearner, type MinibatchRule, type RuleOptions, resolveRuleOptions } from '../learning/rule.js';
import { MinibatchStepper } from './step.js';

export interface UnsupervisedOptions {
  /** Plain SGD step size η (the rule's ΔW is applied as +η ΔW). */
  lr: number;
  epochs: number;
  batchSize: number;
  ruleOptions?: RuleOptions;
  /** The run's streams: the rule gets "rule/<name>", shuffling uses "shuffle". */
  streams: RandomStreams;
  /** Present examples in a new random order each epoch (default true); in data order otherwise. */
  shuffle?: boolean;
  /** Called after every epoch (1-based) with the learner, e.g. to record convergence. */
  onEpoch?: (epoch: number, learner: MinibatchLearner) => void;
}

/** Trains a network with an unsupervised (Hebbian) rule on rows of `data`: forward, local plasticity, SGD step. */
export function trainUnsupervised(net: Network, rule: MinibatchRule<any>, data: Matrix, o: UnsupervisedOptions): MinibatchLearner {
  const learner = rule.create({ net, topology: net.layered(), streams: o.streams.fork(`rule/${rule.name}`), options: resolveRuleOptions(rule, o.ruleOptions) });
  const stepper = new MinibatchStepper(net, getLoss('mse'));
  const grads = new Gradients(net);
  const optimiser = createOptimiser(net, grads, { kind: 'sgd', lr: o.lr });
  const order = Int32Array.from({ length: data.rows }, (_, i) => i);
  const batch = new Matrix(o.batchSize, data.cols);
  for (let e = 1; e <= o.epochs; e++) {
    if (o.shuffle ?? true) o.streams.stream('shuffle').shuffle(order);
    for (let start = 0; start + o.batchSize <= data.rows; start += o.batchSize) {
      for (let r = 0; r < o.batchSize; r++) batch.data.set(data.data.subarray(order[start + r] * data.cols, (order[start + r] + 1) * data.cols), r * data.cols);
      const step = stepper.proposeUnsupervised(learner, batch, grads);
      optimiser.step(o.lr);
      learner.afterStep?.(step, grads, o.lr);
    }
    o.onEpoch?.(e, learner);
  }
  return learner;
}
