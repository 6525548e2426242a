/**
 * Sanger's rule, the generalised Hebbian algorithm (Sanger 1989, Neural Networks 2:459), for linear
 * neurons y_j = Σ_i w_ij x_i:
 *   Δw_ij = η ⟨y_j (x_i − Σ_{k ≤ j} y_k w_ik)⟩ = η (⟨x_i y_j⟩ − Σ_{k ≤ j} w_ik ⟨y_k y_j⟩)
 * Feedback pathway: none. Local plasticity: Oja's rule for neuron 1; neuron j learns on what the
 * neurons before it have not explained (a Gram-Schmidt step carried by lateral activity). The weight
 * vectors converge to the first k eigenvectors of the input covariance, in order of eigenvalue.
 */
import { Correlations, noFeedback, writeHebbianUpdate } from '../src/learning/hebbian.js';
import type { MinibatchRule } from '../src/learning/rule.js';

export const sanger: MinibatchRule<Record<string, never>> = {
  name: 'sanger',
  regime: 'minibatch',
  summary: "Sanger's generalised Hebbian algorithm: finds the top-k principal components in order",
  citation: 'Sanger (1989) Neural Networks 2:459-473',
  defaults: {},
  create({ net }) {
    const c = new Correlations(net);
    return {
      deliver: noFeedback,
      plasticity(step, grads) {
        for (const p of net.projections) {
          const xy = c.prePost(step, p), yy = c.postPost(step, p);
          const w = p.weights.data, d = xy.data, n = p.post.size;
          for (let i = 0; i < p.pre.size; i++) {
            for (let j = 0; j < n; j++) {
              let s = 0;
              for (let k = 0; k <= j; k++) s += w[i * n + k] * yy.data[k * n + j];
              d[i * n + j] -= s;
            }
          }
          writeHebbianUpdate(grads, p, xy);
        }
      },
    };
  },
};
