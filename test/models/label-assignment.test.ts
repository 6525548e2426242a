import { describe, expect, it } from 'vitest';
import { accuracyOf, assignLabels, voteClassify } from '../../src/models/label-assignment.js';
import { SpikeTrace } from '../../src/learning/stdp-traces.js';

describe('label assignment and vote classification (Diehl & Cook 2015)', () => {
  // 4 neurons, 3 classes; responses examples × neurons.
  const responses = [
    5, 0, 1, 0, // class 0
    4, 1, 0, 0, // class 0
    0, 6, 0, 0, // class 1
    0, 0, 3, 0, // class 2
    1, 0, 5, 0, // class 2
  ];
  const labels = [0, 0, 1, 2, 2];

  it('gives each neuron the class of its highest mean response, and −1 to a silent neuron', () => {
    expect(Array.from(assignLabels(responses, labels, 4, 3))).toEqual([0, 1, 2, -1]);
  });

  it('classifies by the highest mean response of each class\'s neurons', () => {
    const a = assignLabels(responses, labels, 4, 3);
    const predicted = voteClassify([0, 2, 1, 0, 3, 0, 0, 9, 0, 0, 0, 0], a, 3);
    expect(Array.from(predicted)).toEqual([1, 0, -1]);
    expect(accuracyOf(predicted, [1, 0, 2])).toBeCloseTo(2 / 3, 15);
  });

  it('rejects labels outside the class range, naming the example', () => {
    expect(() => assignLabels([1, 2], [0, 7], 1, 3)).toThrow(/example 1 is 7/);
  });
});

describe('SpikeTrace with a shared decay factor', () => {
  it('equals multiplying every value by exp(−dt/τ) each step, through rescaling, for both pairings', () => {
    for (const nearest of [false, true]) {
      const trace = new SpikeTrace(3, 20, 0.1, nearest);
      const eager = new Float64Array(3), d = Math.exp(-0.1 / 20);
      for (let step = 0; step < 200_000; step++) {
        trace.decayStep();
        for (let i = 0; i < 3; i++) eager[i] *= d;
        // Neuron 0 fires often, neuron 1 rarely, neuron 2 only once at the start.
        for (const [i, every] of [[0, 37], [1, 5001], [2, 1e9]] as const) {
          if (step % every === 0) {
            trace.bump(i);
            eager[i] = nearest ? 1 : eager[i] + 1;
          }
        }
        if (step % 49_999 === 0) for (let i = 0; i < 3; i++) expect(Math.abs(trace.stored[i] * trace.factor - eager[i])).toBeLessThan(1e-12 * Math.max(1, eager[i]));
      }
      const v = trace.values;
      for (let i = 0; i < 3; i++) expect(Math.abs(v[i] - eager[i])).toBeLessThan(1e-12 * Math.max(1, eager[i]));
      expect(trace.factor).toBe(1);
    }
  });
});
