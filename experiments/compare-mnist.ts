/**
 * The headline comparison: backprop against the rules that avoid weight transport, on one MNIST network,
 * the same seeds (so the same initial forward weights and minibatch order for every rule) and the same
 * training budget. Learning curves, alignment angles and a mean ± std table go into report.html.
 *
 * Network: 784-256-256-10, tanh hidden layers, softmax output, cross-entropy. Two hidden layers are the
 * smallest depth at which the rules differ in how they reach a layer that is not next to the output
 * (FA sends errors through two random matrices, DFA through one, TP/DTP through a learned inverse); tanh
 * is the non-linearity of the TP/DTP papers (its inverse is well defined) and works for every other rule.
 *
 *   npx plasticity run compare-mnist            # full setting: 3 seeds × 20 epochs
 *   npx plasticity run compare-mnist --quick    # `npm start`: 2 seeds × 2 epochs
 */
import { defineExperiment } from '../src/experiment/spec.js';

export default defineExperiment({
  name: 'compare-mnist',
  description:
    'MNIST (60k/10k), 784-256-256-10 tanh MLP, softmax cross-entropy, SGD with Nesterov momentum 0.9, batch 64, cosine decay; ' +
    'backprop vs feedback alignment, direct FA, sign symmetry, Kolen-Pollack, target propagation and difference target propagation. ' +
    'Each rule uses its own learning rate (perRule below), every other setting is shared.',
  rules: [
    'backprop',
    'feedback-alignment',
    'direct-feedback-alignment',
    'sign-symmetry',
    'kolen-pollack',
    'target-propagation',
    'difference-target-propagation',
  ],
  tasks: ['mnist'],
  seeds: 3,
  network: { hidden: [256, 256], activation: 'tanh', output: 'softmax', init: 'glorot-uniform' },
  training: {
    epochs: 20,
    batchSize: 64,
    loss: 'cross-entropy',
    optimiser: { kind: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true },
    schedule: { kind: 'cosine', floor: 0.01 },
  },
  perRule: {},
  probeSize: 256,
  quick: { seeds: 2, training: { epochs: 2 } },
});
