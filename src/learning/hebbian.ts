import { Matrix } from '../kernels/matrix.js';
import { matmulTransA } from '../kernels/matmul.js';
import type { Network } from '../graph/network.js';
import type { Projection } from '../graph/projection.js';
import type { Gradients } from './gradients.js';
import type { TeachingStep } from './teaching.js';

/**
 * Pieces shared by the rate-based Hebbian rules: they have no feedback pathway (no teaching signal),
 * and their updates are built from the pre/post correlation ⟨x yᵀ⟩ and the post/post correlation
 * ⟨y yᵀ⟩ over the batch, both available at the synapse. Rules write −ΔW (the optimiser subtracts
 * η × direction, so the applied change is +η ΔW), and zero for biases (Hebbian rules do not learn them).
 */
export class Correlations {
  private readonly pre = new Map<Projection, Matrix>();
  private readonly post = new Map<Projection, Matrix>();

  constructor(net: Network) {
    for (const p of net.projections) {
      this.pre.set(p, new Matrix(p.pre.size, p.post.size));
      this.post.set(p, new Matrix(p.post.size, p.post.size));
    }
  }

  /** ⟨x yᵀ⟩ (pre × post), averaged over the batch. */
  prePost(step: TeachingStep, p: Projection): Matrix {
    const m = this.pre.get(p)!;
    matmulTransA(step.forward.h[p.pre.index], step.forward.h[p.post.index], m);
    scale(m, 1 / step.forward.batchSize);
    return m;
  }

  /** ⟨y yᵀ⟩ (post × post), averaged over the batch. */
  postPost(step: TeachingStep, p: Projection): Matrix {
    const m = this.post.get(p)!;
    const y = step.forward.h[p.post.index];
    matmulTransA(y, y, m);
    scale(m, 1 / step.forward.batchSize);
    return m;
  }
}

function scale(m: Matrix, s: number): void {
  const d = m.data, n = m.rows * m.cols;
  for (let i = 0; i < n; i++) d[i] *= s;
}

/** Writes −ΔW into the projection's update buffer and zero into its bias buffer. */
export function writeHebbianUpdate(grads: Gradients, p: Projection, deltaW: Matrix): void {
  const g = grads.byProjection[p.index];
  const out = g.weights.data, d = deltaW.data, n = deltaW.rows * deltaW.cols;
  for (let i = 0; i < n; i++) out[i] = -d[i];
  g.bias?.fill(0);
}

/** Hebbian rules need no teaching signal: the feedback pathway does nothing. */
export function noFeedback(): void {}
