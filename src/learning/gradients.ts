import { Matrix } from '../kernels/matrix.js';
import type { Network } from '../graph/network.js';
import { allocF64 } from '../kernels/backend.js';

/** One update direction per projection, shaped like its parameters (as its weights and bias are). */
export interface ProjectionGradient {
  readonly weights: Matrix;
  readonly bias: Float64Array | null;
}

/** Preallocated update buffers for every projection of a network, indexed by projection index. */
export class Gradients {
  readonly byProjection: ProjectionGradient[];

  constructor(net: Network) {
    this.byProjection = net.projections.map((p) => ({
      weights: new Matrix(p.weights.rows, p.weights.cols),
      bias: p.bias ? allocF64(p.bias.length) : null,
    }));
  }

  zero(): void {
    for (const g of this.byProjection) {
      g.weights.fill(0);
      g.bias?.fill(0);
    }
  }
}
