/**
 * Weight normalisation (Diehl & Cook 2015, and any model that keeps each neuron's total input fixed): every
 * postsynaptic neuron's incoming weights are rescaled so that they sum to `target`; a neuron whose weights sum
 * to zero or less has them set to zero. The loop here is the readable reference; when the arrays live in the
 * WebAssembly heap the same loops run in the module (src/kernels/wasm/assembly/synapses.ts), same bits.
 */
import { HeapKernels } from '../kernels/heap-kernels.js';

const fast = HeapKernels.get();

/** weight[k] of a synapse onto postIndex[k]; `sums` is scratch with one slot per postsynaptic neuron. */
export function normaliseByPost(weight: Float64Array, postIndex: Int32Array, sums: Float64Array, target: number): void {
  if (fast && fast.holds4(weight, postIndex, sums, sums)) {
    fast.kernels.normaliseByPost(weight.byteOffset, postIndex.byteOffset, weight.length, sums.byteOffset, sums.length, target);
    return;
  }
  sums.fill(0);
  for (let k = 0; k < weight.length; k++) sums[postIndex[k]] += weight[k];
  for (let j = 0; j < sums.length; j++) sums[j] = sums[j] > 0 ? target / sums[j] : 0;
  for (let k = 0; k < weight.length; k++) weight[k] *= sums[postIndex[k]];
}
