import type { ActivationName } from '../neurons/activations.js';

/**
 * What kind of neurons a population holds. Inputs are clamped to data; rate neurons compute h = f(a).
 * (Spiking models join this union in the spiking simulator.)
 */
export type NeuronModel = { readonly kind: 'input' } | { readonly kind: 'rate'; readonly activation: ActivationName };

/** A named group of neurons of one model. Per-batch activity lives in the simulator's buffers, not here. */
export class Population {
  readonly name: string;
  readonly size: number;
  readonly model: NeuronModel;
  /** Position in the network's population list; simulators index their buffers by it. */
  readonly index: number;

  constructor(name: string, size: number, model: NeuronModel, index: number) {
    if (!/^[A-Za-z_][\w.-]*$/.test(name)) {
      throw new Error(`population name "${name}" must start with a letter or _ and contain only letters, digits, _, . and -`);
    }
    if (!Number.isInteger(size) || size <= 0) throw new RangeError(`population "${name}": size must be a positive integer, got ${size}`);
    this.name = name;
    this.size = size;
    this.model = model;
    this.index = index;
  }

  get isInput(): boolean {
    return this.model.kind === 'input';
  }
}
