import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/random/streams.js';
import type { Task, TaskOptions } from '../../src/tasks/task.js';
import { xorTask } from '../../src/tasks/xor.js';
import { expectOneHotMatchesLabels, sameBits, values } from './helpers.js';

const make = (options: TaskOptions, seed = 1): Task => xorTask.create(options, new RandomStreams(seed)) as Task;
const CORNERS = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];

describe('xor', () => {
  it('with the defaults, train and test are exactly the four corners labelled x1 XOR x2', () => {
    const t = make({});
    expect([t.kind, t.inputSize, t.outputSize]).toEqual(['classification', 2, 2]);
    expect(t.train.inputs.toArray()).toEqual(CORNERS);
    expect(Array.from(t.train.labels!)).toEqual([0, 1, 1, 0]);
    expect(t.train.targets.toArray()).toEqual([
      [1, 0],
      [0, 1],
      [0, 1],
      [1, 0],
    ]);
    expect(t.test.inputs.toArray()).toEqual(CORNERS);
    expect(Array.from(t.test.labels!)).toEqual([0, 1, 1, 0]);
    expect(t.options).toEqual({ noise: 0, repeats: 1, validation: 0 });
  });

  it('repeats noisy copies of each corner in train and keeps test clean', () => {
    const t = make({ repeats: 50, noise: 0.1 });
    expect(t.train.inputs.rows).toBe(200);
    expectOneHotMatchesLabels(t.train);
    let sq = 0;
    for (let i = 0; i < 200; i++) {
      const [a, b] = CORNERS[i % 4];
      expect(t.train.labels![i]).toBe(a ^ b);
      sq += (t.train.inputs.get(i, 0) - a) ** 2 + (t.train.inputs.get(i, 1) - b) ** 2;
    }
    const jitterStd = Math.sqrt(sq / 400);
    expect(jitterStd).toBeGreaterThan(0.08);
    expect(jitterStd).toBeLessThan(0.12);
    expect(t.test.inputs.toArray()).toEqual(CORNERS);
  });

  it('is reproducible from the seed and varies with it', () => {
    const a = make({ repeats: 3, noise: 0.2 }, 5);
    const b = make({ repeats: 3, noise: 0.2 }, 5);
    const c = make({ repeats: 3, noise: 0.2 }, 6);
    expect(sameBits(values(a.train.inputs), values(b.train.inputs))).toBe(true);
    expect(sameBits(values(a.train.inputs), values(c.train.inputs))).toBe(false);
    const streams = new RandomStreams(5);
    xorTask.create({}, streams);
    expect(streams.names()).toEqual(['xor/train']);
  });

  it('rejects bad options', () => {
    expect(() => make({ repeats: 0 })).toThrow(/repeats.*0/);
    expect(() => make({ noise: Number.NaN })).toThrow(/noise.*NaN/);
    expect(() => make({ validation: 4 })).toThrow(/validation = 4 would hold out 4 of 4/);
    expect(make({ validation: 1 }).validation?.inputs.toArray()).toEqual([[1, 1]]);
  });
});
