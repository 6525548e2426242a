/**
 * BPTT through a spiking network against PyTorch autograd on the same network, written independently in
 * test/bench/torch/snn_reference.py (run with Debian's python3-torch), which wrote reference/bptt-torch.json
 * (committed, so that this test does not need PyTorch). LIF and ALIF, feed-forward and recurrent, three
 * surrogates and a smooth spike function, the reset kept and detached.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allocF64 } from '../../src/kernels/backend.js';
import { BackpropThroughTime } from '../../src/snn/backprop-through-time.js';
import { SequenceSimulator } from '../../src/snn/sequence-simulator.js';
import type { SpikeFunctionSpec } from '../../src/snn/spike-function.js';
import { SpikingGradients, SpikingNetwork } from '../../src/snn/spiking-network.js';

interface Case {
  neuron: 'lif' | 'alif';
  recurrent: boolean;
  spike: SpikeFunctionSpec;
  detachReset: boolean;
  inputSize: number;
  size: number;
  outputSize: number;
  steps: number;
  batch: number;
  lossFrom: number;
  tauMem: number;
  tauAdapt: number;
  readoutTau: number;
  adaptation: number;
  threshold: number;
  dt: number;
  inputs: number[];
  labels: number[];
  weights: Record<string, number[]>;
  gradients: Record<string, number[]>;
  loss: number;
}

const reference = JSON.parse(readFileSync(new URL('./reference/bptt-torch.json', import.meta.url), 'utf8')) as { torch: string; cases: Case[] };

describe(`BPTT against PyTorch ${reference.torch} autograd`, () => {
  for (const c of reference.cases) {
    const spike = c.spike.kind === 'heaviside' ? `${c.spike.surrogate} surrogate` : 'smooth sigmoid';
    it(`${c.neuron}, ${c.recurrent ? 'recurrent' : 'feed-forward'}, ${spike}, reset ${c.detachReset ? 'detached' : 'kept'}: loss and every gradient to 1e-10`, () => {
      const net = new SpikingNetwork({
        inputSize: c.inputSize, outputSize: c.outputSize, dt: c.dt, readoutTau: c.readoutTau, spike: c.spike,
        hidden: { size: c.size, neuron: c.neuron, recurrent: c.recurrent, tauMem: c.tauMem, tauAdapt: c.tauAdapt, adaptation: c.adaptation, threshold: c.threshold },
      });
      for (const p of net.parameters()) p.data.set(c.weights[p.name]);
      const inputs = allocF64(c.inputs.length);
      inputs.set(c.inputs);
      const batch = { steps: c.steps, size: c.batch, inputs, labels: Int32Array.from(c.labels), lossFrom: c.lossFrom };
      const sim = new SequenceSimulator(net, true);
      const outcome = sim.run(batch);
      expect(outcome.spikesPerStep, 'the hidden layer spikes').toBeGreaterThan(0.05);
      expect(Math.abs(outcome.loss - c.loss)).toBeLessThan(1e-12);
      const grads = new SpikingGradients(net);
      new BackpropThroughTime(c.detachReset).accumulate(sim, batch, grads);
      const ours = grads.arrays();
      net.parameters().forEach((p, i) => {
        const theirs = c.gradients[p.name];
        const scale = Math.max(...theirs.map(Math.abs));
        expect(scale, `${p.name}: a gradient that is not zero`).toBeGreaterThan(1e-4);
        const worst = Math.max(...theirs.map((g, j) => Math.abs(g - ours[i][j])));
        expect(worst / scale, p.name).toBeLessThan(1e-10);
      });
    });
  }
});
