import { describe, expect, it } from 'vitest';
import { backprop } from '../../rules/backprop.js';
import { Gradients } from '../../src/learning/gradients.js';
import { MinibatchStepper } from '../../src/training/step.js';
import type { Network } from '../../src/graph/network.js';
import type { Matrix } from '../../src/kernels/matrix.js';
import { type ActivationName } from '../../src/neurons/activations.js';
import { type Loss, getLoss } from '../../src/neurons/losses.js';
import { RandomStreams } from '../../src/random/streams.js';
import { smallProblem } from '../support/small-nets.js';

/** Loss of the whole batch at the current parameters (forward only). */
function lossAt(stepper: MinibatchStepper, x: Matrix, y: Matrix): number {
  return stepper.forwardAndError(x, y).lossValue;
}

/** Central differences dL/dθ for every weight and bias, independent of any backward code. */
function finiteDifferences(net: Network, loss: Loss, x: Matrix, y: Matrix, h = 1e-6): { w: Float64Array; b: Float64Array }[] {
  const stepper = new MinibatchStepper(net, loss);
  return net.projections.map((p) => {
    const diff = (arr: Float64Array) => {
      const out = new Float64Array(arr.length);
      for (let i = 0; i < arr.length; i++) {
        const keep = arr[i];
        arr[i] = keep + h;
        const up = lossAt(stepper, x, y);
        arr[i] = keep - h;
        const down = lossAt(stepper, x, y);
        arr[i] = keep;
        out[i] = (up - down) / (2 * h);
      }
      return out;
    };
    return { w: diff(p.weights.data), b: diff(p.bias!) };
  });
}

function relativeError(a: Float64Array, b: Float64Array): number {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += a[i] ** 2 + b[i] ** 2;
  }
  return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-12);
}

const hidden: ActivationName[] = ['linear', 'sigmoid', 'tanh', 'relu', 'leaky-relu'];
const cases: { loss: 'mse' | 'cross-entropy'; output: ActivationName }[] = [
  { loss: 'mse', output: 'linear' },
  { loss: 'mse', output: 'sigmoid' },
  { loss: 'mse', output: 'softmax' },
  { loss: 'cross-entropy', output: 'softmax' },
  { loss: 'cross-entropy', output: 'sigmoid' },
];

describe('backprop matches central finite differences (relative error < 1e-6)', () => {
  for (const act of hidden) {
    for (const c of cases) {
      it(`hidden ${act}, output ${c.output}, loss ${c.loss}`, () => {
        const seed = hidden.indexOf(act) * 10 + cases.indexOf(c) + 1;
        const { net, x, y } = smallProblem({ sizes: [4, 5, 3, 3], activation: act, output: c.output, batch: 6, seed, oneHot: c.output === 'softmax' });
        const loss = getLoss(c.loss);
        const stepper = new MinibatchStepper(net, loss);
        const grads = new Gradients(net);
        const learner = backprop.create({ net, topology: net.layered(), streams: undefined as never, options: {} });
        stepper.propose(learner, x, y, grads);
        const fd = finiteDifferences(net, loss, x, y);
        net.projections.forEach((p, k) => {
          const g = grads.byProjection[p.index];
          expect(relativeError(g.weights.data, fd[k].w), `weights of ${p.name}`).toBeLessThan(1e-6);
          expect(relativeError(g.bias!, fd[k].b), `bias of ${p.name}`).toBeLessThan(1e-6);
        });
      });
    }
  }

  it('also on a non-chain DAG (skip projection input -> output)', () => {
    const { net, x, y } = smallProblem({ sizes: [3, 4, 2], activation: 'tanh', output: 'softmax', batch: 5, seed: 99, oneHot: true });
    const skip = net.connect('input', 'output', { init: { kind: 'normal', std: 0.5 }, bias: true });
    skip.initialise(new RandomStreams(100));
    skip.bias!.set([0.1, -0.2]);
    const loss = getLoss('cross-entropy');
    const grads = new Gradients(net);
    new MinibatchStepper(net, loss).propose(backprop.create({ net, topology: net.layered(), streams: undefined as never, options: {} }), x, y, grads);
    const fd = finiteDifferences(net, loss, x, y);
    net.projections.forEach((p, k) => {
      expect(relativeError(grads.byProjection[p.index].weights.data, fd[k].w)).toBeLessThan(1e-6);
      expect(relativeError(grads.byProjection[p.index].bias!, fd[k].b)).toBeLessThan(1e-6);
    });
  });
});
