/**
 * Conv nets in the graph model: image-shaped populations, conv2d and pooling projections built with
 * addConv2d / addPool, the forward pass through them, and backprop's update on them against central finite
 * differences of the loss (stride 1 and 2, 'same' and 'valid', max and average pooling, a dense layer reading
 * the last maps as a flat vector); feedback through a copy of W gives exactly backprop's update; reruns give
 * the same bits; shape errors name both layers.
 */
import { describe, expect, it } from 'vitest';
import { backprop } from '../../rules/backprop.js';
import { directFeedbackAlignment } from '../../rules/direct-feedback-alignment.js';
import { feedbackAlignment } from '../../rules/feedback-alignment.js';
import { kolenPollack } from '../../rules/kolen-pollack.js';
import { signSymmetry } from '../../rules/sign-symmetry.js';
import type { MinibatchRule } from '../../src/learning/rule.js';
import { Network } from '../../src/graph/network.js';
import { propagateThroughFeedback } from '../../src/learning/feedback.js';
import { Gradients } from '../../src/learning/gradients.js';
import { presynapticTimesTeaching } from '../../src/learning/local-update.js';
import { Matrix } from '../../src/kernels/matrix.js';
import { getLoss } from '../../src/neurons/losses.js';
import { RandomStreams } from '../../src/random/streams.js';
import { MinibatchStepper } from '../../src/training/step.js';
import { mulberry32 } from '../support/mulberry32.js';

function convNet(pool: 'max' | 'avg', seed: number): Network {
  const net = new Network();
  const input = net.addPopulation('input', 2 * 8 * 7, { kind: 'input' }, { channels: 2, height: 8, width: 7 });
  const c1 = net.addConv2d(input, 'conv1', { filters: 3, kernel: 3, padding: 'same', activation: 'tanh' });
  const p1 = net.addPool(c1, 'pool1', { op: pool, size: 2 });
  const c2 = net.addConv2d(p1, 'conv2', { filters: 4, kernel: 2, stride: 2, activation: 'sigmoid' });
  const out = net.addPopulation('output', 5, { kind: 'rate', activation: 'softmax' });
  net.connect(c2, out);
  net.initialise(new RandomStreams(seed));
  // Non-zero biases, so that their gradients are tested too.
  for (const p of net.projections) p.bias?.forEach((_, i, b) => (b[i] = 0.1 * (i % 3) - 0.1));
  return net;
}

function batch(seed: number): { x: Matrix; y: Matrix } {
  const rand = mulberry32(seed), x = new Matrix(4, 112), y = new Matrix(4, 5);
  for (let i = 0; i < x.data.length; i++) x.data[i] = rand() * 2 - 1;
  for (let b = 0; b < 4; b++) y.set(b, b % 5, 1);
  return { x, y };
}

function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) (num += (a[i] - b[i]) ** 2), (den += a[i] ** 2 + b[i] ** 2);
  return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-12);
}

describe('conv nets in the graph model', () => {
  it('shapes: conv1 2×8×7 → 3×8×7 (same), pool 3×4×3, conv2 stride 2 → 4×2×1; the projections are conv2d, pool, conv2d, dense', () => {
    const net = convNet('max', 1);
    expect(net.populations.map((p) => (p.shape ? `${p.shape.channels}×${p.shape.height}×${p.shape.width}` : String(p.size)))).toEqual(['2×8×7', '3×8×7', '3×4×3', '4×2×1', '5']);
    expect(net.projections.map((p) => p.kind.kind)).toEqual(['conv2d', 'pool', 'conv2d', 'dense']);
    expect(net.projections.map((p) => `${p.weights.rows}×${p.weights.cols}`)).toEqual(['3×18', '0×0', '4×12', '8×5']);
  });

  for (const pool of ['max', 'avg'] as const) {
    it(`backprop through conv and ${pool} pooling equals central finite differences`, () => {
      const net = convNet(pool, pool === 'max' ? 2 : 3), { x, y } = batch(5);
      const loss = getLoss('cross-entropy'), stepper = new MinibatchStepper(net, loss), grads = new Gradients(net);
      stepper.propose(backprop.create({ net, topology: net.layered(), streams: undefined as never, options: {} }), x, y, grads);
      const lossAt = () => new MinibatchStepper(net, loss).forwardAndError(x, y).lossValue;
      const diff = (arr: Float64Array) =>
        Float64Array.from(arr, (keep, i) => {
          arr[i] = keep + 1e-6;
          const up = lossAt();
          arr[i] = keep - 1e-6;
          const down = lossAt();
          arr[i] = keep;
          return (up - down) / 2e-6;
        });
      for (const p of net.projections) {
        if (!p.hasWeights) continue;
        const g = grads.byProjection[p.index];
        expect(relativeError(g.weights.data, diff(p.weights.data)), `weights of ${p.name}`).toBeLessThan(1e-6);
        expect(relativeError(g.bias!, diff(p.bias!)), `bias of ${p.name}`).toBeLessThan(1e-6);
      }
    });
  }

  it("feedback through a copy of each kernel gives exactly backprop's update; reruns give the same bits", () => {
    const run = (copy: boolean) => {
      const net = convNet('max', 4), { x, y } = batch(6), grads = new Gradients(net);
      const copies = new Map(net.projections.map((p) => [p, new Matrix(p.weights.rows, p.weights.cols, p.weights.data.slice())]));
      const stepper = new MinibatchStepper(net, getLoss('cross-entropy'));
      const step = stepper.forwardAndError(x, y);
      propagateThroughFeedback(step, (p) => (copy ? copies.get(p)! : p.weights));
      presynapticTimesTeaching(step, grads);
      return grads.byProjection.flatMap((g) => [...g.weights.data, ...(g.bias ?? [])]);
    };
    const exact = run(false);
    expect(run(true)).toEqual(exact);
    expect(run(false)).toEqual(exact);
  });

  it('feedback alignment, direct FA, sign symmetry and Kolen-Pollack run on it: kernels shaped like the filters, finite non-zero updates', () => {
    for (const rule of [feedbackAlignment, directFeedbackAlignment, signSymmetry, kolenPollack] as MinibatchRule<object>[]) {
      const net = convNet('max', 7), { x, y } = batch(8), grads = new Gradients(net);
      const learner = rule.create({ net, topology: net.layered(), streams: new RandomStreams(3).fork(`rule/${rule.name}`), options: { ...rule.defaults } });
      new MinibatchStepper(net, getLoss('cross-entropy')).propose(learner, x, y, grads);
      for (const p of net.projections) {
        if (!p.hasWeights) continue;
        const g = grads.byProjection[p.index].weights.data;
        expect(g.every(Number.isFinite) && g.some((v) => v !== 0), `${rule.name}: update of ${p.name}`).toBe(true);
      }
      for (const [p, m] of learner.feedbackWeights?.() ?? []) expect(`${m.rows}×${m.cols}`, `${rule.name}: feedback of ${p.name}`).toBe(`${p.weights.rows}×${p.weights.cols}`);
    }
  });

  it("direct FA teaches each conv layer's feature maps with e·Bᵀ through its own n_l × n_out matrix; pooling populations get none", () => {
    const net = convNet('avg', 11), { x, y } = batch(12), grads = new Gradients(net);
    const learner = directFeedbackAlignment.create({ net, topology: net.layered(), streams: new RandomStreams(5).fork('rule/direct-feedback-alignment'), options: { ...directFeedbackAlignment.defaults } }) as ReturnType<MinibatchRule['create']> & { directFeedback: () => Map<{ name: string }, Matrix> };
    const B = learner.directFeedback();
    expect([...B].map(([p, m]) => `${p.name} ${m.rows}×${m.cols}`)).toEqual(['conv1 168×5', 'conv2 8×5']);
    const step = new MinibatchStepper(net, getLoss('cross-entropy')).propose(learner, x, y, grads);
    const e = step.delta[net.populations.length - 1]!;
    for (const [p, m] of B) {
      const i = net.populations.findIndex((q) => q.name === p.name), a = step.forward.a[i]!, h = step.forward.h[i];
      const derivative = p.name === 'conv1' ? (k: number, b: number) => 1 - h.get(b, k) ** 2 : (k: number, b: number) => h.get(b, k) * (1 - h.get(b, k));
      for (let b = 0; b < x.rows; b++) {
        for (let k = 0; k < a.cols; k++) {
          let g = 0;
          for (let o = 0; o < e.cols; o++) g += e.get(b, o) * m.get(k, o);
          expect(step.delta[i]!.get(b, k)).toBeCloseTo(g * derivative(k, b), 12);
        }
      }
    }
  });

  it('shape errors name the layers and the shapes', () => {
    const net = new Network();
    const input = net.addPopulation('input', 25, { kind: 'input' }, { channels: 1, height: 5, width: 5 });
    const flat = net.addPopulation('flat', 10, { kind: 'rate', activation: 'relu' });
    expect(() => net.addConv2d(input, 'big', { filters: 2, kernel: 7, activation: 'relu' })).toThrow(`conv2d "big" on "input" (1×5×5): a 7×7 kernel does not fit a 5×5 input with padding 'valid'`);
    expect(() => net.addConv2d(flat, 'c', { filters: 2, kernel: 3, activation: 'relu' })).toThrow(/conv2d "c": population "flat" has no channels×height×width shape \(it is a vector of 10\)/);
    expect(() => net.addPool(input, 'p', { op: 'max', size: 6 })).toThrow(`pool "p" on "input" (1×5×5): a 6×6 window does not fit a 5×5 input`);
    expect(() => net.addPopulation('bad', 24, { kind: 'input' }, { channels: 1, height: 5, width: 5 })).toThrow(/shape 1×5×5 holds 25 values, its size is 24/);
  });
});
