/**
 * The randman task (src/tasks/randman.ts): one spike per unit and example, balanced classes, the same data from
 * the same seed, classes that differ in their timing, and a spiking network that reads it as a sequence.
 */
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/random/streams.js';
import { SpikingNetwork } from '../../src/snn/spiking-network.js';
import { trainSpiking } from '../../src/training/train-spiking.js';
import { createTask, builtinTasks } from '../../src/tasks/registry.js';
import { bptt } from '../../rules/bptt.js';

const options = { classes: 3, units: 12, steps: 30, nTrain: 150, nTest: 60 };

describe('randman', () => {
  it('every unit fires exactly once per example, at a step within the sequence; classes are balanced', async () => {
    const task = await createTask('randman', options, new RandomStreams(1));
    expect(task.sequence).toEqual({ steps: 30, channels: 12 });
    expect(task.inputSize).toBe(360);
    for (const d of [task.train, task.test]) {
      const n = d.labels!.length;
      for (let e = 0; e < n; e++) {
        for (let u = 0; u < 12; u++) {
          let spikes = 0;
          for (let t = 0; t < 30; t++) spikes += d.inputs.data[e * 360 + t * 12 + u];
          expect(spikes).toBe(1);
        }
      }
      const counts = [0, 0, 0];
      for (const l of d.labels!) counts[l]++;
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
    expect(builtinTasks.randman.describe!(options)).toEqual({ inputSize: 360, sequence: { steps: 30, channels: 12 }, outputSize: 3, trainSize: 150, testSize: 60 });
  });

  it('the same seed gives the same data; another seed other manifolds', async () => {
    const a = await createTask('randman', options, new RandomStreams(1));
    const b = await createTask('randman', options, new RandomStreams(1));
    const c = await createTask('randman', options, new RandomStreams(2));
    const bytes = (x: Float64Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
    expect(bytes(a.train.inputs.data).equals(bytes(b.train.inputs.data))).toBe(true);
    expect(bytes(a.test.inputs.data).equals(bytes(b.test.inputs.data))).toBe(true);
    expect(bytes(a.train.inputs.data).equals(bytes(c.train.inputs.data))).toBe(false);
  });

  it('a spiking network learns it from the timing alone (BPTT, above 90% test accuracy)', async () => {
    const task = await createTask('randman', options, new RandomStreams(1));
    const streams = new RandomStreams(3);
    const net = new SpikingNetwork({ inputSize: 12, outputSize: 3, hidden: { size: 24, neuron: 'lif', recurrent: true, tauMem: 10 }, readoutTau: 20, inputGain: 5 }).initialise(streams);
    const r = trainSpiking({ net, rule: bptt, task, streams, config: { epochs: 15, batchSize: 25, optimiser: { kind: 'adam', lr: 0.01 } } });
    expect(r.epochs.at(-1)!.testAccuracy).toBeGreaterThan(0.9);
    expect(() => trainSpiking({ net, rule: bptt, task, streams, config: { epochs: 1, batchSize: 25, steps: 40, optimiser: { kind: 'adam', lr: 0.01 } } })).toThrow(/training\.steps: 40, but task "randman" is a sequence of 30 steps/);
  });

  it('names bad options', async () => {
    await expect(createTask('randman', { units: 0 }, new RandomStreams(1))).rejects.toThrow(/randman.*units/);
    expect(() => builtinTasks.randman.describe!({ units: 5000, steps: 5000 })).toThrow(/randman: 1500 examples of 5000 steps × 5000 units need/);
  });
});
