/**
 * Training throughput of our engine on real MNIST: samples per second for forward + backward + update
 * (backprop, plain SGD) on one thread, the same network and batch the TF.js reference trains.
 */
import { backprop } from '../../rules/backprop.js';
import { layeredNetwork } from '../../src/graph/layered.js';
import { Gradients } from '../../src/learning/gradients.js';
import { createOptimiser } from '../../src/training/optimisers.js';
import { MinibatchStepper } from '../../src/training/step.js';
import { getLoss } from '../../src/neurons/losses.js';
import { RandomStreams } from '../../src/random/streams.js';
import type { Task } from '../../src/tasks/task.js';
import { median } from './median.js';


export interface ThroughputOptions {
  task: Task;
  hidden: number[];
  batchSize: number;
  samples: number;
  repeats: number;
  learningRate?: number;
}

/** Samples/s per repeat (after one warm-up pass), training on the first `samples` training images in order. */
export function engineTrainingThroughput(o: ThroughputOptions): { samplesPerSecond: number[]; median: number } {
  const net = layeredNetwork({ sizes: [o.task.inputSize, ...o.hidden, o.task.outputSize], activation: 'relu', output: 'softmax', init: 'glorot-uniform' });
  net.initialise(new RandomStreams(1));
  const stepper = new MinibatchStepper(net, getLoss('cross-entropy'));
  const grads = new Gradients(net);
  const lr = o.learningRate ?? 0.05;
  const optimiser = createOptimiser(net, grads, { kind: 'sgd', lr });
  const learner = backprop.create({ net, topology: net.layered(), streams: new RandomStreams(1).fork('rule'), options: {} });
  const nBatches = Math.floor(o.samples / o.batchSize);
  const xs = Array.from({ length: nBatches }, (_, b) => o.task.train.inputs.rowView(b * o.batchSize, o.batchSize));
  const ys = Array.from({ length: nBatches }, (_, b) => o.task.train.targets.rowView(b * o.batchSize, o.batchSize));
  const epoch = () => {
    const t0 = performance.now();
    for (let b = 0; b < nBatches; b++) {
      stepper.propose(learner, xs[b], ys[b], grads);
      optimiser.step(lr);
    }
    return (nBatches * o.batchSize) / ((performance.now() - t0) / 1000);
  };
  epoch(); // warm-up: lets the JIT compile the kernels
  const samplesPerSecond = Array.from({ length: o.repeats }, epoch);
  return { samplesPerSecond, median: median(samplesPerSecond) };
}
