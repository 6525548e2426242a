import type { ActivationName } from '../neurons/activations.js';
import type { InitSpec } from './initialisers.js';
import { Network } from './network.js';

/** A multilayer perceptron described by its layer sizes. */
export interface LayeredSpec {
  /** [input, hidden..., output], e.g. [784, 256, 256, 10]. */
  sizes: number[];
  /** Hidden-layer activation. */
  activation: ActivationName;
  /** Output-layer activation (softmax for classification with cross-entropy, linear for regression). */
  output: ActivationName;
  init?: InitSpec;
  bias?: boolean;
}

/**
 * Builds input → hidden1 → … → output, named "input", "hidden1", …, "output"; projections are named
 * "input->hidden1" and so on. The network is not initialised: call `initialise(streams)`.
 */
export function layeredNetwork(spec: LayeredSpec): Network {
  const { sizes } = spec;
  if (!Array.isArray(sizes) || sizes.length < 2) {
    throw new Error(`layered network: sizes must list at least an input and an output size, got ${JSON.stringify(sizes)}`);
  }
  sizes.forEach((s, i) => {
    if (!Number.isInteger(s) || s <= 0) throw new Error(`layered network: sizes[${i}] must be a positive integer, got ${JSON.stringify(s)}`);
  });
  const net = new Network();
  let prev = net.addPopulation('input', sizes[0], { kind: 'input' });
  for (let l = 1; l < sizes.length; l++) {
    const last = l === sizes.length - 1;
    const pop = net.addPopulation(last ? 'output' : `hidden${l}`, sizes[l], {
      kind: 'rate',
      activation: last ? spec.output : spec.activation,
    });
    net.connect(prev, pop, { init: spec.init, bias: spec.bias ?? true });
    prev = pop;
  }
  return net;
}
