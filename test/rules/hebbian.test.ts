import { describe, expect, it } from 'vitest';
import { eigs, multiply, transpose } from 'mathjs';
import { bcm } from '../../rules/bcm.js';
import { hebb } from '../../rules/hebb.js';
import { oja } from '../../rules/oja.js';
import { sanger } from '../../rules/sanger.js';
import { layeredNetwork } from '../../src/graph/layered.js';
import type { Network } from '../../src/graph/network.js';
import type { Projection } from '../../src/graph/projection.js';
import { Matrix } from '../../src/kernels/matrix.js';
import type { MinibatchLearner, MinibatchRule } from '../../src/learning/rule.js';
import { trainUnsupervised } from '../../src/training/unsupervised.js';
import { RandomStreams } from '../../src/random/streams.js';

/** Zero-mean Gaussian data x = A z with a fixed mixing matrix, so Cov(x) = A Aᵀ (known in closed form). */
function gaussianData(n: number, seed: number) {
  const A = [
    [2.0, 0.3, 0.0, 0.1, 0.0],
    [0.3, 1.2, 0.2, 0.0, 0.1],
    [0.0, 0.2, 0.7, 0.1, 0.0],
    [0.1, 0.0, 0.1, 0.4, 0.05],
    [0.0, 0.1, 0.0, 0.05, 0.2],
  ];
  const s = new RandomStreams(seed).stream('data');
  const x = new Matrix(n, 5);
  for (let r = 0; r < n; r++) {
    const z = Array.from({ length: 5 }, () => s.normal());
    for (let i = 0; i < 5; i++) x.set(r, i, A[i].reduce((acc, a, k) => acc + a * z[k], 0));
  }
  const C = multiply(A, transpose(A)) as number[][];
  const e = eigs(C) as unknown as { eigenvectors: { value: number; vector: number[] }[] };
  const byValue = e.eigenvectors.slice().sort((a, b) => b.value - a.value);
  return { x, components: byValue.map((v) => v.vector), eigenvalues: byValue.map((v) => v.value) };
}

function linearNet(outputs: number, seed: number): Network {
  return layeredNetwork({ sizes: [5, outputs], activation: 'linear', output: 'linear', bias: false, init: { kind: 'normal', std: 0.1 } }).initialise(new RandomStreams(seed));
}

function train(net: Network, rule: MinibatchRule<any>, x: Matrix, opts: { lr: number; epochs: number; batch: number; options?: object }): MinibatchLearner {
  return trainUnsupervised(net, rule, x, { lr: opts.lr, epochs: opts.epochs, batchSize: opts.batch, ruleOptions: opts.options as never, streams: new RandomStreams(1), shuffle: false });
}

function column(p: Projection, j: number): number[] {
  return Array.from({ length: p.pre.size }, (_, i) => p.weights.get(i, j));
}
const norm = (v: number[]) => Math.sqrt(v.reduce((a, b) => a + b * b, 0));
const absCos = (a: number[], b: number[]) => Math.abs(a.reduce((s, v, i) => s + v * b[i], 0)) / (norm(a) * norm(b));

describe('rate-based Hebbian rules', () => {
  const data = gaussianData(4000, 7);

  it("Oja's rule converges to the principal eigenvector (|cos| >= 0.99) with norm 1", () => {
    const net = linearNet(1, 3);
    train(net, oja, data.x, { lr: 0.01, epochs: 5, batch: 10 });
    const w = column(net.projections[0], 0);
    expect(absCos(w, data.components[0])).toBeGreaterThan(0.99);
    expect(Math.abs(norm(w) - 1)).toBeLessThan(0.02);
  });

  it("Sanger's rule recovers the top 3 components in order", () => {
    const net = linearNet(3, 4);
    train(net, sanger, data.x, { lr: 0.005, epochs: 20, batch: 10 });
    for (let k = 0; k < 3; k++) {
      const w = column(net.projections[0], k);
      expect(absCos(w, data.components[k]), `component ${k + 1}`).toBeGreaterThan(0.98);
      expect(Math.abs(norm(w) - 1)).toBeLessThan(0.05);
    }
  });

  it('plain Hebb grows without bound along the principal direction', () => {
    const net = linearNet(1, 5);
    const norms: number[] = [];
    for (let round = 0; round < 4; round++) {
      train(net, hebb, data.x.rowView(0, 500), { lr: 0.01, epochs: 1, batch: 10 }); // ‖w‖ grows ≈ e^{ηλ₁·50} ≈ 8× per round
      norms.push(norm(column(net.projections[0], 0)));
    }
    for (let k = 1; k < norms.length; k++) expect(norms[k]).toBeGreaterThan(3 * norms[k - 1]);
    expect(absCos(column(net.projections[0], 0), data.components[0])).toBeGreaterThan(0.99);
  });

  it("BCM's threshold tracks the mean of y², and the neuron becomes selective to one of two patterns", () => {
    // Two non-negative input patterns, presented at random; a rectified neuron.
    const s = new RandomStreams(11).stream('patterns');
    const patterns = [[1, 0.2, 0, 0.6], [0.1, 1, 0.7, 0]];
    const x = new Matrix(6000, 4);
    for (let r = 0; r < x.rows; r++) x.data.set(patterns[s.int(2)], r * 4);
    const net = layeredNetwork({ sizes: [4, 1], activation: 'relu', output: 'relu', bias: false, init: { kind: 'uniform', low: 0.3, high: 0.5 } }).initialise(new RandomStreams(12));
    const learner = train(net, bcm, x, { lr: 0.02, epochs: 1, batch: 20, options: { tauTheta: 20, theta0: 0 } }) as MinibatchLearner & { thresholds(): Map<Projection, Float64Array> };
    const w = column(net.projections[0], 0);
    const response = patterns.map((p) => Math.max(0, p.reduce((a, v, i) => a + v * w[i], 0)));
    const [hi, lo] = response[0] > response[1] ? response : [response[1], response[0]];
    expect(hi).toBeGreaterThan(0.5);
    expect(lo).toBeLessThan(0.2 * hi); // selective: one pattern drives it, the other barely
    // θ ≈ ⟨y²⟩ over the (equiprobable) patterns at the end of learning
    const theta = learner.thresholds().get(net.projections[0])![0];
    const meanY2 = (response[0] ** 2 + response[1] ** 2) / 2;
    expect(Math.abs(theta - meanY2) / meanY2).toBeLessThan(0.15);
  });
});
