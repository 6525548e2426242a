/**
 * The through-time learners keep one set of buffers per batch shape: a run alternates between its training
 * batches, the epoch's last shorter batch and the probe batch, and buffers made again at each switch are heap
 * garbage that cannot be taken back within the run's synchronous job (a long evidence-accumulation run filled
 * the heap that way). Alternating shapes must not grow the heap, and a shape met again gives the same bits as
 * the first time.
 */
import { describe, expect, it } from 'vitest';
import { allocF64, wasm } from '../../src/kernels/backend.js';
import { RandomStreams } from '../../src/random/streams.js';
import { BackpropThroughTime } from '../../src/snn/backprop-through-time.js';
import { EligibilityTraces } from '../../src/snn/eligibility-traces.js';
import { type SequenceBatch, SequenceSimulator } from '../../src/snn/sequence-simulator.js';
import { SpikingGradients, SpikingNetwork } from '../../src/snn/spiking-network.js';
import { mulberry32 } from '../support/mulberry32.js';

const net = new SpikingNetwork({ inputSize: 6, outputSize: 3, hidden: { size: 8, neuron: 'alif', recurrent: true } }).initialise(new RandomStreams(3));

function batchOf(size: number, steps: number, seed: number): SequenceBatch {
  const rand = mulberry32(seed), inputs = allocF64(steps * size * net.inputSize);
  for (let i = 0; i < inputs.length; i++) inputs[i] = +(rand() < 0.3);
  return { steps, size, inputs, labels: new Int32Array(size).map(() => Math.floor(rand() * 3)), lossFrom: 1 };
}

describe.skipIf(!wasm())('through-time buffers per batch shape', () => {
  it('BPTT and e-prop alternating three shapes take no more heap after the first round, with the same bits each time', () => {
    const batches = [batchOf(16, 30, 1), batchOf(5, 30, 2), batchOf(9, 30, 3)];
    const recorded = new SequenceSimulator(net, true), plain = new SequenceSimulator(net, false);
    const backprop = new BackpropThroughTime(false), traces = new EligibilityTraces(net);
    const round = () =>
      batches.map((batch) => {
        const g1 = new SpikingGradients(net), g2 = new SpikingGradients(net);
        recorded.run(batch);
        backprop.accumulate(recorded, batch, g1);
        traces.accumulate(plain, batch, net.wout, g2);
        return [...g1.win.data, ...g1.wrec!.data, ...g2.win.data, ...g2.wrec!.data];
      });
    const first = round();
    const heap = wasm()!.heap, used = heap.used;
    for (let r = 0; r < 20; r++) {
      const again = round();
      expect(again).toEqual(first);
    }
    // Only the gradients each round makes (dropped, not yet collected) may come on top.
    const gradientBytes = 20 * 3 * 2 * 8 * (net.inputSize * 8 + 8 * 8 + 8 * 3 + 3) * 2;
    expect(heap.used - used).toBeLessThanOrEqual(gradientBytes);
  });
});
