import type { Population } from './population.js';

/**
 * Spiking synapses from `pre` to `post`, stored as CSR by presynaptic neuron: the synapses leaving
 * neuron i are k = rowStart[i] .. rowStart[i+1]−1, each with a postsynaptic index, a weight and a delay.
 * A presynaptic spike adds `weight[k]` to the state variable `target` (e.g. "ge") of neuron
 * `postIndex[k]`, `delay[k]` ms later (rounded to whole time steps by the simulator).
 * Dense (all-to-all) connectivity is the special case with every pair present. Memory: 16 bytes per
 * synapse plus 4 per presynaptic neuron.
 */
export class SynapseGroup {
  readonly name: string;
  readonly pre: Population;
  readonly post: Population;
  readonly target: string;
  readonly rowStart: Int32Array;
  readonly postIndex: Int32Array;
  readonly weight: Float64Array;
  /** Per-synapse delay in ms. */
  readonly delay: Float64Array;
  /** Weights as built, so reset() can restore them after plasticity. */
  readonly initialWeight: Float64Array;
  readonly index: number;

  constructor(name: string, pre: Population, post: Population, target: string, rowStart: Int32Array, postIndex: Int32Array, weight: Float64Array, delay: Float64Array, index: number) {
    if (rowStart.length !== pre.size + 1) throw new Error(`synapses "${name}": rowStart needs ${pre.size + 1} entries, got ${rowStart.length}`);
    const n = postIndex.length;
    if (weight.length !== n || delay.length !== n || rowStart[pre.size] !== n) {
      throw new Error(`synapses "${name}": ${n} postsynaptic indices but ${weight.length} weights, ${delay.length} delays and rowStart ending at ${rowStart[pre.size]}`);
    }
    for (let k = 0; k < n; k++) {
      if (postIndex[k] < 0 || postIndex[k] >= post.size) throw new RangeError(`synapses "${name}": postsynaptic index ${postIndex[k]} outside population "${post.name}" of size ${post.size}`);
      if (!(delay[k] >= 0) || !Number.isFinite(delay[k])) throw new RangeError(`synapses "${name}": delay ${delay[k]} ms must be finite and >= 0`);
    }
    this.name = name;
    this.pre = pre;
    this.post = post;
    this.target = target;
    this.rowStart = rowStart;
    this.postIndex = postIndex;
    this.weight = weight;
    this.delay = delay;
    this.initialWeight = weight.slice();
    this.index = index;
  }

  get count(): number {
    return this.postIndex.length;
  }

  /** Synapses per postsynaptic neuron (in-degree), e.g. to check a fixed in-degree or p·N_pre. */
  inDegrees(): Int32Array {
    const d = new Int32Array(this.post.size);
    for (let k = 0; k < this.postIndex.length; k++) d[this.postIndex[k]]++;
    return d;
  }
}
