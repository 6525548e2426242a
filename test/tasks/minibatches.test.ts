import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/kernels/matrix.js';
import { RandomStreams } from '../../src/random/streams.js';
import { oneHot } from '../../src/tasks/dataset.js';
import { Minibatches, type MinibatchOptions } from '../../src/tasks/minibatches.js';
import type { Dataset } from '../../src/tasks/task.js';

/** Example i has inputs [i, -i, 100+i], label i % 4, so every batch row can be traced to its source. */
function traced(n: number, withLabels = true): Dataset {
  const inputs = new Matrix(n, 3);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    inputs.set(i, 0, i);
    inputs.set(i, 1, -i);
    inputs.set(i, 2, 100 + i);
    labels[i] = i % 4;
  }
  return withLabels ? { inputs, targets: oneHot(labels, 4), labels } : { inputs, targets: inputs.clone() };
}

interface Seen {
  sizes: number[];
  ids: number[];
}

/** Runs one epoch, checking each row's consistency, and records batch sizes and example ids in order. */
function epoch(mb: Minibatches, dataset: Dataset): Seen {
  const seen: Seen = { sizes: [], ids: [] };
  let expectedIndex = 0;
  mb.forEachBatch((x, y, l, b) => {
    expect(b).toBe(expectedIndex++);
    expect(y.rows).toBe(x.rows);
    seen.sizes.push(x.rows);
    for (let r = 0; r < x.rows; r++) {
      const id = x.get(r, 0);
      seen.ids.push(id);
      expect([x.get(r, 1), x.get(r, 2)]).toEqual([-id, 100 + id]);
      if (dataset.labels) {
        expect(l![r]).toBe(id % 4);
        expect(Array.from(y.data.subarray(r * 4, r * 4 + 4))).toEqual([0, 1, 2, 3].map((c) => (c === id % 4 ? 1 : 0)));
      } else {
        expect(l).toBeUndefined();
        expect(y.get(r, 0)).toBe(id);
      }
    }
  });
  return seen;
}

const make = (n: number, batchSize: number, seed: number, options?: MinibatchOptions, d = traced(n)): Minibatches =>
  new Minibatches(d, batchSize, new RandomStreams(seed).stream('batches'), options);

describe('Minibatches', () => {
  it('covers every example exactly once per epoch, with a correct final partial batch', () => {
    const d = traced(10);
    const mb = make(10, 3, 1, {}, d);
    expect(mb.batchesPerEpoch).toBe(4);
    for (let e = 0; e < 3; e++) {
      const s = epoch(mb, d);
      expect(s.sizes).toEqual([3, 3, 3, 1]);
      expect([...s.ids].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(s.ids).toEqual(Array.from(mb.currentOrder));
    }
    expect(mb.epoch).toBe(3);
  });

  it('draws each epoch order as stream.permutation(n) would, reproducibly', () => {
    const a = make(37, 8, 5);
    const b = make(37, 8, 5);
    const reference = new RandomStreams(5).stream('batches');
    const orders: number[][] = [];
    for (let e = 0; e < 3; e++) {
      const ia = epoch(a, traced(37)).ids;
      expect(epoch(b, traced(37)).ids).toEqual(ia);
      expect(ia).toEqual(Array.from(reference.permutation(37)));
      orders.push(ia);
    }
    expect(orders[1]).not.toEqual(orders[0]); // a fresh permutation every epoch
    expect(epoch(make(37, 8, 6), traced(37)).ids).not.toEqual(orders[0]);
  });

  it('drops the partial batch with dropLast', () => {
    const mb = make(10, 3, 2, { dropLast: true });
    expect(mb.batchesPerEpoch).toBe(3);
    const s = epoch(mb, traced(10));
    expect(s.sizes).toEqual([3, 3, 3]);
    expect(new Set(s.ids).size).toBe(9);
  });

  it('visits examples in order without drawing from the stream when shuffle is false', () => {
    const stream = new RandomStreams(3).stream('batches');
    const mb = new Minibatches(traced(7), 4, stream, { shuffle: false });
    const s = epoch(mb, traced(7));
    expect(s.ids).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(s.sizes).toEqual([4, 3]);
    expect(stream.uniform()).toBe(new RandomStreams(3).stream('batches').uniform());
  });

  it('reuses the same preallocated buffers for every batch and epoch', () => {
    const mb = make(10, 4, 1);
    const inputs = new Set<Matrix>();
    // Where each batch's values start: one place for the inputs and one for the targets, reused every time
    // (the arrays may share one ArrayBuffer, the WebAssembly heap, so the buffer alone does not tell).
    const buffers = new Set<string>();
    const labelBuffers = new Set<string>();
    const place = (a: ArrayBufferView) => `${a.byteOffset}`;
    for (let e = 0; e < 3; e++) {
      mb.forEachBatch((x, y, l) => {
        inputs.add(x);
        buffers.add(place(x.data));
        buffers.add(place(y.data));
        labelBuffers.add(place(l!));
      });
    }
    expect(inputs.size).toBe(2); // the full-batch matrix and the preallocated view for the last batch
    expect(buffers.size).toBe(2); // one for inputs, one for targets
    expect(labelBuffers.size).toBe(1);
  });

  it('handles unlabelled data, a batch larger than the dataset, and a dataset that is itself a view', () => {
    const plain = traced(5, false);
    const mb = make(5, 2, 1, {}, plain);
    expect(epoch(mb, plain).sizes).toEqual([2, 2, 1]);
    const big = make(5, 64, 1);
    expect(big.batchesPerEpoch).toBe(1);
    expect(epoch(big, traced(5)).sizes).toEqual([5]);
    const whole = traced(20);
    const view: Dataset = { inputs: whole.inputs.rowView(10, 10), targets: whole.targets.rowView(10, 10), labels: whole.labels!.subarray(10) };
    const ids = epoch(make(10, 3, 1, {}, view), view).ids;
    expect([...ids].sort((a, b) => a - b)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });

  it('rejects bad arguments', () => {
    expect(() => make(5, 0, 1)).toThrow(/batchSize must be a positive integer, got 0/);
    expect(() => make(5, 2.5, 1)).toThrow(/batchSize/);
    expect(() => make(5, 8, 1, { dropLast: true })).toThrow(/batchSize 8 exceeds the 5 examples/);
    expect(() => make(0, 2, 1)).toThrow(/no examples/);
  });
});
