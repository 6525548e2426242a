import { expm1 } from '../../kernels/math.js';
/**
 * Parameter tables and checks shared by the spiking models.
 *
 * Each model describes its parameters once, in a table (default, unit, allowed range, one-line meaning), so
 * that its `defaults`, its error messages and its header comment cannot drift apart. `prepare` runs
 * `resolveParams` before precomputing anything: a typo such as `taum` for `tauM`, a NaN from a sweep, or a
 * negative time constant is reported by name instead of silently producing a neuron that never fires.
 */

/** Which values a parameter may take. */
export type ParamRange = 'any' | 'positive' | 'nonNegative';

export interface ParamSpec {
  readonly value: number;
  readonly unit: string;
  readonly range: ParamRange;
  /** Short meaning, used in error messages. */
  readonly about: string;
}

export type ParamTable<P extends Record<string, number>> = { readonly [K in keyof P]: ParamSpec };

/** The frozen defaults of a table (frozen because every prepared model of that kind shares the object). */
export function defaultsOf<P extends Record<string, number>>(table: ParamTable<P>): P {
  const out: Record<string, number> = {};
  for (const key of Object.keys(table)) out[key] = table[key as keyof P].value;
  return Object.freeze(out) as P;
}

/** Throws the uniform error for parameter `name` of `model`. */
export function paramError(model: string, name: string, expected: string, got: unknown): never {
  throw new RangeError(`${model}: parameter "${name}" ${expected}, got ${String(got)}`);
}

/**
 * Returns the full, checked parameter set: keys missing from `params` take their default (so
 * `prepare({ ...defaults, I: 5 })` and `prepare({ I: 5 } as P)` agree), unknown keys and non-finite or
 * out-of-range values throw an error naming the parameter, its unit and the expected range.
 */
export function resolveParams<P extends Record<string, number>>(model: string, table: ParamTable<P>, params: Partial<P> | undefined): P {
  const names = Object.keys(table);
  const out: Record<string, number> = {};
  if (params !== undefined && (typeof params !== 'object' || params === null)) {
    throw new TypeError(`${model}: parameters must be an object of numbers, got ${String(params)}`);
  }
  for (const key of Object.keys(params ?? {})) {
    if (!Object.prototype.hasOwnProperty.call(table, key)) throw new RangeError(`${model}: unknown parameter "${key}"; valid parameters are ${names.join(', ')}`);
  }
  for (const key of names) {
    const spec = table[key as keyof P];
    const given = params?.[key as keyof P];
    const value = given === undefined ? spec.value : given;
    const what = `(${spec.about}, ${spec.unit})`;
    if (typeof value !== 'number' || !Number.isFinite(value)) paramError(model, key, `${what} must be a finite number`, value);
    if (spec.range === 'positive' && !(value > 0)) paramError(model, key, `${what} must be > 0`, value);
    if (spec.range === 'nonNegative' && !(value >= 0)) paramError(model, key, `${what} must be >= 0`, value);
    out[key] = value;
  }
  return out as P;
}

/** The time step must be a positive finite number of ms; every model's `prepare` checks it first. */
export function checkDt(model: string, dt: number): void {
  if (typeof dt !== 'number' || !Number.isFinite(dt) || !(dt > 0)) {
    throw new RangeError(`${model}: time step dt must be a positive finite number of ms, got ${String(dt)}`);
  }
}

/**
 * Step-argument check, a few comparisons per call (not per neuron): a typed array silently drops writes past
 * its end, so a too-short `spikes` buffer or an `n` larger than the state would lose spikes without a sound.
 */
export function checkStepArgs(model: string, v: Float64Array | undefined, n: number, spikes: Int32Array): void {
  if (v === undefined || n > v.length || spikes.length < n || !(n >= 0)) {
    throw new RangeError(
      `${model}.step: need 0 <= n <= state length and spikes.length >= n; got n = ${n}, state length = ${v?.length}, spikes.length = ${spikes.length}`,
    );
  }
}

/**
 * Mean of an exponentially decaying variable over one step, as a fraction of its start value:
 * (1/dt)·∫₀^dt e^{−s/τ} ds = (τ/dt)·(1 − e^{−dt/τ}). Models that feed a decaying synaptic variable into the
 * membrane equation with a step-wise frozen value use this mean, so that a spike of weight w delivers exactly
 * the charge w·τ whatever dt is (the start value would deliver w·(τ + dt/2 + …)).
 */
export function stepMean(tau: number, dt: number): number {
  const x = dt / tau;
  return -expm1(-x) / x;
}
