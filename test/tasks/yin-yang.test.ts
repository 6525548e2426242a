/** The Yin-Yang task (src/tasks/yin-yang.ts): the figure's classes at known points, balanced splits, seeded data. */
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/random/streams.js';
import { createTask } from '../../src/tasks/registry.js';
import { yinYangClass } from '../../src/tasks/yin-yang.js';

describe('yin-yang', () => {
  it('classes the figure as drawn: dots, the yin and yang halves, the two small half-discs', () => {
    expect(yinYangClass(0.25, 0.5)).toBe(2); // the left dot
    expect(yinYangClass(0.75, 0.52)).toBe(2); // the right dot
    expect(yinYangClass(0.5, 0.95)).toBe(0); // top: yin
    expect(yinYangClass(0.5, 0.05)).toBe(1); // bottom: yang
    expect(yinYangClass(0.25, 0.68)).toBe(0); // the left half-disc around its dot, above: yin
    expect(yinYangClass(0.75, 0.68)).toBe(1); // the right half-disc around its dot, above: yang
    expect(yinYangClass(0.25, 0.32)).toBe(0); // below the left dot, still in its half-disc: yin
    expect(yinYangClass(0.75, 0.32)).toBe(1);
  });

  it('points inside the big circle, inputs (x, y, 1 − x, 1 − y), labels that match the points, balanced', async () => {
    const task = await createTask('yin-yang', { nTrain: 300, nTest: 90 }, new RandomStreams(1));
    expect([task.inputSize, task.outputSize]).toEqual([4, 3]);
    for (const d of [task.train, task.test]) {
      const counts = [0, 0, 0];
      for (let e = 0; e < d.labels!.length; e++) {
        const [x, y, mx, my] = d.inputs.data.subarray(e * 4, e * 4 + 4);
        expect(Math.hypot(x - 0.5, y - 0.5)).toBeLessThanOrEqual(0.5);
        expect([mx, my]).toEqual([1 - x, 1 - y]);
        expect(yinYangClass(x, y)).toBe(d.labels![e]);
        counts[d.labels![e]]++;
      }
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
    const again = await createTask('yin-yang', { nTrain: 300, nTest: 90 }, new RandomStreams(1));
    expect(Array.from(again.train.inputs.data)).toEqual(Array.from(task.train.inputs.data));
  });
});
