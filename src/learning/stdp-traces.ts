/**
 * Pieces shared by the trace-based spike-timing rules (rules/stdp.ts, rules/triplet-stdp.ts,
 * rules/reward-stdp.ts): spike traces that decay exactly, the index of the synapses arriving at each
 * postsynaptic neuron, and option checks with messages that name the rule and the option.
 *
 * A trace is a low-pass filter of a neuron's spike train, τ dx/dt = −x, x jumping at each spike. Between
 * spikes it is a pure exponential, so a factor exp(−dt/τ) per step is exact (no integration error; only
 * floating-point rounding).
 */
import type { SynapseGroup } from '../graph/synapses.js';
import type { ClockSimulator } from '../sim/clock.js';
import { exp } from '../kernels/math.js';
import { allocF64, allocI32 } from '../kernels/backend.js';

/**
 * One trace per neuron of a population. `nearest` selects what a spike does: all-to-all pairing adds 1
 * (every earlier spike keeps contributing), nearest-spike pairing sets the trace to 1 (only the most recent
 * spike counts; Morrison, Diesmann & Gerstner 2008, Biol. Cybern. 98:459, "nearest-spike" scheme).
 *
 * Every trace of a population decays by the same factor each step, so the decay is kept as one shared
 * factor instead of being applied to every neuron: the trace of neuron i is stored[i] · factor, a step
 * multiplies `factor` by exp(−dt/τ) (O(1) instead of O(n)), and a spike writes 1/factor-scaled values. When
 * the factor gets small the stored values are rescaled and it returns to 1. Inner loops read `stored` and
 * `factor`; `values` gives the plain trace values (rescaling first, O(n) only when the factor is not 1).
 * The result equals multiplying every value by exp(−dt/τ) each step up to floating-point rounding.
 */
export class SpikeTrace {
  /** exp(−dt/τ): the factor applied once per step. */
  readonly decay: number;
  private readonly raw: Float64Array;
  private scale = 1;

  constructor(size: number, readonly tau: number, dt: number, readonly nearest = false) {
    this.raw = allocF64(size); // in the WebAssembly heap on that path: the STDP kernels read it in place
    this.decay = exp(-dt / tau);
  }

  /** The trace values (a live array, valid until the next step or spike). */
  get values(): Float64Array {
    this.normalise();
    return this.raw;
  }

  /** Stored values: the trace of neuron i is stored[i] · factor. */
  get stored(): Float64Array {
    return this.raw;
  }

  get factor(): number {
    return this.scale;
  }

  /** One step of exponential decay for every neuron. */
  decayStep(): void {
    this.scale *= this.decay;
    // Far from under- or overflow (stored values grow like 1/factor), but rescale well before either.
    if (this.scale < 1e-100) this.normalise();
  }

  /** Records a spike of neuron i. */
  bump(i: number): void {
    if (this.nearest) this.raw[i] = 1 / this.scale;
    else this.raw[i] += 1 / this.scale;
  }

  reset(): void {
    this.raw.fill(0);
    this.scale = 1;
  }

  private normalise(): void {
    if (this.scale === 1) return;
    const v = this.raw, s = this.scale;
    for (let i = 0; i < v.length; i++) v[i] *= s;
    this.scale = 1;
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
  const synapse = allocI32(group.count), pre = allocI32(group.count);
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
