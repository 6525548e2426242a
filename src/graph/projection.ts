import { Matrix } from '../kernels/matrix.js';
import type { RandomStreams } from '../random/streams.js';
import { type InitSpec, initialiseWeights } from './initialisers.js';
import type { Population } from './population.js';
import { allocF64 } from '../kernels/backend.js';

/**
 * Synapses from every neuron of `pre` to every neuron of `post`, with an optional bias on `post`.
 *
 * Orientation: `weights` is pre.size × post.size, row-major, so row i holds the synapses LEAVING
 * presynaptic neuron i and a batch's drive is a = h_pre · weights. This is the transpose of the
 * textbook W_l (post × pre): it makes the forward product, the weight gradient h_preᵀ·δ and spike
 * propagation all walk contiguous rows, and lets kernels skip silent (exactly zero) presynaptic units.
 */
export class Projection {
  readonly name: string;
  readonly pre: Population;
  readonly post: Population;
  readonly weights: Matrix;
  readonly bias: Float64Array | null;
  readonly init: InitSpec;
  readonly index: number;

  constructor(name: string, pre: Population, post: Population, init: InitSpec, hasBias: boolean, index: number) {
    this.name = name;
    this.pre = pre;
    this.post = post;
    this.init = init;
    this.index = index;
    this.weights = new Matrix(pre.size, post.size);
    this.bias = hasBias ? allocF64(post.size) : null;
  }

  /** Draws weights from the stream "init/<projection name>"; biases start at zero. */
  initialise(streams: RandomStreams): void {
    initialiseWeights(this.weights.data, this.init, this.pre.size, this.post.size, streams.stream(`init/${this.name}`));
    this.bias?.fill(0);
  }
}
