import { log } from '../kernels/math.js';
import type { RandomStream } from '../random/stream.js';

/**
 * Input encoders: a static input vector (an image's pixels in [0, 1]) becomes a sequence of spikes over
 * `steps` steps of dt ms, written step-major into a SequenceBatch's inputs (inputs[(t−1)·B·I + b·I + i]).
 *   rate      Poisson rate coding: at each step input i spikes with probability x_i · maxRate · dt / 1000
 *             (capped at 1), drawn from the run's stream (named by the caller: "encode/<split>").
 *   latency   time-to-first-spike: one spike at t = τ · ln(x / (x − ϑ)) ms for x > ϑ, none otherwise
 *             (Zenke & Vogels 2021's latency code): bright pixels fire first. Deterministic.
 */
export type EncoderSpec = { kind: 'rate'; maxRate?: number } | { kind: 'latency'; tau?: number; threshold?: number };

export const ENCODER_DEFAULTS = { maxRate: 100, tau: 20, threshold: 0.2 } as const;

export function validateEncoder(spec: unknown, where = 'encoder'): EncoderSpec {
  const s = spec as Record<string, unknown> | null;
  if (!s || typeof s !== 'object') throw new Error(`${where}: expected {kind: 'rate', maxRate?} or {kind: 'latency', tau?, threshold?}, got ${JSON.stringify(spec)}`);
  const allowed = s.kind === 'rate' ? ['kind', 'maxRate'] : s.kind === 'latency' ? ['kind', 'tau', 'threshold'] : null;
  if (!allowed) throw new Error(`${where}.kind: expected "rate" (Poisson spikes) or "latency" (time to first spike), got ${JSON.stringify(s.kind)}`);
  for (const k of Object.keys(s)) if (!allowed.includes(k)) throw new Error(`${where}: unknown option "${k}" for a ${s.kind} encoder; valid options are ${allowed.join(', ')}`);
  const positive = (k: string) => {
    if (s[k] === undefined) return;
    if (typeof s[k] !== 'number' || !Number.isFinite(s[k]) || (s[k] as number) <= 0) throw new Error(`${where}.${k}: expected a finite number > 0, got ${JSON.stringify(s[k])}`);
  };
  allowed.slice(1).forEach(positive);
  if (s.kind === 'latency' && typeof s.threshold === 'number' && s.threshold >= 1) throw new Error(`${where}.threshold: expected a value below 1 (inputs are in [0, 1]; no input above it would spike), got ${s.threshold}`);
  return s as EncoderSpec;
}

/**
 * Encodes examples `rows` of `data` (n × I, row-major) into `out` (steps × rows.length × I).
 * `stream` is drawn from only by the rate code.
 */
export function encode(spec: EncoderSpec, data: Float64Array, I: number, rows: ArrayLike<number>, steps: number, dt: number, stream: RandomStream, out: Float64Array): void {
  const B = rows.length;
  if (out.length !== steps * B * I) throw new RangeError(`encode: expected an output of ${steps} × ${B} × ${I} values, got ${out.length}`);
  out.fill(0);
  if (spec.kind === 'rate') {
    const scale = ((spec.maxRate ?? ENCODER_DEFAULTS.maxRate) * dt) / 1000;
    // Step by step, then example by example: the stream's order is fixed by (t, b, i), whatever the batch holds.
    for (let t = 0; t < steps; t++) {
      for (let b = 0; b < B; b++) {
        const src = rows[b] * I, dst = (t * B + b) * I;
        for (let i = 0; i < I; i++) {
          const p = data[src + i] * scale;
          if (p > 0 && stream.uniform() < p) out[dst + i] = 1;
        }
      }
    }
    return;
  }
  const tau = spec.tau ?? ENCODER_DEFAULTS.tau, thr = spec.threshold ?? ENCODER_DEFAULTS.threshold;
  for (let b = 0; b < B; b++) {
    const src = rows[b] * I;
    for (let i = 0; i < I; i++) {
      const x = data[src + i];
      if (!(x > thr)) continue;
      const step = Math.floor((tau * log(x / (x - thr))) / dt); // 0-based: the first step is t = dt
      if (step < steps) out[(step * B + b) * I + i] = 1;
    }
  }
}
