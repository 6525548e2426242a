import type { Population } from './population.js';
import { allocF64, allocI32, wasm } from '../kernels/backend.js';

/**
 * The array itself on the JavaScript path, a copy in the WebAssembly heap on the WebAssembly path (spike
 * propagation and STDP read the CSR arrays and weights there in place).
 */
function inHeap<T extends Int32Array | Float64Array>(a: T, alloc: (n: number) => T): T {
  if (!wasm()) return a;
  const h = alloc(a.length);
  h.set(a);
  return h;
}

/**
 * Spiking synapses from `pre` to `post`, stored as CSR by presynaptic neuron: the synapses leaving
 * neuron i are k = rowStart[i] .. rowStart[i+1]−1, each with a postsynaptic index, a weight and a delay.
 * A presynaptic spike adds `weight[k]` to the state variable `target` (e.g. "ge") of neuron
 * `postIndex[k]`, `delay[k]` ms later (rounded to whole time steps by the simulator).
 * Dense (all-to-all) connectivity is the special case with every pair present. Memory: 16 bytes per
 * synapse plus 4 per presynaptic neuron. rowStart, postIndex and weight are copies in the WebAssembly heap when
 * that kernel path is on (src/kernels/backend.ts), so the module reads them in place; read them from the group.
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
    this.rowStart = inHeap(rowStart, allocI32);
    this.postIndex = inHeap(postIndex, allocI32);
    this.weight = inHeap(weight, allocF64);
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
