import { Matrix } from '../kernels/matrix.js';
import type { RandomStreams } from '../random/streams.js';
import { type InitSpec, initialiseWeights } from './initialisers.js';
import type { Population } from './population.js';
import { allocF64 } from '../kernels/backend.js';
import type { ConvGeometry } from '../kernels/conv.js';
import type { PoolGeometry } from '../kernels/pool.js';

/**
 * What a projection computes (src/graph/projection-ops.ts runs each kind forward and backward):
 * - dense:   a = h_pre · W, W pre.size × post.size (the default);
 * - conv2d:  a = conv(h_pre, W) + b per channel, W filters × (channels·k·k) (src/kernels/conv.ts);
 * - pool:    max or average over windows, no weights (src/kernels/pool.ts).
 */
export type ProjectionKind =
  | { readonly kind: 'dense' }
  | { readonly kind: 'conv2d'; readonly geometry: ConvGeometry }
  | { readonly kind: 'pool'; readonly op: 'max' | 'avg'; readonly geometry: PoolGeometry };

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
  readonly kind: ProjectionKind;
  /** Inputs and outputs each weight connects, for the initialisers: pre × post for dense, channels·k·k × filters·k·k for conv. */
  readonly fanIn: number;
  readonly fanOut: number;

  constructor(name: string, pre: Population, post: Population, init: InitSpec, hasBias: boolean, index: number, kind: ProjectionKind = { kind: 'dense' }) {
    this.name = name;
    this.pre = pre;
    this.post = post;
    this.init = init;
    this.index = index;
    this.kind = kind;
    if (kind.kind === 'conv2d') {
      const g = kind.geometry, taps = g.kernel * g.kernel;
      this.weights = new Matrix(g.output.channels, g.input.channels * taps);
      this.bias = hasBias ? allocF64(g.output.channels) : null;
      [this.fanIn, this.fanOut] = [g.input.channels * taps, g.output.channels * taps];
    } else if (kind.kind === 'pool') {
      this.weights = new Matrix(0, 0);
      this.bias = null;
      [this.fanIn, this.fanOut] = [0, 0];
    } else {
      this.weights = new Matrix(pre.size, post.size);
      this.bias = hasBias ? allocF64(post.size) : null;
      [this.fanIn, this.fanOut] = [pre.size, post.size];
    }
  }

  /** Whether the projection has parameters (pooling has none). */
  get hasWeights(): boolean {
    return this.kind.kind !== 'pool';
  }

  /** Draws weights from the stream "init/<projection name>"; biases start at zero. */
  initialise(streams: RandomStreams): void {
    if (!this.hasWeights) return;
    initialiseWeights(this.weights.data, this.init, this.fanIn, this.fanOut, streams.stream(`init/${this.name}`));
    this.bias?.fill(0);
  }
}
