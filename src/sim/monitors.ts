import type { Population } from '../graph/population.js';
import { spikeTime } from './spike-time.js';

/** What the simulator hands a monitor after each step. */
export interface StepView {
  readonly step: number;
  readonly t: number;
  readonly dt: number;
  spikesOf(pop: Population): { indices: Int32Array; count: number };
  stateOf(pop: Population): Record<string, Float64Array> | undefined;
}

/**
 * Records during a run. Memory is stated on each class: fixed at construction, except SpikeMonitor, whose
 * storage grows (geometrically, up to a fixed maximum) with what the run produces. Reading never changes it.
 */
export interface Monitor {
  readonly population: Population;
  record(view: StepView): void;
  /** Forgets everything recorded. */
  reset(): void;
}

/**
 * Every spike of a population as (neuron index, time; times follow src/sim/spike-time.ts: the start of the
 * step). Memory: 8 bytes per spike stored. Storage starts at `initialCapacity` spikes (default 65,536 or
 * `capacity` if smaller) and doubles when full, up to `capacity` (default 10⁶ spikes, 8 MB), so a monitor
 * costs what its run produces, not what it might: a CUBA run that records tens of thousands of spikes holds
 * well under a megabyte under a 20-million-spike maximum. Spikes beyond `capacity` are not stored and are
 * counted in `dropped` (so `count + dropped` is every spike the population emitted since the last reset).
 * Growing allocates inside a step, about log₂(capacity / initialCapacity) times per run at most; pass an
 * `initialCapacity` equal to `capacity` for a monitor that never allocates after construction.
 */
export class SpikeMonitor implements Monitor {
  private idx: Int32Array;
  private stepOf: Int32Array;
  private n = 0;
  private dt = 0;
  /** Spikes emitted after `capacity` were reached (not stored). */
  dropped = 0;

  constructor(readonly population: Population, readonly capacity = 1_000_000, initialCapacity = Math.min(capacity, 65_536)) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`spike monitor of "${population.name}": capacity must be a positive integer (spikes), got ${capacity}`);
    if (!Number.isInteger(initialCapacity) || initialCapacity < 1 || initialCapacity > capacity) {
      throw new RangeError(`spike monitor of "${population.name}": initialCapacity must be an integer from 1 to capacity (${capacity}), got ${initialCapacity}`);
    }
    this.idx = new Int32Array(initialCapacity);
    this.stepOf = new Int32Array(initialCapacity);
  }

  /** Spikes the monitor can store before it next grows (at most `capacity`). */
  get allocated(): number {
    return this.idx.length;
  }

  /** Doubles the storage (or more, to fit `needed`), never beyond `capacity`. */
  private grow(needed: number): void {
    const size = Math.min(this.capacity, Math.max(needed, 2 * this.idx.length));
    const idx = new Int32Array(size), stepOf = new Int32Array(size);
    idx.set(this.idx.subarray(0, this.n));
    stepOf.set(this.stepOf.subarray(0, this.n));
    this.idx = idx;
    this.stepOf = stepOf;
  }

  record(v: StepView): void {
    this.dt = v.dt;
    const { indices, count } = v.spikesOf(this.population);
    if (this.n + count > this.idx.length && this.idx.length < this.capacity) this.grow(this.n + count);
    const room = this.idx.length, idx = this.idx, stepOf = this.stepOf;
    for (let s = 0; s < count; s++) {
      if (this.n < room) {
        idx[this.n] = indices[s];
        stepOf[this.n++] = v.step;
      } else this.dropped++;
    }
  }

  get count(): number {
    return this.n;
  }

  /** Neuron index of each recorded spike (a copy). */
  indices(): Int32Array {
    return this.idx.slice(0, this.n);
  }

  /** Time of each recorded spike in ms: spikeTime(step, dt), the start of the step in which it was emitted. */
  times(): Float64Array {
    const out = new Float64Array(this.n);
    for (let k = 0; k < this.n; k++) out[k] = spikeTime(this.stepOf[k], this.dt);
    return out;
  }

  /** Spike count of every neuron. */
  countsPerNeuron(): Int32Array {
    const c = new Int32Array(this.population.size);
    for (let k = 0; k < this.n; k++) c[this.idx[k]]++;
    return c;
  }

  /** Spike times of every neuron, each list in increasing order. */
  trains(): Float64Array[] {
    const counts = this.countsPerNeuron();
    const out = Array.from(counts, (c) => new Float64Array(c));
    const fill = new Int32Array(this.population.size);
    for (let k = 0; k < this.n; k++) out[this.idx[k]][fill[this.idx[k]]++] = spikeTime(this.stepOf[k], this.dt);
    return out;
  }

  reset(): void {
    this.n = 0;
    this.dropped = 0;
  }
}

/**
 * Chosen state variables of chosen neurons every `every` steps. Memory: 8 bytes × variables ×
 * neurons × capacity samples (default capacity 100,000 samples).
 */
export class StateMonitor implements Monitor {
  private readonly data: Float64Array;
  private readonly sampleSteps: Int32Array;
  private n = 0;
  private dt = 0;

  constructor(
    readonly population: Population,
    readonly variables: readonly string[],
    readonly neurons: readonly number[],
    readonly every = 1,
    readonly capacity = 100_000,
  ) {
    for (const i of neurons) if (!Number.isInteger(i) || i < 0 || i >= population.size) throw new RangeError(`state monitor: neuron ${i} outside "${population.name}" (size ${population.size})`);
    if (!Number.isInteger(every) || every < 1) throw new RangeError(`state monitor: every must be a positive integer, got ${every}`);
    this.data = new Float64Array(capacity * variables.length * neurons.length);
    this.sampleSteps = new Int32Array(capacity);
  }

  record(v: StepView): void {
    this.dt = v.dt;
    if (v.step % this.every !== 0 || this.n >= this.capacity) return;
    const state = v.stateOf(this.population);
    if (!state) throw new Error(`state monitor: population "${this.population.name}" has no state variables`);
    let o = this.n * this.variables.length * this.neurons.length;
    for (const name of this.variables) {
      const arr = state[name];
      if (!arr) throw new Error(`state monitor: "${this.population.name}" has no variable "${name}"; it has ${Object.keys(state).join(', ')}`);
      for (const i of this.neurons) this.data[o++] = arr[i];
    }
    this.sampleSteps[this.n++] = v.step;
  }

  get samples(): number {
    return this.n;
  }

  /** Sample times in ms (end-of-step state: recorded after the step that starts at this time). */
  times(): Float64Array {
    return Float64Array.from(this.sampleSteps.subarray(0, this.n), (s) => s * this.dt);
  }

  /** Trace of one variable of the k-th monitored neuron (a copy). */
  trace(variable: string, k = 0): Float64Array {
    const vi = this.variables.indexOf(variable);
    if (vi < 0) throw new Error(`state monitor: "${variable}" is not monitored; monitored variables are ${this.variables.join(', ')}`);
    const stride = this.variables.length * this.neurons.length;
    const out = new Float64Array(this.n);
    for (let s = 0; s < this.n; s++) out[s] = this.data[s * stride + vi * this.neurons.length + k];
    return out;
  }

  reset(): void {
    this.n = 0;
  }
}

/** Spike count of the whole population per step. Memory: 4 bytes × capacity steps (default 10⁶ = 100 s at 0.1 ms). */
export class PopulationRateMonitor implements Monitor {
  private readonly counts: Uint32Array;
  private n = 0;
  private dt = 0;

  constructor(readonly population: Population, readonly capacity = 1_000_000) {
    this.counts = new Uint32Array(capacity);
  }

  record(v: StepView): void {
    this.dt = v.dt;
    if (this.n < this.capacity) this.counts[this.n++] = v.spikesOf(this.population).count;
  }

  /** Population rate in Hz, averaged in bins of `binMs` (default: one step). */
  rates(binMs?: number): { t: Float64Array; hz: Float64Array } {
    const per = Math.max(1, Math.round((binMs ?? this.dt) / this.dt));
    const bins = Math.floor(this.n / per);
    const t = new Float64Array(bins), hz = new Float64Array(bins);
    for (let b = 0; b < bins; b++) {
      let c = 0;
      for (let s = b * per; s < (b + 1) * per; s++) c += this.counts[s];
      t[b] = b * per * this.dt;
      hz[b] = (c / this.population.size / (per * this.dt)) * 1000;
    }
    return { t, hz };
  }

  reset(): void {
    this.n = 0;
  }
}

/**
 * Spikes per neuron since the last reset(): the response of each neuron to one stimulus presentation, as
 * rate-coded readouts and label assignment need it. Memory: 4 bytes per neuron.
 */
export class SpikeCountMonitor implements Monitor {
  readonly counts: Int32Array;
  total = 0;

  constructor(readonly population: Population) {
    this.counts = new Int32Array(population.size);
  }

  record(v: StepView): void {
    const { indices, count } = v.spikesOf(this.population);
    for (let s = 0; s < count; s++) this.counts[indices[s]]++;
    this.total += count;
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
  }
}
