/**
 * Credit assignment in a spiking network: surrogate-gradient BPTT against e-prop with symmetric, random and
 * adaptive feedback (Bellec et al. 2020) — the spiking rows of backprop, feedback alignment and Kolen-Pollack —
 * on the same network, seeds and budget, on MNIST rate-coded and latency-coded and on randman (Zenke & Vogels
 * 2021). The STDP row: Diehl & Cook's (2015) network of 400 excitatory neurons learns without labels from one
 * pass over the training images, in its own Poisson code, and a delta-rule readout with the same optimiser,
 * epochs and seeds is trained on its spike counts (as in compare-mnist). It runs on MNIST only: that network
 * takes images, and latency-coded MNIST and randman are already spike trains.
 *
 *   784 (or randman's 50 units) → 400 LIF neurons, feed-forward → 10 leaky readout units
 *
 * MNIST is presented for 40 steps of 1 ms: rate-coded, each pixel a Poisson train at up to 200 Hz (a pilot
 * with BPTT scheduled over 12 epochs reached 97.8% on the test set after 6 and 97.9% after 12); latency-coded, each pixel brighter
 * than 0.2 spiking once at 20 ln(x / (x − 0.2)) ms, the loss from step 10 on (no spike comes before ~4 ms). The
 * loss is otherwise the readout's cross-entropy at every step, the prediction its summed output. Randman
 * (10 classes, 50 units, 50 steps, one spike per unit) is read as it is. Adam 1e-3 with a cosine decay, batch 64.
 * The report shows each rule's update ∠ BPTT's gradient per epoch; e-prop's memory does not grow with the
 * number of steps, BPTT's does.
 *
 *   npx plasticity run compare-snn            # 4 rules × 3 tasks + STDP on MNIST, × 3 seeds × 12 epochs (about 7 hours on 2 workers)
 *   npx plasticity run compare-snn --quick    # 200 neurons, 1 seed × 3 epochs on 5,000 MNIST images and 2,000 randman examples
 */
import { defineExperiment } from '../src/experiment/spec.js';

const lif = (size: number, tauMem: number, inputGain: number) => ({ size, neuron: 'lif' as const, recurrent: false, tauMem, readoutTau: 20, inputGain });

export default defineExperiment({
  name: 'compare-snn',
  description:
    'A spiking network (400 LIF neurons, feed-forward, leaky readout) on MNIST rate-coded (40 steps, 200 Hz) and latency-coded, and on randman (10 classes, 50 units, 50 steps); ' +
    'Adam 1e-3 with cosine decay, batch 64, per-step cross-entropy: surrogate-gradient BPTT vs e-prop with symmetric, random and adaptive feedback.',
  rules: ['bptt', 'eprop-symmetric', 'eprop-random', 'eprop-adaptive', { rule: 'stdp-features', tasks: ['mnist'], options: { excitatory: 400 } }],
  tasks: ['mnist', { task: 'mnist', label: 'mnist-latency' }, { task: 'randman', options: { classes: 10, units: 50, steps: 50, nTrain: 5000, nTest: 1000 } }],
  seeds: 3,
  network: { spiking: lif(400, 20, 3) },
  training: { epochs: 12, batchSize: 64, loss: 'cross-entropy', optimiser: { kind: 'adam', lr: 1e-3 }, schedule: { kind: 'cosine', floor: 0.01 } },
  perTask: {
    mnist: { training: { steps: 40, encoder: { kind: 'rate', maxRate: 200 } } },
    'mnist-latency': { training: { steps: 40, lossFrom: 10, encoder: { kind: 'latency', tau: 20, threshold: 0.2 } } },
    randman: { network: { spiking: lif(400, 10, 5) } },
  },
  // The STDP row's network is Diehl & Cook's own; what trains with Adam here is the linear readout on its spike
  // counts, which needs a larger step to converge in the same epochs (quick setting: 42% at 1e-3, 79% at 1e-2).
  perRule: { 'stdp-features': { network: { hidden: [], activation: 'linear', output: 'softmax' }, training: { optimiser: { kind: 'adam', lr: 1e-2 } } } },
  probeSize: 64,
  quick: {
    seeds: 1,
    rules: ['bptt', 'eprop-symmetric', 'eprop-random', 'eprop-adaptive', { rule: 'stdp-features', tasks: ['mnist'], options: { excitatory: 100, trainImages: 5000, labelImages: 2000 } }],
    network: { spiking: lif(200, 20, 3) },
    tasks: [
      { task: 'mnist', options: { trainLimit: 5000, testLimit: 1000 } },
      { task: 'mnist', label: 'mnist-latency', options: { trainLimit: 5000, testLimit: 1000 } },
      { task: 'randman', options: { classes: 10, units: 50, steps: 50, nTrain: 2000, nTest: 500 } },
    ],
    training: { epochs: 3 },
  },
});
