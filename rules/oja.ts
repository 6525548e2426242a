/**
 * Oja's rule (Oja 1982, J. Math. Biol. 15:267), for linear neurons y_j = Σ_i w_ij x_i:
 *   Δw_ij = η ⟨y_j (x_i − y_j w_ij)⟩ = η (⟨x_i y_j⟩ − ⟨y_j²⟩ w_ij)
 * Feedback pathway: none. Local plasticity: Hebb's term plus a decay proportional to the postsynaptic
 * activity squared, which keeps ‖w‖ → 1. For zero-mean inputs with covariance C and small η, each
 * neuron's weight vector converges to ± the principal eigenvector of C (and ⟨y²⟩ → λ₁): a neuron
 * that learns the first principal component. Several output neurons all learn the same component;
 * Sanger's rule makes them learn successive ones.
 */
import { Correlations, noFeedback, writeHebbianUpdate } from '../src/learning/hebbian.js';
import type { MinibatchRule } from '../src/learning/rule.js';

export const oja: MinibatchRule<Record<string, never>> = {
  name: 'oja',
  regime: 'minibatch',
  summary: "Oja's rule: Hebbian learning with a decay that normalises w; finds the first principal component",
  citation: 'Oja (1982) J. Math. Biol. 15:267-273',
  defaults: {},
  create({ net }) {
    const c = new Correlations(net);
    return {
      deliver: noFeedback,
      plasticity(step, grads) {
        for (const p of net.projections) {
          const xy = c.prePost(step, p), yy = c.postPost(step, p);
          const w = p.weights.data, d = xy.data, nPost = p.post.size;
          for (let i = 0; i < p.pre.size; i++) for (let j = 0; j < nPost; j++) d[i * nPost + j] -= yy.data[j * nPost + j] * w[i * nPost + j];
          writeHebbianUpdate(grads, p, xy);
        }
      },
    };
  },
};
