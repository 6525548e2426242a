import { type ActivationName, activationNames } from '../neurons/activations.js';
import { type Padding, type Shape, convGeometry } from '../kernels/conv.js';
import { poolGeometry } from '../kernels/pool.js';
import type { InitSpec } from './initialisers.js';
import { Network } from './network.js';

/*
 * A network described as a stack of layers, the way a spec writes a conv net in a few lines:
 *
 *   layers: [{ conv: 32, kernel: 3 }, { pool: 'max', size: 2 }, { conv: 64, kernel: 3 }, { pool: 'max', size: 2 }, { dense: 64 }]
 *
 * The input layer comes from the task (its size and, for images, its channels × height × width) and the
 * output layer (the task's outputs, with the network's output activation) is added on top, as with
 * `hidden: [...]`. A dense layer after feature maps reads them as one vector: the flatten is a view of the
 * same neurons, nothing is copied. Populations are named conv1, pool1, conv2, …, fc1, …, output; projections
 * "<pre>-><post>" as elsewhere.
 *
 * `planLayers` works out every layer's shape (and so every mismatch, naming both layers and their shapes)
 * without allocating anything; the spec validator calls it before any run starts and `layerNetwork` builds
 * from the same plan, so the two cannot disagree.
 */

export type LayerSpec =
  | { conv: number; kernel: number; stride?: number; padding?: Padding; activation?: ActivationName }
  | { pool: 'max' | 'avg'; size: number; stride?: number }
  | { dense: number; activation?: ActivationName };

/** One planned layer: its population's name, shape (null for a vector) and size, and its parameter count. */
export interface PlannedLayer {
  readonly name: string;
  readonly spec: LayerSpec | { output: number };
  readonly shape: Shape | null;
  readonly size: number;
  readonly parameters: number;
  readonly activation: ActivationName;
}

export interface LayerStackSpec {
  layers: readonly LayerSpec[];
  /** The task's inputs: a vector of `inputSize`, or images of `inputShape` (whose product is inputSize). */
  inputSize: number;
  inputShape?: Shape | null;
  outputSize: number;
  /** Default activation of conv and dense layers. */
  activation: ActivationName;
  output: ActivationName;
  init?: InitSpec;
  bias?: boolean;
}

const KEYS = { conv: ['conv', 'kernel', 'stride', 'padding', 'activation'], pool: ['pool', 'size', 'stride'], dense: ['dense', 'activation'] } as const;

const shapeText = (s: Shape | null, size: number) => (s ? `${s.channels}×${s.height}×${s.width}` : `a vector of ${size}`);

/** How a layer reads in messages: `layers[2] {"conv":64,"kernel":3}`. */
const describe = (i: number, l: unknown) => `layers[${i}] ${JSON.stringify(l)}`;

function kindOf(where: string, l: unknown): keyof typeof KEYS {
  if (!l || typeof l !== 'object' || Array.isArray(l)) throw new Error(`${where}: expected a layer object such as {conv: 32, kernel: 3}, {pool: 'max', size: 2} or {dense: 64}, got ${JSON.stringify(l)}`);
  const kinds = (Object.keys(KEYS) as (keyof typeof KEYS)[]).filter((k) => k in l);
  if (kinds.length !== 1) throw new Error(`${where}: a layer has exactly one of the keys conv, pool or dense, got ${JSON.stringify(l)}`);
  const kind = kinds[0];
  for (const key of Object.keys(l)) {
    if (!(KEYS[kind] as readonly string[]).includes(key)) throw new Error(`${where}: unknown key "${key}" for a ${kind} layer; valid keys are ${KEYS[kind].join(', ')}`);
  }
  return kind;
}

function positiveInt(where: string, key: string, v: unknown, optional = false): void {
  if (optional && v === undefined) return;
  if (!Number.isInteger(v) || (v as number) < 1) throw new Error(`${where}.${key}: expected a positive integer, got ${JSON.stringify(v)}`);
}

/** Checks one layer's keys and values (not yet whether it fits the layer before it) and returns its kind. */
export function checkLayer(where: string, l: unknown): keyof typeof KEYS {
  const kind = kindOf(where, l);
  const layer = l as Record<string, unknown>;
  if (layer.activation !== undefined && !activationNames.includes(layer.activation as ActivationName)) {
    throw new Error(`${where}.activation: unknown activation ${JSON.stringify(layer.activation)}; valid activations are ${activationNames.join(', ')}`);
  }
  if (kind === 'dense') positiveInt(where, 'dense', layer.dense);
  else if (kind === 'conv') {
    positiveInt(where, 'conv', layer.conv);
    positiveInt(where, 'kernel', layer.kernel);
    positiveInt(where, 'stride', layer.stride, true);
    const p = layer.padding;
    if (p !== undefined && p !== 'valid' && p !== 'same' && !(Number.isInteger(p) && (p as number) >= 0)) {
      throw new Error(`${where}.padding: expected 'valid', 'same' or a whole number of pixels >= 0, got ${JSON.stringify(p)}`);
    }
  } else {
    if (layer.pool !== 'max' && layer.pool !== 'avg') throw new Error(`${where}.pool: expected 'max' or 'avg', got ${JSON.stringify(layer.pool)}`);
    positiveInt(where, 'size', layer.size);
    positiveInt(where, 'stride', layer.stride, true);
  }
  return kind;
}

/** Checks a list of layers without a task (keys, values; not shapes). */
export function checkLayers(where: string, layers: unknown): void {
  if (!Array.isArray(layers)) throw new Error(`${where}: expected a list of layers such as [{conv: 32, kernel: 3}, {pool: 'max', size: 2}, {dense: 64}], got ${JSON.stringify(layers)}`);
  layers.forEach((l, i) => checkLayer(`${where}[${i}]`, l));
}

/**
 * The shapes and sizes of every population of the stack, input and output included, or an error naming the
 * layer (its index and how the spec wrote it), the layer before it and the two shapes that do not fit.
 */
export function planLayers(spec: Omit<LayerStackSpec, 'init' | 'bias'> & { bias?: boolean }, where = 'network'): PlannedLayer[] {
  const { layers, inputSize } = spec;
  if (!Array.isArray(layers)) throw new Error(`${where}.layers: expected a list of layers, got ${JSON.stringify(layers)}`);
  const inputShape = spec.inputShape ?? null;
  if (inputShape && inputShape.channels * inputShape.height * inputShape.width !== inputSize) {
    throw new Error(`${where}: the task's input shape ${shapeText(inputShape, 0)} does not hold its ${inputSize} inputs`);
  }
  const bias = spec.bias ?? true;
  const plan: PlannedLayer[] = [{ name: 'input', spec: { output: inputSize }, shape: inputShape, size: inputSize, parameters: 0, activation: 'linear' }];
  const counts = { conv: 0, pool: 0, dense: 0 };
  layers.forEach((l, i) => {
    const at = `${where}.layers[${i}]`;
    const kind = checkLayer(at, l);
    const prev = plan[plan.length - 1];
    const after = i === 0 ? `the task's input (${shapeText(prev.shape, prev.size)})` : `${describe(i - 1, layers[i - 1])} (output ${shapeText(prev.shape, prev.size)})`;
    const layer = l as Record<string, unknown>;
    const activation = (layer.activation ?? spec.activation) as ActivationName;
    if (kind === 'dense') {
      const n = layer.dense as number;
      plan.push({ name: `fc${++counts.dense}`, spec: l, shape: null, size: n, parameters: prev.size * n + (bias ? n : 0), activation });
      return;
    }
    if (!prev.shape) throw new Error(`${where}.${describe(i, l)} needs feature maps (channels × height × width), but ${after} is a vector; put conv and pool layers before dense ones${i === 0 ? ', on a task with image inputs' : ''}`);
    try {
      if (kind === 'conv') {
        const g = convGeometry(prev.shape, layer.conv as number, layer.kernel as number, (layer.stride as number | undefined) ?? 1, (layer.padding as Padding | undefined) ?? 'valid');
        const o = g.output, taps = g.kernel * g.kernel;
        plan.push({ name: `conv${++counts.conv}`, spec: l, shape: o, size: o.channels * o.height * o.width, parameters: o.channels * (g.input.channels * taps + (bias ? 1 : 0)), activation });
      } else {
        const g = poolGeometry(prev.shape, layer.size as number, (layer.stride as number | undefined) ?? (layer.size as number));
        const o = g.output;
        plan.push({ name: `pool${++counts.pool}`, spec: l, shape: o, size: o.channels * o.height * o.width, parameters: 0, activation: 'linear' });
      }
    } catch (e) {
      throw new Error(`${where}.${describe(i, l)} cannot follow ${after}: ${(e as Error).message.replace(/^(conv2d|pooling): /, '')}`);
    }
  });
  const top = plan[plan.length - 1];
  plan.push({ name: 'output', spec: { output: spec.outputSize }, shape: null, size: spec.outputSize, parameters: top.size * spec.outputSize + (bias ? spec.outputSize : 0), activation: spec.output });
  return plan;
}

/** Builds the planned stack (not initialised: call `initialise(streams)`). */
export function layerNetwork(spec: LayerStackSpec, where = 'network'): Network {
  const plan = planLayers(spec, where);
  const net = new Network();
  let prev = net.addPopulation('input', spec.inputSize, { kind: 'input' }, spec.inputShape ?? null);
  const bias = spec.bias ?? true;
  for (const layer of plan.slice(1)) {
    const l = layer.spec as Record<string, unknown>;
    if ('conv' in l) {
      prev = net.addConv2d(prev, layer.name, { filters: l.conv as number, kernel: l.kernel as number, stride: l.stride as number | undefined, padding: l.padding as Padding | undefined, activation: layer.activation, init: spec.init, bias });
    } else if ('pool' in l) {
      prev = net.addPool(prev, layer.name, { op: l.pool as 'max' | 'avg', size: l.size as number, stride: l.stride as number | undefined });
    } else {
      const pop = net.addPopulation(layer.name, layer.size, { kind: 'rate', activation: layer.activation });
      net.connect(prev, pop, { init: spec.init, bias });
      prev = pop;
    }
  }
  return net;
}

/** A one-line picture of a stack for messages and reports: "1×28×28 → conv1 32×26×26 → pool1 32×13×13 → fc1 64 → output 10". */
export function describeStack(plan: readonly Pick<PlannedLayer, 'name' | 'shape' | 'size'>[]): string {
  return plan.map((l, i) => (i === 0 ? shapeText(l.shape, l.size).replace('a vector of ', '') : `${l.name} ${l.shape ? shapeText(l.shape, l.size) : l.size}`)).join(' → ');
}
