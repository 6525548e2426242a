import type { RandomStream } from '../random/stream.js';
import { allocF64 } from '../kernels/backend.js';
import { HeapKernels } from '../kernels/heap-kernels.js';

/** Something that emits spikes each step without being driven by synapses. */
export interface SpikeSource {
  /** Writes the indices that spike in [t, t + dt) into `spikes` (increasing) and returns how many. */
  step(t: number, dt: number, spikes: Int32Array): number;
  /** Back to the start (time 0); random sources continue their stream, so a rerun draws fresh spikes. */
  reset(): void;
}

/**
 * Independent Poisson processes, one per neuron, at `rate[i]` Hz.
 *
 * Each neuron keeps the time of its next spike, drawn as exponential inter-spike intervals (mean
 * 1000/rate ms), so a step costs one comparison per neuron instead of one random draw per neuron: the
 * spike times are those of an exact Poisson process. At most one spike per neuron is emitted per step
 * (intervals that fall in the same step merge), so the emitted count per step is Bernoulli with
 * p = 1 − exp(−rate·dt), as a per-step draw with that p would give; for rate·dt ≪ 1 this is rate·dt.
 * Changing a rate redraws that neuron's next spike from the current time, which is exact because the
 * exponential distribution is memoryless.
 */
export class PoissonSource implements SpikeSource {
  readonly rate: Float64Array;
  private readonly next: Float64Array;
  private now = 0;
  /** The test next[i] < end runs in the WebAssembly module when this is set (its heap holds `next`). */
  private readonly fast = HeapKernels.get();
  private readonly at = this.fast?.binding();
  /** The module's lower bound of next[] per block of 8 neurons (poissonDue in src/kernels/wasm/assembly/synapses.ts). */
  private readonly lower: Float64Array;

  constructor(readonly size: number, rate: number | readonly number[], private readonly stream: RandomStream) {
    this.rate = new Float64Array(size);
    this.next = allocF64(size);
    this.lower = allocF64(Math.ceil(size / 8));
    this.setRates(rate);
  }

  /** Sets rates (Hz) from now on: one number for all neurons or one per neuron. */
  setRates(rate: number | ArrayLike<number>): void {
    if (typeof rate === 'number') this.rate.fill(rate);
    else {
      if (rate.length !== this.size) throw new RangeError(`Poisson source: ${rate.length} rates for ${this.size} neurons`);
      this.rate.set(rate);
    }
    for (let i = 0; i < this.size; i++) {
      const r = this.rate[i];
      if (!(r >= 0) || !Number.isFinite(r)) throw new RangeError(`Poisson source: rate of neuron ${i} must be finite and >= 0 Hz, got ${r}`);
      this.next[i] = r > 0 ? this.now + this.stream.exponential(r / 1000) : Infinity;
    }
    this.lower.fill(-Infinity); // next[] changed: every block is swept (and its bound refreshed) next step
  }

  step(t: number, dt: number, spikes: Int32Array): number {
    const end = t + dt, next = this.next, fast = this.fast;
    const at = this.at;
    if (at && at.bind(next, this.lower, spikes, next, next)) {
      // Which neurons fire, found in the module; then their next spikes drawn as below, in the same order.
      const count = fast!.kernels.poissonDue(at.o0, at.o1, this.size, end, at.o2);
      for (let s = 0; s < count; s++) this.drawNext(spikes[s], end);
      this.now = end;
      return count;
    }
    let count = 0;
    for (let i = 0; i < this.size; i++) {
      if (next[i] < end) {
        spikes[count++] = i;
        this.drawNext(i, end);
      }
    }
    this.now = end;
    return count;
  }

  /** Neuron i fired in this step: its next spike time, the first after `end` (one step holds one spike at most). */
  private drawNext(i: number, end: number): void {
    const perMs = this.rate[i] / 1000;
    let x = this.next[i];
    do x += this.stream.exponential(perMs);
    while (x < end);
    this.next[i] = x;
  }

  reset(): void {
    this.now = 0;
    this.setRates(this.rate);
  }
}

/** Replays explicit spikes: neuron `indices[k]` fires at `times[k]` ms (in the step containing that time). */
export class SpikeGeneratorSource implements SpikeSource {
  private readonly order: Int32Array;
  private cursor = 0;

  constructor(readonly size: number, private readonly indices: readonly number[], private readonly times: readonly number[]) {
    if (indices.length !== times.length) throw new Error(`spike generator: ${indices.length} indices but ${times.length} times`);
    indices.forEach((i, k) => {
      if (!Number.isInteger(i) || i < 0 || i >= size) throw new RangeError(`spike generator: index ${i} (entry ${k}) outside 0..${size - 1}`);
      if (!(times[k] >= 0) || !Number.isFinite(times[k])) throw new RangeError(`spike generator: time ${times[k]} ms (entry ${k}) must be finite and >= 0`);
    });
    this.order = Int32Array.from(indices.keys()).sort((a, b) => times[a] - times[b] || indices[a] - indices[b]);
  }

  step(t: number, dt: number, spikes: Int32Array): number {
    const end = t + dt;
    let count = 0;
    // A neuron listed twice within one step fires once (a step holds at most one spike per neuron).
    while (this.cursor < this.order.length && this.times[this.order[this.cursor]] < end) {
      const i = this.indices[this.order[this.cursor++]];
      if (count === 0 || spikes[count - 1] !== i) spikes[count++] = i;
    }
    if (count > 1) insertionSort(spikes, count);
    return dedupeSorted(spikes, count);
  }

  reset(): void {
    this.cursor = 0;
  }
}

/** In place and allocation-free; a step's spikes from a generator are few and nearly sorted. */
function insertionSort(a: Int32Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

function dedupeSorted(a: Int32Array, n: number): number {
  let w = 0;
  for (let r = 0; r < n; r++) if (w === 0 || a[w - 1] !== a[r]) a[w++] = a[r];
  return w;
}

/**
 * Rate coding of an input vector: value x ∈ [0, 1] becomes a Poisson rate x · maxRateHz (e.g. an MNIST
 * image with pixels in [0, 1] and maxRateHz 63.75 gives Diehl & Cook's pixel/4 Hz encoding). Writes into
 * `out` when given (no allocation), for use with ClockSimulator.setRates between presentations.
 */
export function rateEncode(values: ArrayLike<number>, maxRateHz: number, out: Float64Array = new Float64Array(values.length)): Float64Array {
  if (!(maxRateHz >= 0) || !Number.isFinite(maxRateHz)) throw new RangeError(`rateEncode: maxRateHz must be finite and >= 0, got ${maxRateHz}`);
  if (out.length !== values.length) throw new RangeError(`rateEncode: output has ${out.length} entries for ${values.length} values`);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!(x >= 0 && x <= 1)) throw new RangeError(`rateEncode: value ${i} is ${x}; expected a number in [0, 1]`);
    out[i] = x * maxRateHz;
  }
  return out;
}
