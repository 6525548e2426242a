import { layeredNetwork } from '../graph/layered.js';
import { type PlannedLayer, layerNetwork, planLayers } from '../graph/layer-stack.js';
import type { Network } from '../graph/network.js';
import type { Shape } from '../kernels/conv.js';
import type { ActivationName } from '../neurons/activations.js';
import type { NetworkSpec } from './spec.js';

/*
 * The one place a spec's `network` becomes layers: `hidden: [...]` (an MLP; populations hidden1, hidden2, …,
 * so results and weight hashes made before conv layers existed are unchanged) or `layers: [...]` (conv, pool
 * and dense layers; src/graph/layer-stack.ts). The validator plans every run's network with `planNetwork`
 * before anything runs, the runner builds it with `buildNetwork`, and the size estimates read the same plan.
 */

export interface TaskInputs {
  inputSize: number;
  inputShape?: Shape | null;
  outputSize: number;
}

/** A rate network's activations; the validator has checked them, and a spiking network has none. */
export function rateActivations(network: NetworkSpec, where = 'network'): { activation: ActivationName; output: ActivationName } {
  const { activation, output } = network;
  if (network.spiking) throw new Error(`${where}: a spiking network (${where}.spiking) has no rate layers to plan or build`);
  if (!activation || !output) throw new Error(`${where}: a rate network needs activation and output (e.g. 'relu' and 'softmax')`);
  return { activation, output };
}

/** Every population's size and shape and every layer's parameter count, input and output included. */
export function planNetwork(network: NetworkSpec, task: TaskInputs, where = 'network'): PlannedLayer[] {
  const layers = network.layers ?? (network.hidden ?? []).map((n) => ({ dense: n }));
  const plan = planLayers({ layers, inputSize: task.inputSize, inputShape: task.inputShape, outputSize: task.outputSize, ...rateActivations(network, where), bias: network.bias }, where);
  return network.layers ? plan : plan.map((l, i) => (i > 0 && i < plan.length - 1 ? { ...l, name: `hidden${i}` } : l));
}

/** The network a run trains (not initialised). */
export function buildNetwork(network: NetworkSpec, task: TaskInputs, where = 'network'): Network {
  const { init, bias } = network, { activation, output } = rateActivations(network, where);
  if (network.layers) return layerNetwork({ layers: network.layers, inputSize: task.inputSize, inputShape: task.inputShape, outputSize: task.outputSize, activation, output, init, bias }, where);
  return layeredNetwork({ sizes: [task.inputSize, ...(network.hidden ?? []), task.outputSize], activation, output, init, bias });
}
