/**
 * XOR with a 2-4-2 network: the smallest problem a single layer cannot solve, and a fast end-to-end
 * check that a rule can assign credit to a hidden layer at all.
 *
 *   npx plasticity run xor --seeds 5
 */
import { defineExperiment } from '../src/experiment/spec.js';

export default defineExperiment({
  name: 'xor',
  description: 'XOR (4 points, repeated with small jitter) on a 2-8-2 tanh network with softmax output; full-batch-like SGD with momentum.',
  rules: ['backprop'],
  tasks: [{ task: 'xor', options: { repeats: 16, noise: 0.05 } }],
  seeds: 5,
  network: { hidden: [8], activation: 'tanh', output: 'softmax', init: 'glorot-uniform' },
  training: { epochs: 200, batchSize: 16, loss: 'cross-entropy', optimiser: { kind: 'sgd', lr: 0.1, momentum: 0.9 } },
  quick: { seeds: 2, training: { epochs: 60 } },
});
