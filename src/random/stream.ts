import seedrandom from 'seedrandom';
import { cos, exp, log, sin } from '../kernels/math.js';

/** The generator behind every stream; recorded in run manifests so a reader knows what produced the numbers. */
export const RNG_ALGORITHM = 'seedrandom.xor4096 (Brent xorgens, 4096-bit state), seed "<master>/<stream name>"';

/**
 * One named sequence of random numbers. A stream is consumed by exactly one part of a run
 * (one projection's initialisation, the minibatch shuffler, one Poisson source...), so that
 * adding a new consumer elsewhere never shifts the numbers this one sees.
 */
export class RandomStream {
  readonly name: string;
  private readonly prng: seedrandom.PRNG;
  /** Box-Muller yields normals in pairs; the second is kept for the next call. */
  private spareNormal = 0;
  private hasSpare = false;

  constructor(seedText: string, name: string) {
    this.name = name;
    this.prng = seedrandom.xor4096(seedText);
  }

  /** Uniform double in [lo, hi), 53 bits of resolution. */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.prng.double();
  }

  /** Integer uniformly drawn from [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`RandomStream(${this.name}).int: n must be a positive integer, got ${n}`);
    return Math.floor(this.prng.double() * n);
  }

  /** Gaussian by the Box-Muller transform. */
  normal(mean = 0, std = 1): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return mean + std * this.spareNormal;
    }
    let u = 0;
    while (u === 0) u = this.prng.double(); // log(0) guard
    const v = this.prng.double();
    const r = Math.sqrt(-2 * log(u));
    const theta = 2 * Math.PI * v;
    this.spareNormal = r * sin(theta);
    this.hasSpare = true;
    return mean + std * r * cos(theta);
  }

  bernoulli(p: number): boolean {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`RandomStream(${this.name}).bernoulli: p must lie in [0, 1], got ${p}`);
    return this.prng.double() < p;
  }

  /** Exponential with the given rate (mean 1/rate). */
  exponential(rate = 1): number {
    if (!(rate > 0)) throw new RangeError(`RandomStream(${this.name}).exponential: rate must be > 0, got ${rate}`);
    let u = 0;
    while (u === 0) u = this.prng.double();
    return -log(u) / rate;
  }

  /**
   * Poisson-distributed count with mean lambda. Small means use Knuth's product of uniforms;
   * means of 30 and above use Hormann's PTRS transformed rejection (1993), which is exact and O(1).
   */
  poisson(lambda: number): number {
    if (!(lambda >= 0) || !Number.isFinite(lambda)) {
      throw new RangeError(`RandomStream(${this.name}).poisson: lambda must be finite and >= 0, got ${lambda}`);
    }
    if (lambda === 0) return 0;
    if (lambda < 30) {
      const limit = exp(-lambda);
      let k = 0;
      let p = this.prng.double();
      while (p > limit) {
        k++;
        p *= this.prng.double();
      }
      return k;
    }
    const slam = Math.sqrt(lambda);
    const loglam = log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.prng.double() - 0.5;
      const v = this.prng.double();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (log(v) + log(invalpha) - log(a / (us * us) + b) <= -lambda + k * loglam - logFactorial(k)) return k;
    }
  }

  /** Fisher-Yates shuffle in place; returns the same array. */
  shuffle<T extends { length: number; [i: number]: any }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.prng.double() * (i + 1));
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** One element drawn uniformly from a non-empty list. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError(`RandomStream(${this.name}).choice: cannot choose from an empty list`);
    return items[this.int(items.length)];
  }

  /** k distinct indices from [0, n), in random order (partial Fisher-Yates). */
  sampleWithoutReplacement(n: number, k: number): Int32Array {
    if (!(k >= 0 && k <= n)) throw new RangeError(`RandomStream(${this.name}).sampleWithoutReplacement: need 0 <= k <= n, got k=${k}, n=${n}`);
    const pool = new Int32Array(n);
    for (let i = 0; i < n; i++) pool[i] = i;
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(this.prng.double() * (n - i));
      const t = pool[i];
      pool[i] = pool[j];
      pool[j] = t;
    }
    return pool.slice(0, k);
  }

  fillUniform(out: Float64Array, lo = 0, hi = 1): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = lo + (hi - lo) * this.prng.double();
    return out;
  }

  fillNormal(out: Float64Array, mean = 0, std = 1): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.normal(mean, std);
    return out;
  }
}

const logFactorialTable: number[] = [0];
function logFactorial(k: number): number {
  if (k < 256) {
    for (let i = logFactorialTable.length; i <= k; i++) logFactorialTable[i] = logFactorialTable[i - 1] + log(i);
    return logFactorialTable[k];
  }
  // Stirling series; error below 1e-10 for k >= 256.
  return (k + 0.5) * log(k) - k + 0.5 * log(2 * Math.PI) + 1 / (12 * k) - 1 / (360 * k * k * k);
}
