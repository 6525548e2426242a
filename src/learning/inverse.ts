import { Matrix } from '../kernels/matrix.js';
import { matmul } from '../kernels/matmul.js';
import { addRowVector } from '../kernels/elementwise.js';
import { Network } from '../graph/network.js';
import type { Projection } from '../graph/projection.js';
import { type Activation, getActivation } from '../neurons/activations.js';
import { getLoss } from '../neurons/losses.js';
import type { RandomStream } from '../random/stream.js';
import type { RandomStreams } from '../random/streams.js';
import { Gradients } from './gradients.js';
import { presynapticTimesTeaching } from './local-update.js';
import { type Optimiser, createOptimiser } from '../training/optimisers.js';
import type { MinibatchLearner } from './rule.js';
import { MinibatchStepper } from '../training/step.js';

/** A single layer learns from its own error: no feedback pathway at all. */
const singleLayer: MinibatchLearner = { deliver() {}, plasticity: presynapticTimesTeaching };

/**
 * A learned approximate inverse of one projection f(h) = act_post(h W + b): a one-layer network
 *   g(y) = act_pre(y V + c)
 * trained to reconstruct noise-corrupted presynaptic activity, minimising ½‖g(f(h + ε)) − (h + ε)‖²
 * with ε ~ N(0, σ²) (Lee et al. 2015). It is built from the engine's own pieces — a Network, the
 * minibatch stepper with an MSE loss, and an Adam optimiser — so nothing here is a second copy of them.
 */
export class LearnedInverse {
  readonly net: Network;
  private readonly stepper: MinibatchStepper;
  private readonly grads: Gradients;
  private readonly optimiser: Optimiser;
  private readonly postActivation: Activation;
  private readonly buffers = new Map<number, { noisy: Matrix; a: Matrix; y: Matrix }>();

  constructor(readonly proj: Projection, streams: RandomStreams, learningRate: number) {
    const pre = proj.pre, post = proj.post;
    if (pre.model.kind !== 'rate' || post.model.kind !== 'rate') throw new Error(`inverse of "${proj.name}": both populations must be rate populations`);
    this.postActivation = getActivation(post.model.activation);
    this.net = new Network();
    this.net.addPopulation('from', post.size, { kind: 'input' });
    this.net.addPopulation('to', pre.size, { kind: 'rate', activation: pre.model.activation });
    this.net.connect('from', 'to', { name: `inverse(${proj.name})`, init: 'glorot-uniform' });
    this.net.initialise(streams);
    this.stepper = new MinibatchStepper(this.net, getLoss('mse'));
    this.grads = new Gradients(this.net);
    this.optimiser = createOptimiser(this.net, this.grads, { kind: 'adam', lr: learningRate });
  }

  private buffersFor(batch: number) {
    let b = this.buffers.get(batch);
    if (!b) {
      b = { noisy: new Matrix(batch, this.proj.pre.size), a: new Matrix(batch, this.proj.post.size), y: new Matrix(batch, this.proj.post.size) };
      this.buffers.set(batch, b);
    }
    return b;
  }

  /** g(y); the result is a buffer owned by this inverse, overwritten by the next call with the same batch size. */
  apply(y: Matrix): Matrix {
    const s = this.stepper.pass.run(y);
    return s.h[this.stepper.pass.topology.output.index];
  }

  /** The forward projection's output f(h) for activity h (into a buffer of this inverse). */
  private forward(h: Matrix): Matrix {
    const b = this.buffersFor(h.rows);
    matmul(h, this.proj.weights, b.a);
    if (this.proj.bias) addRowVector(b.a, this.proj.bias);
    this.postActivation.forward(b.a, b.y);
    return b.y;
  }

  /** One reconstruction step on presynaptic activity h (batch × pre), corrupted with N(0, σ²) noise. */
  train(h: Matrix, noiseStd: number, noise: RandomStream, learningRate: number): number {
    const b = this.buffersFor(h.rows);
    const n = h.rows * h.cols, hn = b.noisy.data, hd = h.data;
    for (let i = 0; i < n; i++) hn[i] = hd[i] + noise.normal(0, noiseStd);
    const y = this.forward(b.noisy);
    const step = this.stepper.propose(singleLayer, y, b.noisy, this.grads);
    this.optimiser.step(learningRate);
    return step.lossValue;
  }

  /** Mean over the batch of ½‖g(f(h)) − h‖², without noise: how well g inverts f on this activity. */
  reconstructionError(h: Matrix): number {
    return this.stepper.forwardAndError(this.forward(h), h).lossValue;
  }
}
