/**
 * Pieces shared by the trace-based spike-timing rules (rules/stdp.ts, rules/triplet-stdp.ts,
 * rules/reward-stdp.ts): spike traces that decay exactly, the index of the synapses arriving at each
 * postsynaptic neuron, and option checks with messages that name the rule and the option.
 *
 * A trace is a low-pass filter of a neuron's spike train, τ dx/dt = −x, x jumping at each spike. Between
 * spikes it is a pure exponential, so multiplying by exp(−dt/τ) once per step is exact (no integration
 * error; only floating-point rounding, about one ulp per step).
 */
import type { SynapseGroup } from '../graph/synapses.js';
import type { ClockSimulator } from '../sim/clock.js';

/**
 * One trace per neuron of a population. `nearest` selects what a spike does: all-to-all pairing adds 1
 * (every earlier spike keeps contributing), nearest-spike pairing sets the trace to 1 (only the most recent
 * spike counts; Morrison, Diesmann & Gerstner 2008, Biol. Cybern. 98:459, "nearest-spike" scheme).
 */
export class SpikeTrace {
  readonly values: Float64Array;
  /** exp(−dt/τ): the factor applied once per step. */
  readonly decay: number;

  constructor(size: number, readonly tau: number, dt: number, readonly nearest = false) {
    this.values = new Float64Array(size);
    this.decay = Math.exp(-dt / tau);
  }

  /** One step of exponential decay for every neuron. */
  decayStep(): void {
    const v = this.values, d = this.decay;
    for (let i = 0; i < v.length; i++) v[i] *= d;
  }

  /** Records a spike of neuron i. */
  bump(i: number): void {
    if (this.nearest) this.values[i] = 1;
    else this.values[i] += 1;
  }

  reset(): void {
    this.values.fill(0);
  }
}

/**
 * CSR of a synapse group by postsynaptic neuron: the synapses arriving at neuron j are
 * synapse[q] for q = start[j] .. start[j+1]−1, with presynaptic neuron pre[q]. A group stores its
 * synapses by presynaptic neuron (what spike propagation needs); a postsynaptic spike needs this
 * transposed view, built once when a rule is attached. Memory: 8 bytes per synapse + 4 per post neuron.
 */
export interface PostIndex {
  readonly start: Int32Array;
  readonly synapse: Int32Array;
  readonly pre: Int32Array;
}

export function buildPostIndex(group: SynapseGroup): PostIndex {
  const nPost = group.post.size, nPre = group.pre.size;
  const { rowStart, postIndex } = group;
  const start = new Int32Array(nPost + 1);
  for (let k = 0; k < group.count; k++) start[postIndex[k] + 1]++;
  for (let j = 0; j < nPost; j++) start[j + 1] += start[j];
  const fill = start.slice(0, nPost);
  const synapse = new Int32Array(group.count), pre = new Int32Array(group.count);
  // Walking presynaptic rows in order leaves each postsynaptic list sorted by presynaptic index.
  for (let i = 0; i < nPre; i++) {
    for (let k = rowStart[i]; k < rowStart[i + 1]; k++) {
      const q = fill[postIndex[k]]++;
      synapse[q] = k;
      pre[q] = i;
    }
  }
  return { start, synapse, pre };
}

/** The rule's decay factors were computed for setup.dt; a simulator with another dt would silently mis-time them. */
export function checkSimulatorDt(rule: string, expected: number, sim: ClockSimulator): void {
  if (sim.dt !== expected) throw new Error(`rule "${rule}": created for dt = ${expected} ms but run by a simulator with dt = ${sim.dt} ms`);
}

export function requirePositive(rule: string, name: string, value: number, unit = ''): void {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`rule "${rule}": option "${name}" must be a finite number > 0${unit ? ` ${unit}` : ''}, got ${value}`);
}

export function requireNonNegative(rule: string, name: string, value: number): void {
  if (!(value >= 0) || !Number.isFinite(value)) throw new RangeError(`rule "${rule}": option "${name}" must be a finite number >= 0, got ${value}`);
}

export function requireChoice<T extends string>(rule: string, name: string, value: unknown, choices: readonly T[]): T {
  if (!choices.includes(value as T)) throw new Error(`rule "${rule}": option "${name}" must be ${choices.map((c) => `"${c}"`).join(' or ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

/**
 * Bounds must be ordered, and every plastic weight must start inside them: soft bounds assume it (a weight
 * above wMax would be pushed further up by depression), and hard bounds would otherwise snap it on its first
 * update, which looks like plasticity but is not.
 */
export function requireWeightsWithin(rule: string, groups: readonly SynapseGroup[], wMin: number, wMax: number): void {
  if (!Number.isFinite(wMin) || !Number.isFinite(wMax) || !(wMin < wMax)) throw new RangeError(`rule "${rule}": options wMin and wMax must be finite with wMin < wMax, got [${wMin}, ${wMax}]`);
  for (const g of groups) {
    const w = g.weight;
    for (let k = 0; k < w.length; k++) {
      if (!(w[k] >= wMin && w[k] <= wMax)) throw new RangeError(`rule "${rule}": synapses "${g.name}" weight ${k} is ${w[k]}, outside the bounds [${wMin}, ${wMax}]`);
    }
  }
}
