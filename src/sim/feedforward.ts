import { Matrix } from '../kernels/matrix.js';
import { projectForward } from '../graph/projection-ops.js';
import type { LayeredTopology, Network } from '../graph/network.js';
import { type Activation, getActivation } from '../neurons/activations.js';

/** Activity of every population for one batch, indexed by population index. */
export interface ForwardState {
  readonly batchSize: number;
  /** Pre-activation a (drive) of each rate population; undefined for inputs. */
  readonly a: (Matrix | undefined)[];
  /** Activity h = f(a); for an input population, the batch itself. */
  readonly h: Matrix[];
}

/** Buffers of one shape, allocated once and reused by every batch of that size. */
class BatchBuffers {
  /** `h` slots of input populations are pointed at the caller's batch on each run. */
  constructor(readonly a: (Matrix | undefined)[], readonly h: (Matrix | undefined)[]) {}
}

/**
 * The minibatch forward pass of a layered rate network: in topological order, each population's drive
 * is the sum over its incoming projections of their drives (h_pre · W plus bias for a dense projection, a
 * convolution or a pooling for the others: src/graph/projection-ops.ts), and its
 * activity is f(drive). Buffers are allocated the first time a batch size is seen (a training run sees at
 * most two: the batch size and the last partial batch), never inside the pass.
 */
export class ForwardPass {
  readonly net: Network;
  readonly topology: LayeredTopology;
  readonly activation: (Activation | undefined)[];
  private readonly buffers = new Map<number, BatchBuffers>();

  constructor(net: Network) {
    this.net = net;
    this.topology = net.layered();
    this.activation = net.populations.map((p) => (p.model.kind === 'rate' ? getActivation(p.model.activation) : undefined));
  }

  private buffersFor(batch: number): BatchBuffers {
    let b = this.buffers.get(batch);
    if (!b) {
      const pops = this.net.populations;
      b = new BatchBuffers(
        pops.map((p) => (p.isInput ? undefined : new Matrix(batch, p.size))),
        pops.map((p) => (p.isInput ? undefined : new Matrix(batch, p.size))),
      );
      this.buffers.set(batch, b);
    }
    return b;
  }

  /**
   * Runs the batch. `inputs` maps each input population (by name, or the single input when a Matrix
   * is passed) to a batch × size matrix. The returned state is owned by this pass and overwritten by the
   * next call with the same batch size.
   */
  run(inputs: Matrix | Record<string, Matrix>): ForwardState {
    const { order, inputs: inputPops, incoming } = this.topology;
    let batch = -1;
    for (const p of inputPops) {
      let x: Matrix | undefined;
      if (inputs instanceof Matrix) {
        if (inputPops.length !== 1) throw new Error(`forward pass: the network has ${inputPops.length} input populations; pass a record {name: matrix}`);
        x = inputs;
      } else {
        x = inputs[p.name];
        if (!x) throw new Error(`forward pass: no data for input population "${p.name}"`);
      }
      if (x.cols !== p.size) throw new RangeError(`forward pass: input "${p.name}" has ${p.size} neurons but the data has ${x.cols} columns`);
      if (batch >= 0 && x.rows !== batch) throw new RangeError(`forward pass: input "${p.name}" has ${x.rows} rows, other inputs have ${batch}`);
      batch = x.rows;
    }
    const buf = this.buffersFor(batch);
    const h = buf.h as Matrix[];
    for (const p of inputPops) h[p.index] = inputs instanceof Matrix ? inputs : inputs[p.name];
    for (const p of order) {
      if (p.isInput) continue;
      const a = buf.a[p.index]!;
      const into = incoming[p.index];
      for (let k = 0; k < into.length; k++) projectForward(into[k], h[into[k].pre.index], a, k > 0);
      this.activation[p.index]!.forward(a, h[p.index]);
    }
    return { batchSize: batch, a: buf.a, h };
  }
}
