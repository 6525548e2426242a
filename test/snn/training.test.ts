/**
 * Training spiking networks through time (src/training/train-spiking.ts) with each through-time rule: they learn a
 * small task, reruns give the same bits, adaptive e-prop's feedback comes to match the readout, the encoders
 * follow their definitions, and bad input is named.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { allocF64 } from '../../src/kernels/backend.js';
import { Matrix } from '../../src/kernels/matrix.js';
import { RandomStreams } from '../../src/random/streams.js';
import { encode, validateEncoder } from '../../src/snn/encoders.js';
import { validateSpikeFunction } from '../../src/snn/spike-function.js';
import { SpikingNetwork, type SpikingNetworkSpec } from '../../src/snn/spiking-network.js';
import { trainSpiking, type SpikingTrainingConfig } from '../../src/training/train-spiking.js';
import type { ThroughTimeRule } from '../../src/snn/through-time-rule.js';
import type { Task } from '../../src/tasks/task.js';
import { bptt } from '../../rules/bptt.js';
import { epropAdaptive } from '../../rules/eprop-adaptive.js';
import { epropRandom } from '../../rules/eprop-random.js';
import { epropSymmetric } from '../../rules/eprop-symmetric.js';
import { mulberry32 } from '../support/mulberry32.js';

/** Two classes: which half of 16 inputs is the brighter (intensities in [0, 1]). */
function halves(n: number, seed: number): { inputs: Matrix; targets: Matrix; labels: Int32Array } {
  const rand = mulberry32(seed), I = 16, inputs = new Matrix(n, I), targets = new Matrix(n, 2), labels = new Int32Array(n);
  for (let e = 0; e < n; e++) {
    const label = +(rand() < 0.5);
    for (let i = 0; i < I; i++) inputs.data[e * I + i] = (i < I / 2) === (label === 0) ? 0.5 + 0.5 * rand() : 0.3 * rand();
    labels[e] = label;
    targets.data[e * 2 + label] = 1;
  }
  return { inputs, targets, labels };
}
const task: Task = { name: 'halves', kind: 'classification', inputSize: 16, outputSize: 2, train: halves(256, 1), test: halves(128, 2), options: {} };

const spec = (recurrent: boolean, neuron: 'lif' | 'alif' = 'lif'): SpikingNetworkSpec => ({ inputSize: 16, outputSize: 2, hidden: { size: 12, neuron, recurrent, tauMem: 10 }, readoutTau: 10, inputGain: 3 });
const config: SpikingTrainingConfig = { epochs: 4, batchSize: 32, steps: 20, lossFrom: 5, encoder: { kind: 'rate', maxRate: 300 }, optimiser: { kind: 'adam', lr: 0.02 } };
const rules: ThroughTimeRule<any>[] = [bptt, epropSymmetric, epropRandom, epropAdaptive];

function run(rule: ThroughTimeRule<any>, recurrent: boolean, seed = 3, neuron: 'lif' | 'alif' = 'lif') {
  const streams = new RandomStreams(seed);
  const net = new SpikingNetwork(spec(recurrent, neuron)).initialise(streams);
  const result = trainSpiking({ net, rule, task, streams, config });
  const h = createHash('sha256');
  for (const p of net.parameters()) h.update(new Uint8Array(p.data.buffer, p.data.byteOffset, p.data.byteLength));
  return { net, result, hash: h.digest('hex') };
}

describe('training spiking networks through time', () => {
  for (const rule of rules) {
    it(`${rule.name} learns a two-class task on a recurrent layer (above 85% test accuracy), with the same bits on a rerun`, () => {
      const a = run(rule, true), b = run(rule, true);
      const last = a.result.epochs.at(-1)!;
      expect(a.result.status).toBe('completed');
      expect(a.result.epochs.map((e) => e.epoch)).toEqual([0, 1, 2, 3, 4]);
      expect(a.result.epochs[0].testAccuracy).toBeLessThan(0.8); // untrained
      expect(last.testAccuracy).toBeGreaterThan(0.85);
      const d = last.diagnostics!;
      expect(d['firingRate/hidden']).toBeGreaterThan(1);
      expect(a.result.epochs[1].trainLoss!).toBeGreaterThan(last.trainLoss!);
      expect(a.hash).toBe(b.hash);
      expect(run(rule, true, 4).hash).not.toBe(a.hash);
      // Angles to BPTT: 0 for BPTT itself, within 90° for the e-prop rules that learn.
      if (rule.name === 'bptt') expect(d['updateAngle/input']).toBe(0);
      else expect(d['updateAngle/input']).toBeLessThan(90);
      expect(d['updateAngle/recurrent']).toBeLessThan(90);
      // Feedback ∠ W_out: 0 for symmetric e-prop; none for BPTT.
      if (rule.name === 'eprop-symmetric') expect(d['feedbackAngle/readout']).toBe(0);
      if (rule.name === 'bptt') expect(d['feedbackAngle/readout']).toBeUndefined();
    });
  }

  it('adaptive e-prop: B − W_out shrinks by (1 − ηλ) every step, so B comes to equal the readout weights', () => {
    const streams = new RandomStreams(5);
    const net = new SpikingNetwork(spec(false, 'alif')).initialise(streams);
    const learner = epropAdaptive.create({ net, streams: streams.fork('rule/eprop-adaptive'), options: { feedbackScale: 1, weightDecay: 0.5 } });
    const B = learner.feedbackWeights!();
    const gap = () => {
      let d = 0;
      for (let i = 0; i < B.data.length; i++) d += (B.data[i] - net.wout.data[i]) ** 2;
      return Math.sqrt(d);
    };
    const before = gap();
    // B − W_out shrinks by exactly (1 − ηλ) per step, whatever the readout's changes are: 200 steps at ηλ = 0.05.
    const change = allocF64(net.wout.data.length);
    for (let s = 0; s < 200; s++) {
      for (let i = 0; i < change.length; i++) change[i] = 0.001 * Math.sin(s + i);
      for (let i = 0; i < change.length; i++) net.wout.data[i] += change[i];
      learner.afterStep!(change, 0.1);
    }
    expect(before).toBeGreaterThan(0.5);
    expect(gap() / before / 0.95 ** 200).toBeCloseTo(1, 8);
  });
});

describe('spike encoders', () => {
  it('rate code: each input spikes with probability x · maxRate · dt / 1000 per step', () => {
    const I = 4, data = Float64Array.from([0, 0.25, 0.5, 1]), steps = 4000, out = allocF64(steps * I);
    encode({ kind: 'rate', maxRate: 200 }, data, I, [0], steps, 1, new RandomStreams(1).stream('encode'), out);
    for (let i = 0; i < I; i++) {
      let count = 0;
      for (let t = 0; t < steps; t++) count += out[t * I + i];
      const p = data[i] * 0.2, sd = Math.sqrt((steps * p * (1 - p)) || 1);
      expect(Math.abs(count - steps * p), `input ${i}`).toBeLessThan(4 * sd);
    }
  });

  it('latency code: one spike at τ ln(x / (x − ϑ)), none at or below ϑ; brighter first', () => {
    const I = 4, data = Float64Array.from([0.1, 0.2, 0.5, 1]), steps = 100, out = allocF64(steps * I);
    encode({ kind: 'latency', tau: 20, threshold: 0.2 }, data, I, [0], steps, 1, new RandomStreams(1).stream('encode'), out);
    const first = (i: number) => { for (let t = 0; t < steps; t++) if (out[t * I + i]) return t; return -1; };
    const total = out.reduce((a, b) => a + b, 0);
    expect(total).toBe(2);
    expect(first(0)).toBe(-1);
    expect(first(1)).toBe(-1);
    expect(first(2)).toBe(Math.floor(20 * Math.log(0.5 / 0.3)));
    expect(first(3)).toBe(Math.floor(20 * Math.log(1 / 0.8)));
  });
});

describe('bad input to spiking networks', () => {
  it('names the field and what was expected', () => {
    expect(() => validateSpikeFunction({ kind: 'heaviside', surrogate: 'arctan' }, 'network.spike')).toThrow(/network\.spike\.surrogate: unknown surrogate "arctan"; valid surrogates are triangle, fast-sigmoid, exponential/);
    expect(() => validateSpikeFunction({ kind: 'heaviside', surrogate: 'triangle', width: 0 }, 'network.spike')).toThrow(/network\.spike\.width: expected a finite number > 0, got 0/);
    expect(() => new SpikingNetwork({ ...spec(true), hidden: { size: 12, neuron: 'izhikevich' as 'lif', recurrent: true } })).toThrow(/network\.hidden\.neuron: expected "lif" or "alif", got "izhikevich"/);
    expect(() => new SpikingNetwork({ ...spec(true), hidden: { size: 2.5, neuron: 'lif', recurrent: true } })).toThrow(/network\.hidden\.size: expected a whole number >= 1, got 2\.5/);
    expect(() => new SpikingNetwork({ ...spec(true), hidden: { size: 12, neuron: 'lif', recurrent: true, tauMem: -1 } })).toThrow(/network\.hidden\.tauMem: expected a finite number > 0, got -1/);
    expect(() => new SpikingNetwork({ ...spec(true), hidden: { size: 100_000, neuron: 'lif', recurrent: true } })).toThrow(/network: 100,000 hidden neurons need a 100,000 × 100,000 recurrent weight matrix \(10,000,000,000 elements, 74\.5 GiB\)/);
    expect(() => validateEncoder({ kind: 'poisson' })).toThrow(/encoder\.kind: expected "rate" \(Poisson spikes\) or "latency"/);
    expect(() => validateEncoder({ kind: 'latency', threshold: 1.5 })).toThrow(/encoder\.threshold: expected a value below 1/);
    const net = new SpikingNetwork({ ...spec(false), inputSize: 10 });
    expect(() => trainSpiking({ net, rule: bptt, task, streams: new RandomStreams(1), config })).toThrow(/network\.inputSize: 10, but task "halves" has 16 inputs/);
  });
});

describe('activity figures of a trained spiking network', () => {
  it('a raster of input and hidden spikes and the membranes, with ALIF thresholds that move', () => {
    const { result } = run(bptt, true, 3, 'alif');
    const [raster, membranes] = (result as typeof result & { figures: { id: string; data: { x: number[]; y: number[]; name: string }[] }[] }).figures;
    expect(raster.id).toBe('spike-raster');
    expect(raster.data.map((d) => d.name)).toEqual(['input (16)', 'hidden ALIF (12)']);
    expect(raster.data[0].y.every((y) => y >= 0 && y < 16)).toBe(true);
    expect(raster.data[1].y.every((y) => y >= 16 && y < 28)).toBe(true);
    expect(raster.data[1].x.length).toBeGreaterThan(0);
    expect(membranes.data).toHaveLength(8);
    const threshold = membranes.data[4].y;
    expect(Math.max(...threshold)).toBeGreaterThan(Math.min(...threshold)); // adaptation raised it after spikes
    expect(Math.min(...threshold)).toBeGreaterThanOrEqual(1);
  });
});
