/**
 * Plain Hebbian learning (Hebb 1949): "cells that fire together wire together".
 *   Δw_ij = η ⟨x_i y_j⟩
 * Feedback pathway: none. Local plasticity: the product of pre- and postsynaptic activity.
 * Kept for teaching: with y = wᵀx the weight vector grows along the input's top principal component as
 * w ← (I + ηC)w, so ‖w‖ increases without bound (exponentially, at rate ≈ ηλ₁) — nothing limits it.
 * Oja's rule and BCM are the classic ways to stabilise it.
 */
import { Correlations, noFeedback, writeHebbianUpdate } from '../src/learning/hebbian.js';
import type { MinibatchRule } from '../src/learning/rule.js';

export const hebb: MinibatchRule<Record<string, never>> = {
  name: 'hebb',
  regime: 'minibatch',
  summary: 'Plain Hebbian learning Δw = η x y (unstable: weights grow without bound)',
  citation: 'Hebb (1949) The Organization of Behavior',
  defaults: {},
  create({ net }) {
    const c = new Correlations(net);
    return {
      deliver: noFeedback,
      plasticity(step, grads) {
        for (const p of net.projections) writeHebbianUpdate(grads, p, c.prePost(step, p));
      },
    };
  },
};
