import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/random/streams.js';
import { circlesTask } from '../../src/tasks/circles.js';
import { spiralsTask } from '../../src/tasks/spirals.js';
import type { Task, TaskFactory, TaskOptions } from '../../src/tasks/task.js';
import { moonsTask } from '../../src/tasks/two-moons.js';
import { classCounts, columnMean, columnStd, expectOneHotMatchesLabels, sameBits, values } from './helpers.js';

const make = (f: TaskFactory, options: TaskOptions, seed: number | string = 1): Task =>
  f.create(options, new RandomStreams(seed)) as Task;

describe.each([
  ['moons', moonsTask, 0.1],
  ['circles', circlesTask, 0.05],
  ['spirals', spiralsTask, 0.1],
] as const)('%s', (name, factory, defaultNoise) => {
  it('documents its defaults', () => {
    expect(factory.name).toBe(name);
    expect(factory.kind).toBe('classification');
    expect(factory.defaults).toMatchObject({ nTrain: 1000, nTest: 1000, noise: defaultNoise, validation: 0 });
    expect(factory.summary).not.toMatch(/\n/);
  });

  it('has the documented shapes, balanced classes and one-hot targets', () => {
    const t = make(factory, { nTrain: 301, nTest: 200 });
    expect([t.inputSize, t.outputSize, t.kind]).toEqual([2, 2, 'classification']);
    expect(t.train.inputs.shape()).toBe('301x2');
    expect(t.train.targets.shape()).toBe('301x2');
    expect(t.test.inputs.shape()).toBe('200x2');
    expect(classCounts(t.train.labels!, 2)).toEqual([151, 150]);
    expect(classCounts(t.test.labels!, 2)).toEqual([100, 100]);
    expectOneHotMatchesLabels(t.train);
    expectOneHotMatchesLabels(t.test);
    expect(t.validation).toBeUndefined();
    expect(t.options).toEqual({ ...factory.defaults, nTrain: 301, nTest: 200 });
  });

  it('draws only from its documented streams', () => {
    const streams = new RandomStreams(3);
    factory.create({ nTrain: 10, nTest: 10 }, streams);
    expect(streams.names()).toEqual([`${name}/test`, `${name}/train`]);
  });

  it('gives identical data for the same seed and different data for another seed', () => {
    const a = make(factory, {}, 42);
    const b = make(factory, {}, 42);
    const c = make(factory, {}, 43);
    expect(sameBits(values(a.train.inputs), values(b.train.inputs))).toBe(true);
    expect(sameBits(values(a.test.inputs), values(b.test.inputs))).toBe(true);
    expect(sameBits(a.train.labels!, b.train.labels!)).toBe(true);
    expect(sameBits(values(a.train.inputs), values(c.train.inputs))).toBe(false);
    expect(sameBits(values(a.test.inputs), values(c.test.inputs))).toBe(false);
    // Train and test come from different streams, so they are not copies of each other.
    expect(sameBits(values(a.train.inputs), values(a.test.inputs))).toBe(false);
  });

  it('keeps the test set fixed when nTrain changes, and train is a prefix of a longer train', () => {
    const small = make(factory, { nTrain: 100 }, 7);
    const large = make(factory, { nTrain: 500 }, 7);
    expect(sameBits(values(small.test.inputs), values(large.test.inputs))).toBe(true);
    expect(sameBits(values(small.train.inputs), values(large.train.inputs.rowView(0, 100)))).toBe(true);
  });

  it('gives roughly standardised inputs', () => {
    const t = make(factory, { nTrain: 4000 }, 5);
    for (const j of [0, 1]) {
      expect(Math.abs(columnMean(t.train.inputs, j))).toBeLessThan(0.1);
      expect(columnStd(t.train.inputs, j)).toBeGreaterThan(0.85);
      expect(columnStd(t.train.inputs, j)).toBeLessThan(1.15);
    }
  });

  it('moves points further from their noise-free positions as noise grows', () => {
    // Same seed => same underlying positions; only the jitter (and the small rescaling) changes.
    const clean = make(factory, { nTrain: 500, noise: 0 }, 9).train.inputs;
    const displacement = (noise: number): number => {
      const noisy = make(factory, { nTrain: 500, noise }, 9).train.inputs;
      let s = 0;
      for (let i = 0; i < noisy.data.length; i++) s += (noisy.data[i] - clean.data[i]) ** 2;
      return Math.sqrt(s / noisy.rows);
    };
    const d = [0.01, 0.1, 0.3].map(displacement);
    expect(d[0]).toBeGreaterThan(0);
    expect(d[0]).toBeLessThan(d[1]);
    expect(d[1]).toBeLessThan(d[2]);
  });

  it('rejects bad option values naming the option', () => {
    expect(() => make(factory, { noise: -0.1 })).toThrow(/noise.*-0\.1/);
    expect(() => make(factory, { nTrain: 2.5 })).toThrow(/nTrain.*2\.5/);
    expect(() => make(factory, { nTest: 0 })).toThrow(/nTest/);
    expect(() => make(factory, { nosie: 0.2 })).toThrow(/"nosie".*noise/);
  });
});

describe('geometry', () => {
  it('circles: noise-free points lie on two circles with radius ratio `factor`', () => {
    const t = make(circlesTask, { nTrain: 200, noise: 0, factor: 0.3 });
    const radius = [new Set<string>(), new Set<string>()];
    const r = [0, 0];
    for (let i = 0; i < t.train.inputs.rows; i++) {
      const rr = Math.hypot(t.train.inputs.get(i, 0), t.train.inputs.get(i, 1));
      radius[t.train.labels![i]].add(rr.toFixed(9));
      r[t.train.labels![i]] = rr;
    }
    expect(radius[0].size).toBe(1);
    expect(radius[1].size).toBe(1);
    expect(r[1] / r[0]).toBeCloseTo(0.3, 9);
    expect(() => make(circlesTask, { factor: 1 })).toThrow(/factor.*\(0, 1\).*1/);
  });

  it('spirals: noise-free points lie on the Archimedean arms r = θ/2π, class 1 rotated by π', () => {
    for (const turns of [1, 2.5]) {
      const t = make(spiralsTask, { nTrain: 300, noise: 0, turns });
      const scale = turns / 2; // the documented std sqrt(turns²/4 + noise²) at noise 0
      let worst = 0;
      let maxR = 0;
      for (let i = 0; i < t.train.inputs.rows; i++) {
        const x = t.train.inputs.get(i, 0) * scale;
        const y = t.train.inputs.get(i, 1) * scale;
        const r = Math.hypot(x, y);
        const theta = 2 * Math.PI * r;
        const sign = t.train.labels![i] === 0 ? 1 : -1;
        worst = Math.max(worst, Math.hypot(x - sign * r * Math.cos(theta), y - sign * r * Math.sin(theta)));
        maxR = Math.max(maxR, r);
      }
      expect(worst).toBeLessThan(1e-9);
      expect(maxR).toBeLessThanOrEqual(turns);
      expect(maxR).toBeGreaterThan(0.95 * turns);
    }
    expect(() => make(spiralsTask, { turns: 0 })).toThrow(/turns/);
  });
});
