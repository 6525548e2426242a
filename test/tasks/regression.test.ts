import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/random/streams.js';
import { regressionTarget, regressionTask } from '../../src/tasks/regression.js';
import type { Task, TaskOptions } from '../../src/tasks/task.js';
import { sameBits, values } from './helpers.js';

const make = (options: TaskOptions, seed = 1): Task => regressionTask.create(options, new RandomStreams(seed)) as Task;

function residualStd(t: Task): number {
  const x = t.train.inputs;
  let s = 0;
  for (let i = 0; i < x.rows; i++) {
    s += (t.train.targets.get(i, 0) - regressionTarget(x.data.subarray(i * x.cols, (i + 1) * x.cols))) ** 2;
  }
  return Math.sqrt(s / x.rows);
}

describe('regression', () => {
  it('defines the documented target function', () => {
    expect(regressionTarget([0.2])).toBeCloseTo(Math.sin(0.6), 15);
    expect(regressionTarget([0.2, -0.4])).toBeCloseTo(Math.sin(0.6) * Math.cos(-0.8), 15);
    expect(regressionTarget([0.2, -0.4, 0.9])).toBeCloseTo(Math.sin(0.6) * Math.cos(-0.8) + 0.45, 15);
    expect(regressionTarget([0.2, -0.4, 0.9, 0.1, -0.6])).toBeCloseTo(Math.sin(0.6) * Math.cos(-0.8) + (0.5 * 0.4) / Math.sqrt(3), 15);
  });

  it('has the documented shapes, no labels, inputs in [-1, 1]', () => {
    const t = make({ nTrain: 500, nTest: 300 });
    expect([t.kind, t.inputSize, t.outputSize]).toEqual(['regression', 3, 1]);
    expect(t.train.inputs.shape()).toBe('500x3');
    expect(t.train.targets.shape()).toBe('500x1');
    expect(t.test.inputs.shape()).toBe('300x3');
    expect(t.train.labels).toBeUndefined();
    expect(t.test.labels).toBeUndefined();
    const xs = values(t.train.inputs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(Math.min(...xs)).toBeLessThan(-0.95);
    expect(Math.max(...xs)).toBeGreaterThan(0.95);
    expect(make({ inputSize: 7 }).train.inputs.cols).toBe(7);
  });

  it('adds target noise of the requested std and none at noise 0', () => {
    expect(residualStd(make({ nTrain: 4000, noise: 0 }))).toBe(0);
    expect(residualStd(make({ nTrain: 4000 }))).toBeCloseTo(0.05, 2);
    expect(residualStd(make({ nTrain: 4000, noise: 0.3 }))).toBeCloseTo(0.3, 1);
    // Noise only changes targets: the inputs for a seed are the same at every noise level.
    expect(sameBits(values(make({ noise: 0 }).train.inputs), values(make({ noise: 0.3 }).train.inputs))).toBe(true);
  });

  it('is reproducible from the seed and varies with it', () => {
    const a = make({}, 11);
    const b = make({}, 11);
    const c = make({}, 12);
    expect(sameBits(values(a.train.targets), values(b.train.targets))).toBe(true);
    expect(sameBits(values(a.test.inputs), values(b.test.inputs))).toBe(true);
    expect(sameBits(values(a.train.targets), values(c.train.targets))).toBe(false);
    const streams = new RandomStreams(11);
    regressionTask.create({}, streams);
    expect(streams.names()).toEqual(['regression/test', 'regression/train']);
  });

  it('rejects bad options', () => {
    expect(() => make({ inputSize: 0 })).toThrow(/inputSize/);
    expect(() => make({ noise: '0.1' })).toThrow(/noise.*"0\.1"/);
  });
});
