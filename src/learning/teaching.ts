import { Matrix } from '../kernels/matrix.js';
import type { LayeredTopology, Network } from '../graph/network.js';
import type { Loss } from '../neurons/losses.js';
import type { ForwardState } from '../sim/feedforward.js';

/**
 * Everything a learning rule may read or write during one minibatch step.
 *
 * `delta[p]` is the teaching signal of population p: batch × size, the rule's estimate of dLoss/da_p
 * (already divided by the batch size). Before the rule runs, `delta[output]` holds the true output error
 * from the loss; the rule's feedback pathway fills the hidden populations. `scratch[p]` is a second
 * buffer of the same shape that rules may use freely (it holds nothing between steps).
 */
export interface TeachingStep {
  readonly net: Network;
  readonly topology: LayeredTopology;
  readonly forward: ForwardState;
  readonly target: Matrix;
  readonly loss: Loss;
  readonly delta: (Matrix | undefined)[];
  readonly scratch: (Matrix | undefined)[];
  /** Mean loss of this batch before the update. */
  lossValue: number;
}

/** Teaching-signal buffers per batch size, allocated once. */
export class TeachingBuffers {
  private readonly bySize = new Map<number, { delta: (Matrix | undefined)[]; scratch: (Matrix | undefined)[] }>();

  constructor(private readonly net: Network) {}

  get(batch: number): { delta: (Matrix | undefined)[]; scratch: (Matrix | undefined)[] } {
    let b = this.bySize.get(batch);
    if (!b) {
      const make = () => this.net.populations.map((p) => (p.isInput ? undefined : new Matrix(batch, p.size)));
      b = { delta: make(), scratch: make() };
      this.bySize.set(batch, b);
    }
    return b;
  }
}
