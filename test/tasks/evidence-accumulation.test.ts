/**
 * The evidence-accumulation task (src/tasks/evidence-accumulation.ts): labels from the cue sides, spikes drawn
 * where the trial's structure puts them (each cue in its side's group and window, the recall cue at the end,
 * background throughout), at about the rates asked for, the same from the same stream.
 */
import { describe, expect, it } from 'vitest';
import { allocF64 } from '../../src/kernels/backend.js';
import { RandomStreams } from '../../src/random/streams.js';
import { builtinTasks, createTask } from '../../src/tasks/registry.js';

const options = { nTrain: 40, nTest: 10, cues: 3, cueSteps: 20, spacing: 30, delay: 60, recallSteps: 20, channels: 4, rate: 200, noiseRate: 50 };

describe('evidence accumulation', () => {
  it('labels say whether most cues were on the right; the description is the cue sides', async () => {
    const task = await createTask('evidence-accumulation', options, new RandomStreams(1));
    expect(task.sequence).toMatchObject({ steps: 150, channels: 16 });
    expect(task.inputSize).toBe(3);
    for (let e = 0; e < 40; e++) {
      const right = task.train.inputs.data.subarray(e * 3, e * 3 + 3).reduce((a, b) => a + b, 0);
      expect(task.train.labels![e]).toBe(right >= 2 ? 1 : 0);
    }
    expect(new Set(task.train.labels).size).toBe(2);
    expect(builtinTasks['evidence-accumulation'].describe!(options)).toMatchObject({ inputSize: 3, sequence: { steps: 150, channels: 16 }, outputSize: 2 });
  });

  it('draws cue spikes only in the cue\'s side and window, recall spikes only at the end, background throughout', async () => {
    const task = await createTask('evidence-accumulation', options, new RandomStreams(1));
    const rows = [0, 1, 2, 3], B = 4, T = 150, W = 16, out = allocF64(T * B * W);
    task.sequence!.render!(task.train.inputs.data, rows, new RandomStreams(2).stream('encode'), out);
    const counts = { cue: 0, wrongSide: 0, outsideCue: 0, recall: 0, earlyRecall: 0, noise: 0 };
    for (let t = 0; t < T; t++) {
      const k = Math.floor((t - 10) / 30), inCue = k >= 0 && k < 3 && t - 10 - k * 30 < 20;
      for (let b = 0; b < B; b++) {
        const side = task.train.inputs.data[rows[b] * 3 + Math.max(0, Math.min(2, k))];
        for (let i = 0; i < W; i++) {
          if (!out[(t * B + b) * W + i]) continue;
          const group = Math.floor(i / 4);
          if (group < 2) {
            if (!inCue) counts.outsideCue++;
            else if (group !== side) counts.wrongSide++;
            else counts.cue++;
          } else if (group === 2) {
            if (t < T - 20) counts.earlyRecall++;
            else counts.recall++;
          } else counts.noise++;
        }
      }
    }
    expect(counts.wrongSide + counts.outsideCue + counts.earlyRecall).toBe(0);
    // 3 cues × 20 steps × 4 channels × 4 examples at 0.2 per step: 192 expected; recall 64; background 4·4·150·0.05 = 120.
    expect(counts.cue).toBeGreaterThan(140);
    expect(counts.cue).toBeLessThan(250);
    expect(counts.recall).toBeGreaterThan(35);
    expect(counts.noise).toBeGreaterThan(80);
    const again = allocF64(T * B * W);
    task.sequence!.render!(task.train.inputs.data, rows, new RandomStreams(2).stream('encode'), again);
    expect(Array.from(again)).toEqual(Array.from(out));
  });

  it('names bad options', async () => {
    await expect(createTask('evidence-accumulation', { cues: 4 }, new RandomStreams(1))).rejects.toThrow(/cues: expected an odd number/);
    await expect(createTask('evidence-accumulation', { cueSteps: 200 }, new RandomStreams(1))).rejects.toThrow(/cueSteps: 200 is longer than the spacing of 150/);
    await expect(createTask('evidence-accumulation', { majority: 0.4 }, new RandomStreams(1))).rejects.toThrow(/majority must be a number in \(0\.5, 1\)/);
  });
});
