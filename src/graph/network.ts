import type { RandomStream } from '../random/stream.js';
import type { RandomStreams } from '../random/streams.js';
import { getActivation } from '../neurons/activations.js';
import { type InitSpec, validateInit } from './initialisers.js';
import { type NeuronModel, Population } from './population.js';
import { Projection } from './projection.js';
import type { ActivationName } from '../neurons/activations.js';
import { type Padding, type Shape, convGeometry } from '../kernels/conv.js';
import { poolGeometry } from '../kernels/pool.js';
import { type ConnectivitySpec, buildWiring } from './connectivity.js';
import { SynapseGroup } from './synapses.js';

/** The populations of a layered (feedforward) network in an order where every projection points forward. */
export interface LayeredTopology {
  /** All populations, inputs first, each after every population that projects to it. */
  readonly order: readonly Population[];
  readonly inputs: readonly Population[];
  /** The one population with no outgoing projections; the loss applies to it. */
  readonly output: Population;
  /** Projections into each population, indexed by population index. */
  readonly incoming: readonly (readonly Projection[])[];
  /** Projections out of each population, indexed by population index. */
  readonly outgoing: readonly (readonly Projection[])[];
}

/** A weight or delay for every synapse: one value, or drawn uniformly from [low, high) (or normally) per synapse. */
export type SynapseValue = number | { kind: 'uniform'; low: number; high: number } | { kind: 'normal'; mean: number; std: number };

export interface SynapseOptions {
  connectivity: ConnectivitySpec;
  /** Weight added to the target variable per presynaptic spike (in that variable's units, e.g. mV for CUBA's ge). */
  weight: SynapseValue;
  /** Postsynaptic state variable the spikes add to, e.g. "ge" (excitatory) or "gi" (inhibitory). */
  target: string;
  /** Transmission delay in ms (default 0: the spike acts from the next time step, as in Brian2). */
  delay?: SynapseValue;
  name?: string;
}

export interface ConnectOptions {
  name?: string;
  init?: InitSpec;
  /** Whether the projection carries a bias onto the postsynaptic population (default true). */
  bias?: boolean;
}

/** Trained parameters by projection name; plain arrays so it serialises to JSON exactly. */
export type WeightSnapshot = Record<string, { weights: number[]; bias: number[] | null }>;

export interface NetworkJSON {
  format: 'plasticity-network';
  version: 1;
  populations: { name: string; size: number; model: NeuronModel }[];
  projections: { name: string; pre: string; post: string; init: InitSpec; weights: number[]; bias: number[] | null }[];
}

/** Populations joined by projections. Validates itself before it is simulated. */
export class Network {
  readonly populations: Population[] = [];
  readonly projections: Projection[] = [];
  /** Spiking connections (CSR, with delays), driven by the clock-driven simulator. */
  readonly synapses: SynapseGroup[] = [];
  private topologyCache: LayeredTopology | null = null;

  addPopulation(name: string, size: number, model: NeuronModel, shape: Shape | null = null): Population {
    if (this.populations.some((p) => p.name === name)) throw new Error(`network: a population named "${name}" already exists`);
    if (model.kind === 'rate') getActivation(model.activation, `population "${name}"`);
    const p = new Population(name, size, model, this.populations.length, shape);
    this.populations.push(p);
    this.topologyCache = null;
    return p;
  }

  connect(pre: Population | string, post: Population | string, options: ConnectOptions = {}): Projection {
    const from = typeof pre === 'string' ? this.population(pre) : pre;
    const to = typeof post === 'string' ? this.population(post) : post;
    if (this.populations[from.index] !== from || this.populations[to.index] !== to) {
      throw new Error(`network.connect: population "${from.name}" or "${to.name}" belongs to another network`);
    }
    if (to.isInput) throw new Error(`network.connect: "${to.name}" is an input population and cannot receive a projection (from "${from.name}")`);
    const name = options.name ?? `${from.name}->${to.name}`;
    if (this.projections.some((p) => p.name === name)) throw new Error(`network.connect: a projection named "${name}" already exists`);
    const init = validateInit(options.init ?? 'fan-in-uniform', `projection "${name}"`);
    const proj = new Projection(name, from, to, init, options.bias ?? true, this.projections.length);
    this.projections.push(proj);
    this.topologyCache = null;
    return proj;
  }

  /**
   * A convolutional layer: a new rate population `name` of `filters` feature maps, driven by a k×k conv2d
   * projection (stride, 'valid' or 'same' padding, a bias per filter) from the image-shaped population `pre`.
   */
  addConv2d(pre: Population | string, name: string, o: { filters: number; kernel: number; stride?: number; padding?: Padding; activation: ActivationName; init?: InitSpec; bias?: boolean }): Population {
    const from = typeof pre === 'string' ? this.population(pre) : pre;
    if (!from.shape) throw new Error(`conv2d "${name}": population "${from.name}" has no channels×height×width shape (it is a vector of ${from.size}); a convolution needs an image-shaped input`);
    let g;
    try {
      g = convGeometry(from.shape, o.filters, o.kernel, o.stride ?? 1, o.padding ?? 'valid');
    } catch (e) {
      throw new Error(`conv2d "${name}" on "${from.name}" (${from.shape.channels}×${from.shape.height}×${from.shape.width}): ${(e as Error).message.replace(/^conv2d: /, '')}`);
    }
    const out = g.output, to = this.addPopulation(name, out.channels * out.height * out.width, { kind: 'rate', activation: o.activation }, out);
    return this.addShapedProjection(from, to, { kind: 'conv2d', geometry: g }, o.init, o.bias ?? true);
  }

  /** A pooling layer: a new population `name` holding the max or mean of each size×size window of `pre`'s maps. */
  addPool(pre: Population | string, name: string, o: { op: 'max' | 'avg'; size: number; stride?: number }): Population {
    const from = typeof pre === 'string' ? this.population(pre) : pre;
    if (!from.shape) throw new Error(`pool "${name}": population "${from.name}" has no channels×height×width shape (it is a vector of ${from.size}); pooling needs feature maps`);
    let g;
    try {
      g = poolGeometry(from.shape, o.size, o.stride ?? o.size);
    } catch (e) {
      throw new Error(`pool "${name}" on "${from.name}" (${from.shape.channels}×${from.shape.height}×${from.shape.width}): ${(e as Error).message.replace(/^pooling: /, '')}`);
    }
    const out = g.output, to = this.addPopulation(name, out.channels * out.height * out.width, { kind: 'rate', activation: 'linear' }, out);
    return this.addShapedProjection(from, to, { kind: 'pool', op: o.op, geometry: g }, undefined, false);
  }

  private addShapedProjection(from: Population, to: Population, kind: ConstructorParameters<typeof Projection>[6], init: InitSpec | undefined, bias: boolean): Population {
    const name = `${from.name}->${to.name}`;
    const proj = new Projection(name, from, to, validateInit(init ?? 'fan-in-uniform', `projection "${name}"`), bias, this.projections.length, kind);
    this.projections.push(proj);
    this.topologyCache = null;
    return to;
  }

  /**
   * Connects two spiking populations (or a spike source to a spiking population) with sparse synapses.
   * Wiring draws from the stream "connect/<name>", weights from "weights/<name>", delays from
   * "delays/<name>", so each is reproducible on its own.
   */
  connectSpiking(pre: Population | string, post: Population | string, options: SynapseOptions, streams: RandomStreams): SynapseGroup {
    const from = typeof pre === 'string' ? this.population(pre) : pre;
    const to = typeof post === 'string' ? this.population(post) : post;
    const name = options.name ?? `${from.name}->${to.name}`;
    if (!from.isSpiking) throw new Error(`synapses "${name}": presynaptic population "${from.name}" does not spike (it is ${from.model.kind})`);
    if (to.model.kind !== 'spiking') throw new Error(`synapses "${name}": postsynaptic population "${to.name}" must be a spiking population, it is ${to.model.kind}`);
    if (this.synapses.some((s) => s.name === name) || this.projections.some((p) => p.name === name)) throw new Error(`network: a connection named "${name}" already exists`);
    const wiring = buildWiring(options.connectivity, from.size, to.size, from === to, streams.stream(`connect/${name}`), `synapses "${name}"`);
    const n = wiring.postIndex.length;
    const weight = drawValues(options.weight, n, () => streams.stream(`weights/${name}`), `synapses "${name}".weight`);
    const delay = drawValues(options.delay ?? 0, n, () => streams.stream(`delays/${name}`), `synapses "${name}".delay`);
    const group = new SynapseGroup(name, from, to, options.target, wiring.rowStart, wiring.postIndex, weight, delay, this.synapses.length);
    this.synapses.push(group);
    return group;
  }

  population(name: string): Population {
    const p = this.populations.find((q) => q.name === name);
    if (!p) throw new Error(`network: no population named "${name}"; populations are ${this.populations.map((q) => q.name).join(', ') || '(none)'}`);
    return p;
  }

  projection(name: string): Projection {
    const p = this.projections.find((q) => q.name === name);
    if (!p) throw new Error(`network: no projection named "${name}"; projections are ${this.projections.map((q) => q.name).join(', ') || '(none)'}`);
    return p;
  }

  /** Draws every projection's initial weights from its own stream. */
  initialise(streams: RandomStreams): this {
    for (const p of this.projections) p.initialise(streams);
    return this;
  }

  /**
   * Checks the network is a layered feedforward graph and returns its topology: at least one input,
   * every non-input population reachable and driven, exactly one output (a population nothing leaves),
   * and no cycle. Each violation is an error that names the populations involved.
   */
  layered(): LayeredTopology {
    if (this.topologyCache) return this.topologyCache;
    const n = this.populations.length;
    const incoming: Projection[][] = this.populations.map(() => []);
    const outgoing: Projection[][] = this.populations.map(() => []);
    for (const proj of this.projections) {
      incoming[proj.post.index].push(proj);
      outgoing[proj.pre.index].push(proj);
    }
    const inputs = this.populations.filter((p) => p.isInput);
    if (inputs.length === 0) throw new Error('network: no input population (add one with model {kind: "input"})');
    const undriven = this.populations.filter((p) => !p.isInput && incoming[p.index].length === 0);
    if (undriven.length) throw new Error(`network: population(s) ${names(undriven)} receive no projection; connect them or remove them`);
    const unusedInputs = inputs.filter((p) => outgoing[p.index].length === 0);
    if (unusedInputs.length) throw new Error(`network: input population(s) ${names(unusedInputs)} project nowhere`);
    const sinks = this.populations.filter((p) => outgoing[p.index].length === 0);
    if (sinks.length !== 1) {
      throw new Error(`network: a layered network needs exactly one output population (one that projects nowhere); found ${sinks.length}: ${names(sinks)}`);
    }

    // Kahn's algorithm; whatever cannot be ordered lies on or behind a cycle.
    const indegree = incoming.map((list) => list.length);
    const order: Population[] = [];
    const ready = inputs.slice();
    while (ready.length) {
      const p = ready.shift()!;
      order.push(p);
      for (const proj of outgoing[p.index]) {
        if (--indegree[proj.post.index] === 0) ready.push(proj.post);
      }
    }
    if (order.length !== n) {
      const stuck = this.populations.filter((p) => !order.includes(p));
      throw new Error(`network: projections form a cycle through ${describeCycle(stuck, outgoing)}; layered learning needs a DAG from inputs to the output`);
    }
    for (const proj of this.projections) {
      if (proj.post.model.kind !== 'rate') throw new Error(`projection "${proj.name}": target "${proj.post.name}" is not a rate population`);
    }
    this.topologyCache = { order, inputs, output: sinks[0], incoming, outgoing };
    return this.topologyCache;
  }

  getWeights(): WeightSnapshot {
    const out: WeightSnapshot = {};
    for (const p of this.projections) {
      out[p.name] = { weights: Array.from(p.weights.data), bias: p.bias ? Array.from(p.bias) : null };
    }
    return out;
  }

  /** Loads parameters by projection name; every projection must be present with matching sizes. */
  setWeights(snapshot: WeightSnapshot): this {
    const known = new Set(this.projections.map((p) => p.name));
    for (const key of Object.keys(snapshot)) {
      if (!known.has(key)) throw new Error(`setWeights: snapshot has projection "${key}", which this network lacks (it has ${[...known].join(', ')})`);
    }
    for (const p of this.projections) {
      const entry = snapshot[p.name];
      if (!entry) throw new Error(`setWeights: snapshot lacks projection "${p.name}"`);
      const expected = p.weights.rows * p.weights.cols;
      if (entry.weights.length !== expected) {
        throw new Error(`setWeights: projection "${p.name}" needs ${expected} weights (${p.weights.rows}×${p.weights.cols}), snapshot has ${entry.weights.length}`);
      }
      if ((entry.bias === null) !== (p.bias === null) || (entry.bias && entry.bias.length !== p.bias?.length)) {
        throw new Error(`setWeights: projection "${p.name}" needs ${p.bias ? `${p.bias?.length} bias values` : 'no bias'}, snapshot has ${entry.bias ? entry.bias.length : 'none'}`);
      }
      p.weights.data.set(entry.weights);
      if (p.bias && entry.bias) p.bias.set(entry.bias);
    }
    return this;
  }

  toJSON(): NetworkJSON {
    const weights = this.getWeights();
    return {
      format: 'plasticity-network',
      version: 1,
      populations: this.populations.map((p) => ({ name: p.name, size: p.size, model: p.model })),
      projections: this.projections.map((p) => ({ name: p.name, pre: p.pre.name, post: p.post.name, init: p.init, ...weights[p.name] })),
    };
  }

  static fromJSON(json: NetworkJSON): Network {
    if (json?.format !== 'plasticity-network') throw new Error('Network.fromJSON: not a plasticity network (format field missing or wrong)');
    const net = new Network();
    for (const p of json.populations) net.addPopulation(p.name, p.size, p.model);
    const snapshot: WeightSnapshot = {};
    for (const p of json.projections) {
      net.connect(p.pre, p.post, { name: p.name, init: p.init, bias: p.bias !== null });
      snapshot[p.name] = { weights: p.weights, bias: p.bias };
    }
    return net.setWeights(snapshot);
  }
}

function drawValues(v: SynapseValue, n: number, stream: () => RandomStream, where: string): Float64Array {
  const out = new Float64Array(n);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`${where}: expected a finite number, got ${v}`);
    return out.fill(v);
  }
  if (v?.kind === 'uniform' && v.low <= v.high) return stream().fillUniform(out, v.low, v.high);
  if (v?.kind === 'normal' && v.std >= 0) return stream().fillNormal(out, v.mean, v.std);
  throw new Error(`${where}: expected a number, {kind: 'uniform', low, high} or {kind: 'normal', mean, std}, got ${JSON.stringify(v)}`);
}

function names(pops: readonly Population[]): string {
  return pops.map((p) => `"${p.name}"`).join(', ');
}

/** Walks forward from a stuck population until a name repeats, giving a readable "a -> b -> a". */
function describeCycle(stuck: Population[], outgoing: Projection[][]): string {
  const inStuck = new Set(stuck);
  let p = stuck[0];
  const path: Population[] = [];
  while (!path.includes(p)) {
    path.push(p);
    const next = outgoing[p.index].find((proj) => inStuck.has(proj.post));
    if (!next) break;
    p = next.post;
  }
  const start = path.indexOf(p);
  const cycle = start >= 0 ? [...path.slice(start), p] : path;
  return cycle.map((q) => q.name).join(' -> ');
}
