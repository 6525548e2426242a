/**
 * Gradients of trainable spiking networks (src/snn): BPTT against central finite differences on networks with a
 * smooth spike function, where the loss is differentiable and BPTT's result is its exact gradient; e-prop with
 * symmetric feedback against BPTT where the theory says they are equal (no recurrent weights, reset detached),
 * and apart where it says they are not (recurrent weights).
 */
import { describe, expect, it } from 'vitest';
import { allocF64 } from '../../src/kernels/backend.js';
import { RandomStreams } from '../../src/random/streams.js';
import { BackpropThroughTime } from '../../src/snn/backprop-through-time.js';
import { EligibilityTraces } from '../../src/snn/eligibility-traces.js';
import { type SequenceBatch, SequenceSimulator } from '../../src/snn/sequence-simulator.js';
import type { SpikeFunctionSpec } from '../../src/snn/spike-function.js';
import { SpikingGradients, SpikingNetwork } from '../../src/snn/spiking-network.js';
import { mulberry32 } from '../support/mulberry32.js';

interface Case {
  neuron: 'lif' | 'alif';
  recurrent: boolean;
  spike: SpikeFunctionSpec;
}

function network({ neuron, recurrent, spike }: Case, I = 3, N = 5, K = 3, seed = 1): SpikingNetwork {
  // Short time constants and a strong adaptation, so that every path (leak, reset, adaptation, recurrence) matters within a few steps.
  return new SpikingNetwork({ inputSize: I, outputSize: K, hidden: { size: N, neuron, recurrent, tauMem: 4, tauAdapt: 6, adaptation: 0.7, threshold: 0.8 }, readoutTau: 3, spike, inputGain: 2, recurrentGain: 1.5 }).initialise(new RandomStreams(seed));
}

function batchOf(net: SpikingNetwork, steps: number, size: number, rand: () => number, spikes: boolean, lossFrom = 1): SequenceBatch {
  const inputs = allocF64(steps * size * net.inputSize);
  for (let i = 0; i < inputs.length; i++) inputs[i] = spikes ? +(rand() < 0.3) : rand() * 2 - 0.5;
  const labels = new Int32Array(size).map(() => Math.floor(rand() * net.outputSize));
  return { steps, size, inputs, labels, lossFrom };
}

function bptt(net: SpikingNetwork, batch: SequenceBatch, detachReset: boolean): SpikingGradients {
  const grads = new SpikingGradients(net);
  const sim = new SequenceSimulator(net, true);
  sim.run(batch);
  new BackpropThroughTime(detachReset).accumulate(sim, batch, grads);
  return grads;
}

function eprop(net: SpikingNetwork, batch: SequenceBatch): SpikingGradients {
  const grads = new SpikingGradients(net);
  new EligibilityTraces(net).accumulate(new SequenceSimulator(net, false), batch, net.wout, grads);
  return grads;
}

function norm(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}
function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const d = Array.from(a, (x, i) => x - b[i]);
  return norm(d) / Math.max(norm(b), 1e-300);
}
function angleDegrees(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return (Math.acos(Math.max(-1, Math.min(1, dot / (norm(a) * norm(b))))) * 180) / Math.PI;
}

const NAMES = (net: SpikingNetwork) => net.parameters().map((p) => p.name);

const smooth: SpikeFunctionSpec = { kind: 'sigmoid', width: 0.3 };
const cases: Case[] = [
  { neuron: 'lif', recurrent: false, spike: smooth },
  { neuron: 'lif', recurrent: true, spike: smooth },
  { neuron: 'alif', recurrent: false, spike: smooth },
  { neuron: 'alif', recurrent: true, spike: smooth },
];

describe('BPTT through a spiking network', () => {
  for (const c of cases) {
    it(`equals central finite differences with a smooth spike function (${c.neuron}, ${c.recurrent ? 'recurrent' : 'feed-forward'}, reset kept): relative error < 1e-6`, () => {
      const rand = mulberry32(c.neuron.length + (c.recurrent ? 10 : 0));
      const net = network(c);
      const batch = batchOf(net, 12, 3, rand, false, 5);
      const grads = bptt(net, batch, false);
      const sim = new SequenceSimulator(net, false), h = 1e-5;
      const params = net.parameters(), gs = grads.arrays();
      for (let p = 0; p < params.length; p++) {
        const w = params[p].data, fd = new Float64Array(w.length);
        for (let i = 0; i < w.length; i++) {
          const keep = w[i];
          w[i] = keep + h;
          const up = sim.run(batch).loss;
          w[i] = keep - h;
          const down = sim.run(batch).loss;
          w[i] = keep;
          fd[i] = (up - down) / (2 * h);
        }
        if (params[p].name === 'recurrent') for (let j = 0; j < net.size; j++) fd[j * net.size + j] = 0; // no self-connections
        expect(norm(fd), `${params[p].name}: the loss depends on it`).toBeGreaterThan(1e-4);
        expect(relativeDifference(gs[p], fd), `${NAMES(net)[p]} of ${c.neuron} ${c.recurrent}`).toBeLessThan(1e-6);
      }
    });
  }

  it('the reset path matters: detaching it changes the gradient of a network that spikes', () => {
    const net = network(cases[0]);
    const batch = batchOf(net, 12, 3, mulberry32(3), false);
    expect(relativeDifference(bptt(net, batch, true).win.data, bptt(net, batch, false).win.data)).toBeGreaterThan(1e-3);
  });
});

describe('e-prop with symmetric feedback', () => {
  const spiking: SpikeFunctionSpec = { kind: 'heaviside', surrogate: 'triangle' };
  for (const neuron of ['lif', 'alif'] as const) {
    for (const spike of [spiking, smooth]) {
      it(`equals BPTT with the reset detached on a feed-forward ${neuron} layer (${spike.kind} spikes), to rounding`, () => {
        const net = network({ neuron, recurrent: false, spike }, 6, 7, 3, 4);
        const batch = batchOf(net, 30, 4, mulberry32(neuron.length), true, 10);
        const exact = bptt(net, batch, true), online = eprop(net, batch);
        const e = online.arrays(), x = exact.arrays();
        for (let p = 0; p < e.length; p++) {
          expect(norm(x[p]), `${NAMES(net)[p]} gradient is not zero`).toBeGreaterThan(1e-6);
          expect(relativeDifference(e[p], x[p]), NAMES(net)[p]).toBeLessThan(1e-10);
        }
      });
    }
    it(`differs from BPTT on a recurrent ${neuron} layer (the paths through other neurons are left out), within 90°`, () => {
      const net = network({ neuron, recurrent: true, spike: smooth }, 6, 7, 3, 5);
      const batch = batchOf(net, 30, 4, mulberry32(7), true, 10);
      const exact = bptt(net, batch, true), online = eprop(net, batch);
      // The readout's gradient stays exact; the hidden layer's does not.
      expect(relativeDifference(online.wout.data, exact.wout.data)).toBeLessThan(1e-10);
      for (const name of ['win', 'wrec'] as const) {
        const d = relativeDifference(online[name]!.data, exact[name]!.data), angle = angleDegrees(online[name]!.data, exact[name]!.data);
        expect(d, name).toBeGreaterThan(1e-3);
        expect(angle, name).toBeLessThan(90);
      }
    });
  }
});
