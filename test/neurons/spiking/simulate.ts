import type { PreparedModel, SpikingState } from '../../../src/neurons/spiking/model.js';
import { spikeTime } from '../../../src/sim/spike-time.js';

/**
 * One neuron's spike times (ms, stamped as the simulator stamps them: spikeTime(k, dt) = k·dt, the start of
 * the step k that reported the spike; see src/sim/spike-time.ts) and its v after every step (v[k] is the
 * state at the end of step k, time (k + 1)·dt).
 */
export interface Trace {
  spikes: number[];
  v: Float64Array;
}

/**
 * Runs `steps` steps of a single neuron from `state` (created fresh unless given), calling `before(k, state)`
 * ahead of step k (0-based) so tests can inject synaptic input as a projection would. A spike reported by
 * step k is stamped spikeTime(k, dt), as SpikeMonitor stamps it.
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
    if (prepared.step(state, 1, k * dt, spikesBuf) > 0) spikes.push(spikeTime(k, dt));
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
