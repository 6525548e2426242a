import type { ActivationName } from '../neurons/activations.js';
import type { Shape } from '../kernels/conv.js';

/**
 * What kind of neurons a population holds:
 * - input:           clamped to data (minibatch regime);
 * - rate:            h = f(a) (minibatch regime);
 * - spiking:         a spiking model from the registry ('lif', 'lif-cond', 'adex', 'izhikevich') with
 *                    parameter overrides (time-stepped regime);
 * - poisson:         a spike source firing as independent Poisson processes, `rate` Hz per neuron
 *                    (one number or one per neuron; changeable between steps);
 * - spike-generator: a spike source replaying explicit (neuron, time in ms) pairs.
 */
export type NeuronModel =
  | { readonly kind: 'input' }
  | { readonly kind: 'rate'; readonly activation: ActivationName }
  | { readonly kind: 'spiking'; readonly model: string; readonly params?: Readonly<Record<string, number>> }
  | { readonly kind: 'poisson'; readonly rate: number | readonly number[] }
  | { readonly kind: 'spike-generator'; readonly indices: readonly number[]; readonly times: readonly number[] };

/** A named group of neurons of one model. Per-batch activity lives in the simulator's buffers, not here. */
export class Population {
  readonly name: string;
  readonly size: number;
  readonly model: NeuronModel;
  /** Position in the network's population list; simulators index their buffers by it. */
  readonly index: number;
  /**
   * channels × height × width for an image-like population (inputs of a conv net, feature maps), laid out
   * channel-major in its `size` values; null for a plain vector. A dense projection reads any population as
   * its flat vector (flattening is a view, not a copy).
   */
  readonly shape: Shape | null;

  constructor(name: string, size: number, model: NeuronModel, index: number, shape: Shape | null = null) {
    if (!/^[A-Za-z_][\w.-]*$/.test(name)) {
      throw new Error(`population name "${name}" must start with a letter or _ and contain only letters, digits, _, . and -`);
    }
    if (!Number.isInteger(size) || size <= 0) throw new RangeError(`population "${name}": size must be a positive integer, got ${size}`);
    if (shape && shape.channels * shape.height * shape.width !== size) {
      throw new RangeError(`population "${name}": shape ${shape.channels}×${shape.height}×${shape.width} holds ${shape.channels * shape.height * shape.width} values, its size is ${size}`);
    }
    this.name = name;
    this.size = size;
    this.model = model;
    this.index = index;
    this.shape = shape;
  }

  get isInput(): boolean {
    return this.model.kind === 'input';
  }

  /** Populations that emit spikes (spiking neurons and spike sources). */
  get isSpiking(): boolean {
    return this.model.kind === 'spiking' || this.model.kind === 'poisson' || this.model.kind === 'spike-generator';
  }

  /** Spike sources: driven by their own rule, never by synapses. */
  get isSource(): boolean {
    return this.model.kind === 'poisson' || this.model.kind === 'spike-generator';
  }
}
