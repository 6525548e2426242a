/**
 * BCM rule with a sliding threshold (Bienenstock, Cooper & Munro 1982, J. Neurosci. 2:32; in the
 * Intrator & Cooper 1992 form):
 *   Δw_ij = η ⟨x_i y_j (y_j − θ_j)⟩,      θ_j ← θ_j + (⟨y_j²⟩ − θ_j) / τθ   (once per batch)
 * Feedback pathway: none. Local plasticity: Hebbian above the threshold θ_j, anti-Hebbian below it.
 * θ_j tracks the recent mean of y_j² with time constant `tauTheta` (in batches), so a neuron that
 * fires a lot raises its own threshold: the rule is stable and makes neurons selective — shown several
 * patterns, a neuron ends up responding strongly to one and weakly to the others.
 * `theta0` is the threshold's starting value.
 */
import { noFeedback, writeHebbianUpdate } from '../src/learning/hebbian.js';
import { Matrix } from '../src/kernels/matrix.js';
import { matmulTransA } from '../src/kernels/matmul.js';
import type { Projection } from '../src/graph/projection.js';
import type { MinibatchRule } from '../src/learning/rule.js';

export interface BcmOptions {
  tauTheta: number;
  theta0: number;
}

export const bcm: MinibatchRule<BcmOptions> = {
  name: 'bcm',
  regime: 'minibatch',
  summary: 'BCM: Hebbian above a sliding threshold that tracks ⟨y²⟩, anti-Hebbian below; makes neurons selective',
  citation: 'Bienenstock, Cooper & Munro (1982) J. Neurosci. 2:32-48; Intrator & Cooper (1992)',
  defaults: { tauTheta: 10, theta0: 0 },
  create({ net, options }) {
    if (!(options.tauTheta >= 1)) throw new Error(`rule "bcm": tauTheta must be >= 1 batch, got ${options.tauTheta}`);
    const theta = new Map<Projection, Float64Array>(net.projections.map((p) => [p, new Float64Array(p.post.size).fill(options.theta0)]));
    const postTerm = new Map<string, Matrix>(); // y ⊙ (y − θ) / B, per projection and batch size
    const deltaW = new Map<Projection, Matrix>(net.projections.map((p) => [p, new Matrix(p.pre.size, p.post.size)]));
    return {
      deliver: noFeedback,
      plasticity(step, grads) {
        const B = step.forward.batchSize;
        for (const p of net.projections) {
          const y = step.forward.h[p.post.index], th = theta.get(p)!, nPost = p.post.size;
          const key = `${p.index}/${B}`;
          let z = postTerm.get(key);
          if (!z) postTerm.set(key, (z = new Matrix(B, nPost)));
          for (let b = 0; b < B; b++) {
            for (let j = 0; j < nPost; j++) {
              const yj = y.data[b * nPost + j];
              z.data[b * nPost + j] = (yj * (yj - th[j])) / B;
            }
          }
          const d = deltaW.get(p)!;
          matmulTransA(step.forward.h[p.pre.index], z, d); // ⟨x_i y_j (y_j − θ_j)⟩
          writeHebbianUpdate(grads, p, d);
        }
      },
      afterStep(step) {
        // The threshold slides after the weights moved, from this batch's ⟨y²⟩.
        for (const p of net.projections) {
          const y = step.forward.h[p.post.index].data, th = theta.get(p)!, nPost = p.post.size, B = step.forward.batchSize;
          for (let j = 0; j < nPost; j++) {
            let m = 0;
            for (let b = 0; b < B; b++) m += y[b * nPost + j] ** 2;
            th[j] += (m / B - th[j]) / options.tauTheta;
          }
        }
      },
      diagnostics() {
        const out: Record<string, number> = {};
        for (const [p, th] of theta) th.forEach((v, j) => (out[`theta/${p.name}/${j}`] = v));
        return out;
      },
      thresholds: () => theta,
    } as ReturnType<MinibatchRule['create']> & { thresholds: () => Map<Projection, Float64Array> };
  },
};
