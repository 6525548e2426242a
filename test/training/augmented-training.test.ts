/**
 * Training with augmentation: every training batch is cropped and flipped with draws from the run's stream
 * "augment", so the same seed gives the same bits, a different augmentation gives a different run, the
 * shuffle order (stream "shuffle") does not change, and the test set is never augmented. A task without an
 * image shape, or a rule that cannot train the network's projections, is refused before anything trains.
 */
import { describe, expect, it } from 'vitest';
import { backprop } from '../../rules/backprop.js';
import { targetPropagation } from '../../rules/target-propagation.js';
import { layerNetwork } from '../../src/graph/layer-stack.js';
import { hashWeights } from '../../src/experiment/records.js';
import { Matrix } from '../../src/kernels/matrix.js';
import { RandomStreams } from '../../src/random/streams.js';
import { makeTask } from '../../src/tasks/make-task.js';
import type { Task } from '../../src/tasks/task.js';
import { type TrainingConfig, train } from '../../src/training/trainer.js';
import { mulberry32 } from '../support/mulberry32.js';

const SHAPE = { channels: 2, height: 6, width: 6 };

function imageTask(withShape = true): Task {
  const split = (n: number, seed: number) => {
    const rand = mulberry32(seed), inputs = new Matrix(n, 72), targets = new Matrix(n, 3), labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = i % 3;
      targets.set(i, i % 3, 1);
      // A bright patch whose place says the class, plus noise.
      for (let k = 0; k < 72; k++) inputs.set(i, k, 0.2 * rand() + (Math.floor((k % 6) / 2) === i % 3 ? 1 : 0));
    }
    return { inputs, targets, labels };
  };
  return makeTask({ name: 'patches', kind: 'classification', train: split(48, 1), test: split(12, 2), ...(withShape && { inputShape: SHAPE }), options: {} });
}

const config = (augment?: TrainingConfig['augment']): TrainingConfig => ({ epochs: 2, batchSize: 8, loss: 'cross-entropy', optimiser: { kind: 'sgd', lr: 0.05 }, ...(augment && { augment }) });

function run(augment?: TrainingConfig['augment'], task = imageTask()) {
  const net = layerNetwork({ layers: [{ conv: 3, kernel: 3 }, { pool: 'max', size: 2 }], inputSize: 72, inputShape: SHAPE, outputSize: 3, activation: 'relu', output: 'softmax' });
  const streams = new RandomStreams(4);
  net.initialise(streams);
  const before = task.test.inputs.data.slice();
  const result = train({ net, rule: backprop, task, config: config(augment), streams });
  expect(task.test.inputs.data).toEqual(before);
  return { hash: hashWeights(net), result };
}

describe('training with augmentation', () => {
  it('the same seed gives the same bits; crop and flip each change the run; crop 0 without flip is no augmentation', () => {
    const plain = run().hash, crop = run({ crop: 1, flip: false }).hash, flip = run({ crop: 0, flip: true }).hash;
    expect(run({ crop: 1, flip: false }).hash).toBe(crop);
    expect(run({ crop: 0, flip: true }).hash).toBe(flip);
    expect(new Set([plain, crop, flip]).size).toBe(3);
    expect(run({ crop: 0, flip: false }).hash).toBe(plain);
  });

  it('augmentation does not change what the test set measures: it is never augmented (its inputs are untouched, checked in run())', () => {
    const r = run({ crop: 2, flip: true }).result;
    expect(r.status).toBe('completed');
    expect(r.epochs.at(-1)!.testAccuracy).not.toBeNull();
  });

  it('refuses augmentation on a task without an image shape', () => {
    const task = imageTask(false);
    const net = layerNetwork({ layers: [{ dense: 4 }], inputSize: 72, outputSize: 3, activation: 'relu', output: 'softmax' });
    net.initialise(new RandomStreams(1));
    expect(() => train({ net, rule: backprop, task, config: config({ crop: 1, flip: false }), streams: new RandomStreams(1) })).toThrow(/training\.augment: task "patches" has no image shape \(its inputs are a vector of 72\); crop and flip need images/);
  });

  it('refuses a rule that trains dense projections only on a conv net, naming the rule and the projection', () => {
    const net = layerNetwork({ layers: [{ conv: 3, kernel: 3 }], inputSize: 72, inputShape: SHAPE, outputSize: 3, activation: 'relu', output: 'softmax' });
    net.initialise(new RandomStreams(1));
    expect(() => train({ net, rule: targetPropagation, task: imageTask(), config: config(), streams: new RandomStreams(1) })).toThrow(/train: rule "target-propagation" cannot train a network with conv2d projections \(projection "input->conv1"\)/);
  });
});
