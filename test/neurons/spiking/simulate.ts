import type { PreparedModel, SpikingState } from '../../../src/neurons/spiking/model.js';

/** One neuron's spike times (ms, end of the step in which it spiked) and, optionally, its v after every step. */
export interface Trace {
  spikes: number[];
  v: Float64Array;
}

/**
 * Runs `steps` steps of a single neuron from `state` (created fresh unless given), calling `before(k, state)`
 * ahead of step k (0-based) so tests can inject synaptic input as a projection would. Spike times are
 * (k + 1)·dt, the end of the step that reported the spike.
 */
export function simulate(
  prepared: PreparedModel,
  dt: number,
  steps: number,
  before?: (k: number, state: SpikingState) => void,
  state: SpikingState = prepared.createState(1),
): Trace & { state: SpikingState } {
  const spikesBuf = new Int32Array(1);
  const spikes: number[] = [];
  const v = new Float64Array(steps);
  for (let k = 0; k < steps; k++) {
    before?.(k, state);
    if (prepared.step(state, 1, k * dt, spikesBuf) > 0) spikes.push((k + 1) * dt);
    v[k] = state.v[0];
  }
  return { spikes, v, state };
}

/** Inter-spike intervals of a sorted list of spike times. */
export function intervals(times: readonly number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]);
}

export function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}
