/**
 * Hebbian features: Sanger's generalised Hebbian algorithm (./sanger.ts; Sanger 1989, Neural Networks
 * 2:459) as a feature rule (src/learning/feature-rule.ts). `components` linear neurons y = Wᵀ(x − x̄) learn
 * from the training inputs without labels, minibatch by minibatch,
 *   ΔW_ij = η ⟨y_j (x_i − Σ_{k ≤ j} y_k W_ik)⟩,
 * so W's columns approach the top principal components of the inputs in order (Oja's rule for the first).
 * x̄ is the training mean, which the neurons subtract (PCA is defined on centred data; a neuron can learn its
 * own input mean with a slow local average). The features of the training and test sets are y; the runner
 * trains a delta-rule readout on them, which places this family in the same table as backprop.
 * Feedback pathway: none. Local plasticity: Hebbian with Sanger's lateral decorrelation term.
 */
import { Matrix } from '../src/kernels/matrix.js';
import { matmul } from '../src/kernels/matmul.js';
import { layeredNetwork } from '../src/graph/layered.js';
import type { FeatureRule } from '../src/learning/feature-rule.js';
import { hashArrays } from '../src/learning/hash.js';
import { trainUnsupervised } from '../src/training/unsupervised.js';
import { sanger } from './sanger.js';

export interface GhaFeatureOptions {
  components: number;
  epochs: number;
  lr: number;
  batchSize: number;
}

function centred(x: Matrix, mean: Float64Array): Matrix {
  const out = new Matrix(x.rows, x.cols);
  for (let r = 0; r < x.rows; r++) for (let j = 0; j < x.cols; j++) out.data[r * x.cols + j] = x.data[r * x.cols + j] - mean[j];
  return out;
}

export const ghaFeatures: FeatureRule<GhaFeatureOptions> = {
  name: 'gha-features',
  regime: 'features',
  summary: "Hebbian features: Sanger's generalised Hebbian algorithm learns the top principal components without labels",
  citation: 'Sanger (1989) Neural Networks 2:459-473',
  defaults: { components: 100, epochs: 2, lr: 0.02, batchSize: 32 },
  learn({ task, streams, options: o, log }) {
    if (!Number.isInteger(o.components) || o.components <= 0 || o.components > task.inputSize) throw new RangeError(`rule "gha-features": option "components" must be an integer in [1, ${task.inputSize}], got ${o.components}`);
    if (!Number.isInteger(o.epochs) || o.epochs < 0) throw new RangeError(`rule "gha-features": option "epochs" must be an integer >= 0, got ${o.epochs}`);
    if (!(o.lr > 0)) throw new RangeError(`rule "gha-features": option "lr" must be > 0, got ${o.lr}`);
    const x = task.train.inputs, mean = new Float64Array(x.cols);
    for (let r = 0; r < x.rows; r++) for (let j = 0; j < x.cols; j++) mean[j] += x.data[r * x.cols + j] / x.rows;
    const train = centred(x, mean), test = centred(task.test.inputs, mean);
    const net = layeredNetwork({ sizes: [task.inputSize, o.components], activation: 'linear', output: 'linear', bias: false, init: { kind: 'normal', std: 0.01 } });
    net.initialise(streams);
    const t0 = performance.now();
    trainUnsupervised(net, sanger, train, { lr: o.lr, epochs: o.epochs, batchSize: o.batchSize, streams, onEpoch: (e) => log(`GHA epoch ${e}/${o.epochs}, ${((performance.now() - t0) / 1000).toFixed(1)} s`) });
    const w = net.projections[0].weights;
    const features = (m: Matrix) => {
      const out = new Matrix(m.rows, o.components);
      matmul(m, w, out);
      return out;
    };
    // Orthonormality of the learned components: mean |‖w_j‖ − 1| and the largest |w_iᵀw_j|, i ≠ j.
    let normError = 0, overlap = 0;
    for (let i = 0; i < o.components; i++) {
      for (let j = i; j < o.components; j++) {
        let d = 0;
        for (let k = 0; k < w.rows; k++) d += w.data[k * o.components + i] * w.data[k * o.components + j];
        if (i === j) normError += Math.abs(Math.sqrt(d) - 1) / o.components;
        else overlap = Math.max(overlap, Math.abs(d));
      }
    }
    return { train: features(train), test: features(test), parametersHash: hashArrays(w.data), metrics: { componentNormError: normError, maxComponentOverlap: overlap } };
  },
};
