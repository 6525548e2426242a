/**
 * Evidence accumulation (Bellec et al. 2020, Fig. 3): 7 left/right cues, a delay of about a second, then a
 * recall cue at which the network must say where most cues were. A recurrent layer of 100 adaptive-threshold
 * (ALIF) neurons against the same layer of plain LIF neurons — the adaptation's slow threshold is the memory
 * the task needs — trained by BPTT and by symmetric and random e-prop.
 *
 * Inputs: 40 neurons (10 left, 10 right, 10 recall at 40 Hz; 10 background at 10 Hz), 2,250 steps of 1 ms;
 * the loss is the readout's cross-entropy over the 150 recall steps. Neurons: τ_mem 20 ms, threshold 0.6,
 * τ_adapt 2 s (as in Bellec et al.'s tutorial); adaptation β 0.02 per spike. Adam 5e-3, batch 64. Where it
 * differs from Bellec et al.: all 100 neurons adapt (they use 50 LIF + 50 ALIF), no refractory period and no
 * firing-rate regulariser.
 *
 *   npx plasticity run evidence-accumulation           # 3 rules × 2 neuron models × 3 seeds × 15 epochs of 1,280 trials
 *   npx plasticity run evidence-accumulation --quick   # 1 seed × 4 epochs of 640 trials
 */
import { defineExperiment } from '../src/experiment/spec.js';

export default defineExperiment({
  name: 'evidence-accumulation',
  description:
    "Bellec et al. 2020's evidence-accumulation task: a recurrent layer of 100 ALIF vs LIF neurons (τ_adapt 2 s), BPTT vs symmetric and random e-prop, loss over the 150 recall steps.",
  rules: ['bptt', 'eprop-symmetric', 'eprop-random'],
  tasks: [{ task: 'evidence-accumulation', options: { nTrain: 1280, nTest: 256 } }],
  seeds: 3,
  network: { spiking: { size: 100, neuron: 'alif', recurrent: true, tauMem: 20, tauAdapt: 2000, adaptation: 0.02, threshold: 0.6, readoutTau: 20 } },
  training: { epochs: 15, batchSize: 64, loss: 'cross-entropy', optimiser: { kind: 'adam', lr: 5e-3 }, lossFrom: 2101 },
  grid: { 'network.spiking.neuron': ['alif', 'lif'] },
  probeSize: 32,
  quick: {
    seeds: 1,
    tasks: [{ task: 'evidence-accumulation', options: { nTrain: 640, nTest: 256 } }],
    training: { epochs: 4 },
  },
});
