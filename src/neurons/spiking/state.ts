import type { SpikingState } from './model.js';
import { allocF64 } from '../../kernels/backend.js';

/**
 * Allocation and in-place reset of a model's struct-of-arrays state, shared by the spiking models so that
 * `createState` and `resetState` are the same code path: a reset state is, bit for bit, a fresh one.
 *
 * `initial` gives the resting value of each variable, in the model's variable order; a variable whose
 * resting value differs per model parameter (e.g. Izhikevich's u = b·v) is computed by the model in
 * `prepare` and passed here as a number, so there is nothing per-neuron to recompute.
 */

export function allocState(variables: readonly string[], initial: readonly number[], n: number): SpikingState {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`createState: n must be a non-negative integer, got ${n}`);
  const state: SpikingState = {};
  for (let k = 0; k < variables.length; k++) state[variables[k]] = allocF64(n).fill(initial[k]);
  return state;
}

export function fillState(model: string, variables: readonly string[], initial: readonly number[], state: SpikingState): void {
  for (let k = 0; k < variables.length; k++) {
    const arr = state[variables[k]];
    if (!(arr instanceof Float64Array)) {
      throw new TypeError(`${model}.resetState: state has no Float64Array "${variables[k]}"; the model's variables are ${variables.join(', ')}`);
    }
    arr.fill(initial[k]);
  }
}
