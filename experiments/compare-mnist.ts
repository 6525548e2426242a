/**
 * The headline comparison: backprop against the rules that avoid weight transport, on one MNIST network,
 * the same seeds (so the same initial forward weights and minibatch order for every rule) and the same
 * training budget. Learning curves, alignment angles and a mean ± std table go into report.html.
 *
 * The unsupervised families appear in the same table through a delta-rule readout trained on their
 * features: Sanger's GHA (Hebbian, 100 principal components) and Diehl & Cook's STDP network (100 spiking
 * neurons), so the table answers how far each family is from backprop on the same task and seeds.
 *
 * Network: 784-256-256-10, tanh hidden layers, softmax output, cross-entropy. Two hidden layers are the
 * smallest depth at which the rules differ in how they reach a layer that is not next to the output
 * (FA sends errors through two random matrices, DFA through one, TP/DTP through a learned inverse); tanh
 * is the non-linearity of the TP/DTP papers (its inverse is well defined) and works for every other rule.
 *
 *   npx plasticity run compare-mnist            # full setting: 3 seeds × 20 epochs
 *   npx plasticity run compare-mnist --quick    # `npm start`: 2 seeds × 2 epochs on 30k training images
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
    // Target propagation needs well-trained inverses: a faster inverse learning rate and a target step of 1,
    // which makes the top hidden layer's teaching signal equal to backprop's (see the rule files).
    { rule: 'target-propagation', options: { targetStepSize: 1, inverseLearningRate: 0.003, noiseStd: 0.1 } },
    { rule: 'difference-target-propagation', options: { targetStepSize: 1, inverseLearningRate: 0.003, noiseStd: 0.05 } },
    // The unsupervised families, through a delta-rule readout on their features (src/learning/feature-rule.ts):
    // Hebbian (Sanger's GHA, 100 components) and STDP (Diehl & Cook 2015, 100 excitatory neurons).
    'gha-features',
    'stdp-features',
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
  // Learning rates chosen in short pilot runs (3 epochs on 20k images, lr ∈ {0.01, 0.02, 0.05, 0.1}).
  perRule: {
    'feedback-alignment': { training: { optimiser: { kind: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true } } },
    'direct-feedback-alignment': { training: { optimiser: { kind: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true } } },
    'sign-symmetry': { training: { optimiser: { kind: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true } } },
    'target-propagation': { training: { optimiser: { kind: 'sgd', lr: 0.01, momentum: 0.9, nesterov: true } } },
    // Feature rules train only a readout on their features: no hidden layers of their own.
    'gha-features': { network: { hidden: [] } },
    'stdp-features': { network: { hidden: [] } },
  },
  probeSize: 256,
  // `npm start`: 2 seeds × 2 epochs on the first 30,000 training images (full 10k test set), a few minutes.
  // STDP learns from 5,000 images (with fewer, some seeds still have neurons that never fire: vote 22–51% at
  // 2,000, 75–77% at 5,000 over 3 seeds) and is read out on 2,000 more (its full setting shows all 60,000 once).
  quick: {
    seeds: 2,
    tasks: [{ task: 'mnist', options: { trainLimit: 30000 } }],
    training: { epochs: 2 },
    rules: [
      'backprop', 'feedback-alignment', 'direct-feedback-alignment', 'sign-symmetry', 'kolen-pollack',
      { rule: 'target-propagation', options: { targetStepSize: 1, inverseLearningRate: 0.003, noiseStd: 0.1 } },
      { rule: 'difference-target-propagation', options: { targetStepSize: 1, inverseLearningRate: 0.003, noiseStd: 0.05 } },
      { rule: 'gha-features', options: { epochs: 1 } },
      { rule: 'stdp-features', options: { trainImages: 5000, labelImages: 2000, testImages: 2000 } },
    ],
  },
});
