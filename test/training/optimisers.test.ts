import { describe, expect, it } from 'vitest';
import { layeredNetwork } from '../../src/graph/layered.js';
import { Gradients } from '../../src/learning/gradients.js';
import { createOptimiser } from '../../src/training/optimisers.js';
import { learningRateAt } from '../../src/training/schedule.js';
import { RandomStreams } from '../../src/random/streams.js';

/** A 1-weight network whose single gradient we set by hand, to compare with hand-computed updates. */
function scalar() {
  const net = layeredNetwork({ sizes: [1, 1], activation: 'linear', output: 'linear', init: { kind: 'constant', value: 1 } }).initialise(new RandomStreams(1));
  const grads = new Gradients(net);
  return { net, grads, w: net.projections[0].weights.data, b: net.projections[0].bias!, gw: grads.byProjection[0].weights.data, gb: grads.byProjection[0].bias! };
}

describe('optimisers', () => {
  it('SGD with momentum follows v ← μv + g, p ← p − ηv; weight decay adds λp to weights only', () => {
    const s = scalar();
    const opt = createOptimiser(s.net, s.grads, { kind: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 0.01 });
    s.gw[0] = 2; s.gb[0] = 2;
    opt.step(0.1);
    // weight: g = 2 + 0.01·1 = 2.01, v = 2.01, w = 1 − 0.201; bias: no decay, v = 2, b = −0.2
    expect(s.w[0]).toBeCloseTo(0.799, 15);
    expect(s.b[0]).toBeCloseTo(-0.2, 15);
    opt.step(0.1);
    const g2 = 2 + 0.01 * 0.799, v2 = 0.9 * 2.01 + g2;
    expect(s.w[0]).toBeCloseTo(0.799 - 0.1 * v2, 15);
    expect(s.b[0]).toBeCloseTo(-0.2 - 0.1 * (0.9 * 2 + 2), 15);
  });

  it('Adam takes a first step of size lr in the direction of the gradient sign (bias correction)', () => {
    const s = scalar();
    const opt = createOptimiser(s.net, s.grads, { kind: 'adam', lr: 0.01 });
    s.gw[0] = 123; s.gb[0] = -0.001;
    opt.step(0.01);
    expect(s.w[0]).toBeCloseTo(1 - 0.01, 6);
    expect(s.b[0]).toBeCloseTo(0.01, 5);
  });

  it('minimise a quadratic: SGD and Adam both reach the minimum of ½(w − 3)²', () => {
    for (const spec of [{ kind: 'sgd', lr: 0.1, momentum: 0.5 }, { kind: 'adam', lr: 0.05 }] as const) {
      const s = scalar();
      const opt = createOptimiser(s.net, s.grads, spec);
      for (let i = 0; i < 2000; i++) {
        s.gw[0] = s.w[0] - 3;
        s.gb[0] = 0;
        opt.step(spec.lr);
      }
      expect(s.w[0]).toBeCloseTo(3, 4);
    }
  });

  it('step(lr) reads the update directions from the Gradients it was created with, and no other', () => {
    const s = scalar();
    const opt = createOptimiser(s.net, s.grads, { kind: 'sgd', lr: 0.5 });
    const other = new Gradients(s.net);
    other.byProjection[0].weights.data[0] = 100; // a second buffer the optimiser has never seen
    s.gw[0] = 0.2;
    opt.step(0.5);
    expect(s.w[0]).toBe(1 - 0.5 * 0.2);
  });

  it('rejects bad specs, naming the field', () => {
    const s = scalar();
    expect(() => createOptimiser(s.net, s.grads, { kind: 'rmsprop', lr: 1 } as never)).toThrow(/optimiser.kind: unknown optimiser "rmsprop"/);
    expect(() => createOptimiser(s.net, s.grads, { kind: 'sgd', lr: -1 })).toThrow(/optimiser.lr: expected a finite number >= 0, got -1/);
    expect(() => createOptimiser(s.net, s.grads, { kind: 'sgd', lr: 1, beta1: 0.9 } as never)).toThrow(/unknown option "beta1" for sgd/);
  });
});

describe('learning-rate schedules', () => {
  it('step, exponential and cosine give their closed forms', () => {
    expect(learningRateAt(1, { kind: 'step', gamma: 0.1, every: 10 }, 25, 30)).toBeCloseTo(0.01, 15);
    expect(learningRateAt(1, { kind: 'step', gamma: 0.1, milestones: [50, 75] }, 60, 100)).toBeCloseTo(0.1, 15);
    expect(learningRateAt(2, { kind: 'exponential', gamma: 0.5 }, 3, 10)).toBe(0.25);
    expect(learningRateAt(1, { kind: 'cosine' }, 0, 11)).toBe(1);
    expect(learningRateAt(1, { kind: 'cosine' }, 5, 11)).toBeCloseTo(0.5, 15);
    expect(learningRateAt(1, { kind: 'cosine', floor: 0.1 }, 10, 11)).toBeCloseTo(0.1, 15);
    expect(learningRateAt(0.3, undefined, 7, 10)).toBe(0.3);
  });
});
