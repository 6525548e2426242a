/**
 * Hebbian learning finds principal components. A linear neuron trained with Oja's rule converges to
 * the top eigenvector of its input covariance (|cos| → 1, ‖w‖ → 1); three neurons trained with Sanger's
 * rule find the top three, in order. The data are seeded, zero-mean correlated Gaussian vectors whose
 * covariance has the eigenvalues below and random eigenvectors; the reference eigenvectors are those
 * mathjs computes from the sample covariance.
 *
 *   npx plasticity run oja-pca --seeds 3
 */
import { eigs } from 'mathjs';
import { defineSimulation } from '../src/experiment/simulation.js';
import { layeredNetwork } from '../src/graph/layered.js';
import type { Network } from '../src/graph/network.js';
import { Matrix } from '../src/kernels/matrix.js';
import { trainUnsupervised } from '../src/training/unsupervised.js';
import { lineFigure } from '../src/plot/spiking-figures.js';
import type { RandomStream } from '../src/random/stream.js';
import { oja } from '../rules/oja.js';
import { sanger } from '../rules/sanger.js';

const EIGENVALUES = [5, 3, 2, 1, 0.5, 0.3, 0.2, 0.1, 0.05, 0.02];

/** Columns of a random orthogonal matrix (Gram-Schmidt on Gaussian vectors). */
function randomBasis(d: number, s: RandomStream): number[][] {
  const basis: number[][] = [];
  while (basis.length < d) {
    const v = Array.from({ length: d }, () => s.normal());
    for (const b of basis) {
      const dot = v.reduce((a, x, i) => a + x * b[i], 0);
      for (let i = 0; i < d; i++) v[i] -= dot * b[i];
    }
    const n = Math.sqrt(v.reduce((a, x) => a + x * x, 0));
    if (n > 1e-6) basis.push(v.map((x) => x / n));
  }
  return basis;
}

function sampleCovariance(x: Matrix): number[][] {
  const d = x.cols;
  const c = Array.from({ length: d }, () => new Array(d).fill(0));
  for (let r = 0; r < x.rows; r++) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) c[i][j] += x.get(r, i) * x.get(r, j);
  return c.map((row) => row.map((v) => v / x.rows));
}

const column = (net: Network, j: number) => Array.from({ length: net.projections[0].pre.size }, (_, i) => net.projections[0].weights.get(i, j));
const norm = (v: number[]) => Math.sqrt(v.reduce((a, x) => a + x * x, 0));
const absCos = (a: number[], b: number[]) => Math.abs(a.reduce((s, v, i) => s + v * b[i], 0)) / (norm(a) * norm(b));

export default defineSimulation({
  kind: 'simulation',
  name: 'oja-pca',
  description:
    "Oja's rule (1 linear neuron) and Sanger's rule (3 linear neurons) on 10-dimensional zero-mean Gaussian data with covariance eigenvalues 5, 3, 2, 1, 0.5, …; |cos| between each weight vector and the matching eigenvector of the sample covariance (mathjs), and ‖w‖, after every epoch.",
  seeds: 3,
  params: { samples: 5000, epochs: 30, lr: 0.002, batchSize: 10 },
  quick: { seeds: 1, params: { epochs: 10 } },
  simulate({ params, streams, log }) {
    const d = EIGENVALUES.length;
    const basis = randomBasis(d, streams.stream('data/basis'));
    const z = streams.stream('data/samples');
    const x = new Matrix(params.samples, d);
    for (let r = 0; r < x.rows; r++) {
      const coef = EIGENVALUES.map((l) => Math.sqrt(l) * z.normal());
      for (let i = 0; i < d; i++) x.set(r, i, basis.reduce((a, b, k) => a + coef[k] * b[i], 0));
    }
    const e = eigs(sampleCovariance(x)) as unknown as { eigenvectors: { value: number; vector: number[] }[] };
    const components = e.eigenvectors.slice().sort((a, b) => b.value - a.value).map((v) => v.vector);

    const curves: Record<string, number[]> = { 'Oja |cos|': [], 'Oja ‖w‖': [], 'Sanger 1 |cos|': [], 'Sanger 2 |cos|': [], 'Sanger 3 |cos|': [] };
    const build = (k: number, seedName: string) => layeredNetwork({ sizes: [d, k], activation: 'linear', output: 'linear', bias: false, init: { kind: 'normal', std: 0.1 } }).initialise(streams.fork(seedName));
    const ojaNet = build(1, 'oja');
    trainUnsupervised(ojaNet, oja, x, { lr: params.lr, epochs: params.epochs, batchSize: params.batchSize, streams: streams.fork('oja'), onEpoch: () => {
      curves['Oja |cos|'].push(absCos(column(ojaNet, 0), components[0]));
      curves['Oja ‖w‖'].push(norm(column(ojaNet, 0)));
    } });
    const sangerNet = build(3, 'sanger');
    trainUnsupervised(sangerNet, sanger, x, { lr: params.lr, epochs: params.epochs, batchSize: params.batchSize, streams: streams.fork('sanger'), onEpoch: () => {
      for (let k = 0; k < 3; k++) curves[`Sanger ${k + 1} |cos|`].push(absCos(column(sangerNet, k), components[k]));
    } });
    const last = (k: string) => curves[k][curves[k].length - 1];
    log(`Oja |cos| ${last('Oja |cos|').toFixed(4)}, ‖w‖ ${last('Oja ‖w‖').toFixed(4)}; Sanger |cos| ${[1, 2, 3].map((k) => last(`Sanger ${k} |cos|`).toFixed(4)).join(', ')}`);
    const epochs = Array.from({ length: params.epochs }, (_, i) => i + 1);
    return {
      metrics: {
        ojaAbsCos: last('Oja |cos|'),
        ojaNorm: last('Oja ‖w‖'),
        sanger1AbsCos: last('Sanger 1 |cos|'),
        sanger2AbsCos: last('Sanger 2 |cos|'),
        sanger3AbsCos: last('Sanger 3 |cos|'),
        sanger1Norm: norm(column(sangerNet, 0)),
        sanger2Norm: norm(column(sangerNet, 1)),
        sanger3Norm: norm(column(sangerNet, 2)),
      },
      figures: [
        lineFigure('cosines', 'Alignment with the principal components', 'epoch', '|cos(w, eigenvector)|',
          ['Oja |cos|', 'Sanger 1 |cos|', 'Sanger 2 |cos|', 'Sanger 3 |cos|'].map((k) => ({ label: k.replace(' |cos|', ''), x: epochs, y: curves[k] })),
          "|cos| between each neuron's weight vector and the eigenvector of the sample covariance it should find (Oja: the first; Sanger's neuron k: the k-th). 1 = found."),
        lineFigure('norm', "Oja's rule normalises the weights", 'epoch', '‖w‖', [{ label: 'Oja', x: epochs, y: curves['Oja ‖w‖'] }], "‖w‖ of Oja's neuron; the decay term drives it to 1 (plain Hebb would grow without bound)."),
      ],
    };
  },
});
