/**
 * Credit assignment in a spiking network: surrogate-gradient BPTT against e-prop with symmetric, random and
 * adaptive feedback (Bellec et al. 2020) — the spiking rows of backprop, feedback alignment and Kolen-Pollack —
 * on the same network, seeds and budget, on rate-coded MNIST and on randman (Zenke & Vogels 2021).
 *
 *   784 (or randman's units) → 200 LIF neurons, feed-forward → 10 leaky readout units
 *
 * MNIST is presented for 30 steps of 1 ms, each pixel a Poisson train at up to 200 Hz; the loss is the
 * readout's cross-entropy at every step, the prediction its summed output. Randman (10 classes, 50 units,
 * 50 steps, one spike per unit) is read as it is. Adam 1e-3, batch 64. The report shows each rule's update
 * ∠ BPTT's gradient per epoch; e-prop's memory does not grow with the number of steps, BPTT's does.
 *
 *   npx plasticity run compare-snn            # 4 rules × 2 tasks × 3 seeds × 10 epochs
 *   npx plasticity run compare-snn --quick    # 1 seed × 3 epochs on 5,000 MNIST images and 2,000 randman examples
 */
import { defineExperiment } from '../src/experiment/spec.js';

export default defineExperiment({
  name: 'compare-snn',
  description:
    'A spiking network (200 LIF neurons, feed-forward, leaky readout) on rate-coded MNIST (30 steps, 200 Hz) and randman (10 classes, 50 units, 50 steps), ' +
    'Adam 1e-3, batch 64, per-step cross-entropy: surrogate-gradient BPTT vs e-prop with symmetric, random and adaptive feedback.',
  rules: ['bptt', 'eprop-symmetric', 'eprop-random', 'eprop-adaptive'],
  tasks: ['mnist', { task: 'randman', options: { classes: 10, units: 50, steps: 50, nTrain: 5000, nTest: 1000 } }],
  seeds: 3,
  network: { spiking: { size: 200, neuron: 'lif', recurrent: false, tauMem: 20, readoutTau: 20, inputGain: 3 } },
  training: { epochs: 10, batchSize: 64, loss: 'cross-entropy', optimiser: { kind: 'adam', lr: 1e-3 } },
  perTask: {
    mnist: { training: { steps: 30, encoder: { kind: 'rate', maxRate: 200 } } },
    randman: { network: { spiking: { size: 200, neuron: 'lif', recurrent: false, tauMem: 10, readoutTau: 20, inputGain: 5 } } },
  },
  probeSize: 64,
  quick: {
    seeds: 1,
    tasks: [{ task: 'mnist', options: { trainLimit: 5000, testLimit: 1000 } }, { task: 'randman', options: { classes: 10, units: 50, steps: 50, nTrain: 2000, nTest: 500 } }],
    training: { epochs: 3 },
  },
});
