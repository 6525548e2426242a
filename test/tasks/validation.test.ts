import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/kernels/matrix.js';
import { RandomStreams } from '../../src/random/streams.js';
import { oneHot } from '../../src/tasks/dataset.js';
import { createTask } from '../../src/tasks/registry.js';
import type { Dataset } from '../../src/tasks/task.js';
import { splitValidation, validationCount } from '../../src/tasks/validation.js';
import { classCounts, sameBits, values } from './helpers.js';

/** n examples whose single input is the example's index, so rows can be traced after a split. */
function indexed(n: number): Dataset {
  const inputs = new Matrix(n, 1);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    inputs.data[i] = i;
    labels[i] = i % 3;
  }
  return { inputs, targets: oneHot(labels, 3), labels };
}

describe('validationCount', () => {
  it('reads fractions, counts and zero', () => {
    expect(validationCount('t', 0, 100)).toBe(0);
    expect(validationCount('t', 0.2, 100)).toBe(20);
    expect(validationCount('t', 0.125, 10)).toBe(1); // rounds to the nearest example
    expect(validationCount('t', 1, 100)).toBe(1); // 1 is a count, not "everything"
    expect(validationCount('t', 30, 100)).toBe(30);
  });

  it('rejects bad values, naming the option and the value', () => {
    expect(() => validationCount('moons', -0.1, 100)).toThrow(/task "moons": option validation .* got -0\.1/);
    expect(() => validationCount('moons', Number.NaN, 100)).toThrow(/validation.*NaN/);
    expect(() => validationCount('moons', '0.2', 100)).toThrow(/validation.*"0\.2"/);
    expect(() => validationCount('moons', 2.5, 100)).toThrow(/validation.*whole count.*2\.5/);
    expect(() => validationCount('moons', 100, 100)).toThrow(/validation = 100 would hold out 100 of 100 .* leaving none/);
    expect(() => validationCount('moons', 0.001, 100)).toThrow(/validation = 0\.001 of 100 .* rounds to 0/);
  });
});

describe('splitValidation', () => {
  it('holds out the last examples, disjoint from and together covering the training set', () => {
    const d = indexed(50);
    const { train, validation } = splitValidation('t', d, 0.2);
    expect(train.inputs.rows).toBe(40);
    expect(validation!.inputs.rows).toBe(10);
    expect(Array.from(values(train.inputs))).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(Array.from(values(validation!.inputs))).toEqual(Array.from({ length: 10 }, (_, i) => 40 + i));
    expect(Array.from(validation!.labels!)).toEqual(Array.from({ length: 10 }, (_, i) => (40 + i) % 3));
    expect(validation!.targets.toArray()).toEqual(d.targets.rowView(40, 10).toArray());
    // Views, not copies: the split costs no memory.
    expect(validation!.inputs.data.buffer).toBe(d.inputs.data.buffer);
  });

  it('returns the training set untouched when validation is 0', () => {
    const d = indexed(5);
    const r = splitValidation('t', d, 0);
    expect(r.train).toBe(d);
    expect(r.validation).toBeUndefined();
  });

  it('works through every synthetic task', async () => {
    for (const name of ['xor', 'moons', 'circles', 'spirals', 'regression']) {
      const options = name === 'xor' ? { repeats: 10, validation: 0.25 } : { nTrain: 200, validation: 0.25 };
      const full = await createTask(name, { ...options, validation: 0 }, new RandomStreams(4));
      const t = await createTask(name, options, new RandomStreams(4));
      const n = full.train.inputs.rows;
      const k = n / 4;
      expect(t.train.inputs.rows).toBe(n - k);
      expect(t.validation!.inputs.rows).toBe(k);
      expect(sameBits(values(t.train.inputs), values(full.train.inputs.rowView(0, n - k)))).toBe(true);
      expect(sameBits(values(t.validation!.inputs), values(full.train.inputs.rowView(n - k, k)))).toBe(true);
      expect(sameBits(values(t.test.inputs), values(full.test.inputs))).toBe(true);
      if (t.kind === 'classification') expect(classCounts(t.validation!.labels!, 2)).toEqual([k / 2, k / 2]);
    }
  });
});
