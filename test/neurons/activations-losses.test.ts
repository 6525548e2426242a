import { describe, expect, it } from 'vitest';
import { exp, log, sum } from 'mathjs';
import { Matrix } from '../../src/kernels/matrix.js';
import { activationNames, activations, getActivation } from '../../src/neurons/activations.js';
import { getLoss } from '../../src/neurons/losses.js';

const a = Matrix.from([[-3, -0.5, 0, 0.7, 4], [800, -800, 1e-3, 2, -2]]);

describe('activations', () => {
  it('compute their textbook values', () => {
    const h = new Matrix(2, 5);
    activations.sigmoid.forward(a, h);
    expect(h.get(0, 0)).toBeCloseTo(1 / (1 + Math.exp(3)), 15);
    expect(h.get(1, 0)).toBe(1);
    expect(h.get(1, 1)).toBeGreaterThanOrEqual(0);
    activations.relu.forward(a, h);
    expect(h.toArray()[0]).toEqual([0, 0, 0, 0.7, 4]);
    activations['leaky-relu'].forward(a, h);
    expect(h.get(0, 0)).toBeCloseTo(-0.03, 15);
    activations.tanh.forward(a, h);
    expect(h.get(0, 3)).toBeCloseTo(Math.tanh(0.7), 15);
  });

  it('softmax rows are probabilities equal to mathjs exp(a)/sum(exp(a)), even for huge inputs', () => {
    const x = Matrix.from([[1, 2, 3], [1000, 1001, 999]]);
    const h = new Matrix(2, 3);
    activations.softmax.forward(x, h);
    const row0 = [1, 2, 3].map((v) => (exp(v) as number) / (sum([1, 2, 3].map((u) => exp(u) as number)) as number));
    h.toArray()[0].forEach((v, j) => expect(v).toBeCloseTo(row0[j], 14));
    h.toArray()[1].forEach((v, j) => expect(v).toBeCloseTo(row0[[1, 2, 0][j]], 14));
    expect(() => activations.softmax.derivative(x, h, h)).toThrow(/Jacobian/);
  });

  it.each(activationNames)('%s: backward equals the numerical Jacobian-vector product', (name) => {
    const act = getActivation(name);
    const x = Matrix.from([[-1.3, 0.4, 2.1, -0.2], [0.9, -2.2, 0.05, 1.7]]);
    const g = Matrix.from([[0.3, -1, 0.5, 2], [-0.7, 0.2, 1.1, -0.4]]);
    const h = new Matrix(2, 4), out = new Matrix(2, 4);
    act.forward(x, h);
    act.backward(x, h, g, out);
    const eps = 1e-6, hp = new Matrix(2, 4), hm = new Matrix(2, 4);
    for (let i = 0; i < 8; i++) {
      const xp = x.clone(), xm = x.clone();
      xp.data[i] += eps;
      xm.data[i] -= eps;
      act.forward(xp, hp);
      act.forward(xm, hm);
      let jvp = 0;
      for (let k = 0; k < 8; k++) jvp += ((hp.data[k] - hm.data[k]) / (2 * eps)) * g.data[k];
      expect(out.data[i]).toBeCloseTo(jvp, 7);
    }
  });

  it('rejects unknown names, listing the valid ones', () => {
    expect(() => getActivation('gelu', 'population "h"')).toThrow(/population "h": unknown activation "gelu"; expected one of linear, sigmoid, tanh, relu, leaky-relu, softmax/);
  });
});

describe('losses', () => {
  it('cross-entropy with softmax equals −mean Σ y log softmax(a) (mathjs) and its gradient is (h − y)/B', () => {
    const x = Matrix.from([[2, -1, 0.5], [0.1, 0.2, -3]]);
    const y = Matrix.from([[0, 1, 0], [1, 0, 0]]);
    const h = new Matrix(2, 3), g = new Matrix(2, 3);
    const sm = getActivation('softmax');
    sm.forward(x, h);
    const value = getLoss('cross-entropy').evaluate(x, h, y, sm, g);
    const expected = -((log(h.get(0, 1)) as number) + (log(h.get(1, 0)) as number)) / 2;
    expect(value).toBeCloseTo(expected, 14);
    for (let i = 0; i < 6; i++) expect(g.data[i]).toBeCloseTo((h.data[i] - y.data[i]) / 2, 15);
  });

  it('cross-entropy stays finite where probabilities underflow', () => {
    const x = Matrix.from([[1000, -1000]]);
    const y = Matrix.from([[0, 1]]);
    const h = new Matrix(1, 2);
    for (const name of ['softmax', 'sigmoid'] as const) {
      getActivation(name).forward(x, h);
      const v = getLoss('cross-entropy').evaluate(x, h, y, getActivation(name));
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThan(999);
    }
  });

  it('mse is mean over examples of ½‖h − y‖² and names shape mismatches', () => {
    const x = Matrix.from([[1, 2], [3, 5]]);
    const y = Matrix.from([[0, 2], [3, 3]]);
    const lin = getActivation('linear');
    expect(getLoss('mse').evaluate(x, x, y, lin)).toBeCloseTo((0.5 * (1 + 4)) / 2, 15);
    expect(() => getLoss('mse').evaluate(x, x, Matrix.from([[1, 2, 3]]), lin)).toThrow(/output is 2x2 but target is 1x3/);
    expect(() => getLoss('cross-entropy').evaluate(x, x, y, lin)).toThrow(/needs a softmax or sigmoid output/);
    expect(() => getLoss('hinge')).toThrow(/unknown loss "hinge"; expected one of mse, cross-entropy/);
  });
});
