/**
 * The per-synapse updates of pair STDP (rules/stdp.ts), the loops a pre- or postsynaptic spike runs over its
 * synapses. These are the readable reference; when the weights, indices and traces live in the WebAssembly
 * heap (src/kernels/backend.ts) and a row is long enough to pay for the call, the same loop runs in the
 * module (src/kernels/wasm/assembly/synapses.ts: stdpPre, stdpPost), with the same bits.
 *
 * Traces are SpikeTrace's stored values with their shared factor (src/learning/stdp-traces.ts): the trace
 * of neuron i is stored[i] · factor.
 */
import { HeapKernels } from '../kernels/heap-kernels.js';

const fast = HeapKernels.get();
/** The arrays' offsets, cached: a spike's row is short and the getters would cost as much as the update. */
const preArrays = fast?.binding(), postArrays = fast?.binding();

/**
 * Rows shorter than this run in JavaScript: a call into the module costs about as much as a few
 * synapses' updates (Song 2000's presynaptic rows hold one synapse each, its postsynaptic row 1000).
 */
export const STDP_WASM_MIN_ROW = 8;

/**
 * A presynaptic spike: each synapse k = from … to − 1 (onto neuron postOf[k]) is depressed by the
 * postsynaptic trace y_j, w_k ← w_k − A−·y_j (additive) or w_k − A−·(w_k − wMin)·y_j (soft bounds), then
 * clipped at wMin; a synapse whose trace is exactly 0 is left as it is.
 */
export function depressOnPre(w: Float64Array, postOf: Int32Array, y: Float64Array, yf: number, from: number, to: number, aMinus: number, wMin: number, soft: boolean): void {
  if (fast && to - from >= STDP_WASM_MIN_ROW && preArrays!.bind(w, postOf, y, y, y)) {
    fast.kernels.stdpPre(preArrays!.o0, preArrays!.o1, preArrays!.o2, yf, from, to, aMinus, wMin, soft);
    return;
  }
  for (let k = from; k < to; k++) {
    const yj = y[postOf[k]] * yf;
    if (yj === 0) continue;
    const wk = soft ? w[k] - aMinus * (w[k] - wMin) * yj : w[k] - aMinus * yj;
    w[k] = wk < wMin ? wMin : wk;
  }
}

/**
 * A postsynaptic spike: each synapse arriving at it, k = synapse[q] from neuron preOf[q] for q = from … to − 1
 * of the post index, is potentiated by the presynaptic trace x_i, w_k ← w_k + A+·x_i (additive) or
 * w_k + A+·(wMax − w_k)·x_i (soft bounds), then clipped at wMax; a zero trace leaves it as it is.
 */
export function potentiateOnPost(w: Float64Array, synapse: Int32Array, preOf: Int32Array, x: Float64Array, xf: number, from: number, to: number, aPlus: number, wMax: number, soft: boolean): void {
  if (fast && to - from >= STDP_WASM_MIN_ROW && postArrays!.bind(w, synapse, preOf, x, x)) {
    fast.kernels.stdpPost(postArrays!.o0, postArrays!.o1, postArrays!.o2, postArrays!.o3, xf, from, to, aPlus, wMax, soft);
    return;
  }
  for (let q = from; q < to; q++) {
    const xi = x[preOf[q]] * xf;
    if (xi === 0) continue;
    const k = synapse[q];
    const wk = soft ? w[k] + aPlus * (wMax - w[k]) * xi : w[k] + aPlus * xi;
    w[k] = wk > wMax ? wMax : wk;
  }
}
