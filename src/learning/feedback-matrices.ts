import { Matrix } from '../kernels/matrix.js';
import { type InitSpec, initialiseWeights, validateInit } from '../graph/initialisers.js';
import type { LayeredTopology, Network } from '../graph/network.js';
import type { Projection } from '../graph/projection.js';
import type { RandomStreams } from '../random/streams.js';

/**
 * Projections whose feedback is ever used: those leaving a non-input population (an input population
 * needs no teaching signal, so nothing is sent back through the projections that leave it).
 */
export function projectionsNeedingFeedback(net: Network): Projection[] {
  // Pooling has no weights to stand in for: it routes errors itself (src/graph/projection-ops.ts).
  return net.projections.filter((p) => !p.pre.isInput && p.hasWeights);
}

/**
 * One random matrix per projection, shaped like its weights (pre × post for dense, a kernel of the same
 * shape as the filters for conv2d) and drawn with the same fan-in and fan-out, from the stream
 * "B/<projection name>" with the given initialiser (default: the projection's own) times `scale`.
 */
export function randomFeedbackMatrices(net: Network, streams: RandomStreams, init: string | undefined, scale: number, where: string): Map<Projection, Matrix> {
  const out = new Map<Projection, Matrix>();
  for (const p of projectionsNeedingFeedback(net)) {
    const spec: InitSpec = init ? validateInit(init, `${where}.feedbackInit`) : p.init;
    const B = new Matrix(p.weights.rows, p.weights.cols);
    initialiseWeights(B.data, spec, p.fanIn, p.fanOut, streams.stream(`B/${p.name}`));
    if (scale !== 1) for (let i = 0; i < B.data.length; i++) B.data[i] *= scale;
    out.set(p, B);
  }
  return out;
}

/** Throws unless every hidden population has exactly one projection in and one out (a plain chain). */
export function requireChain(topology: LayeredTopology, rule: string): void {
  for (const p of topology.order) {
    if (p.isInput || p === topology.output) continue;
    if (topology.incoming[p.index].length !== 1 || topology.outgoing[p.index].length !== 1) {
      throw new Error(`rule "${rule}" needs a chain of layers; population "${p.name}" has ${topology.incoming[p.index].length} incoming and ${topology.outgoing[p.index].length} outgoing projections`);
    }
  }
}
