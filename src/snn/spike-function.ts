import { exp } from '../kernels/math.js';

/**
 * The spike non-linearity of a trainable spiking layer and its pseudo-derivative.
 *
 * A neuron spikes when its membrane v crosses its threshold A (ϑ for LIF, ϑ + β·a for ALIF). With the distance
 * measured in thresholds, u = (v − A) / ϑ, the forward pass is z = H(u) (a spike, 0 or 1), whose derivative is
 * zero almost everywhere; gradient rules use in its place a pseudo-derivative ψ = ∂z/∂v chosen by name
 * (Neftci, Mostafa & Zenke 2019), with a height γ and a width w:
 *   triangle       ψ = (γ/ϑ) · max(0, 1 − |u|/w)         Bellec et al. 2020 (γ = 0.3, w = 1)
 *   fast-sigmoid   ψ = (γ/ϑ) / (1 + |u|/w)²               SuperSpike, Zenke & Ganguli 2018 (γ = 1, w = 0.1)
 *   exponential    ψ = (γ/ϑ) · exp(−|u|/w)                as in SLAYER, Shrestha & Orchard 2018 (γ = 0.3, w = 0.5)
 * The `sigmoid` spike function is smooth in the forward pass too, z = σ(u/w), and ψ is then its exact
 * derivative σ'(u/w) / (w·ϑ): a network whose gradient finite differences can check.
 */
export const SURROGATE_NAMES = ['triangle', 'fast-sigmoid', 'exponential'] as const;
export type SurrogateName = (typeof SURROGATE_NAMES)[number];

export type SpikeFunctionSpec =
  | { kind: 'heaviside'; surrogate: SurrogateName; height?: number; width?: number }
  | { kind: 'sigmoid'; width?: number };

/** Each surrogate's published height and width, used where the spec leaves them out. */
export const SURROGATE_DEFAULTS: Readonly<Record<SurrogateName, { height: number; width: number }>> = {
  triangle: { height: 0.3, width: 1 },
  'fast-sigmoid': { height: 1, width: 0.1 },
  exponential: { height: 0.3, width: 0.5 },
};

/** Kind codes for the inner loops (no string compare per neuron and step). */
export const SpikeCode = { Triangle: 0, FastSigmoid: 1, Exponential: 2, Sigmoid: 3 } as const;
export type SpikeCode = (typeof SpikeCode)[keyof typeof SpikeCode];

export interface SpikeFunction {
  readonly spec: Readonly<SpikeFunctionSpec>;
  readonly code: SpikeCode;
  readonly height: number;
  readonly width: number;
}

export function validateSpikeFunction(spec: unknown, where: string): SpikeFunction {
  const s = spec as Record<string, unknown> | null;
  if (!s || typeof s !== 'object') throw new Error(`${where}: expected {kind: 'heaviside', surrogate: 'triangle' | 'fast-sigmoid' | 'exponential'} or {kind: 'sigmoid'}, got ${JSON.stringify(spec)}`);
  const allowed = s.kind === 'heaviside' ? ['kind', 'surrogate', 'height', 'width'] : s.kind === 'sigmoid' ? ['kind', 'width'] : null;
  if (!allowed) throw new Error(`${where}.kind: expected "heaviside" (spikes, with a surrogate derivative) or "sigmoid" (smooth, exact derivative), got ${JSON.stringify(s.kind)}`);
  for (const k of Object.keys(s)) if (!allowed.includes(k)) throw new Error(`${where}: unknown option "${k}" for a ${s.kind} spike function; valid options are ${allowed.join(', ')}`);
  const positive = (k: string, fallback: number): number => {
    const v = s[k] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new Error(`${where}.${k}: expected a finite number > 0, got ${JSON.stringify(s[k])}`);
    return v;
  };
  if (s.kind === 'sigmoid') return { spec: { kind: 'sigmoid', width: positive('width', 0.1) }, code: SpikeCode.Sigmoid, height: 1, width: positive('width', 0.1) };
  const name = s.surrogate as SurrogateName;
  if (!SURROGATE_NAMES.includes(name)) throw new Error(`${where}.surrogate: unknown surrogate ${JSON.stringify(s.surrogate)}; valid surrogates are ${SURROGATE_NAMES.join(', ')}`);
  const d = SURROGATE_DEFAULTS[name];
  const height = positive('height', d.height), width = positive('width', d.width);
  const code = name === 'triangle' ? SpikeCode.Triangle : name === 'fast-sigmoid' ? SpikeCode.FastSigmoid : SpikeCode.Exponential;
  return { spec: { kind: 'heaviside', surrogate: name, height, width }, code, height, width };
}

/** z for u = (v − A)/ϑ. */
export function spikeOf(f: SpikeFunction, u: number): number {
  if (f.code === SpikeCode.Sigmoid) return 1 / (1 + exp(-u / f.width));
  return u >= 0 ? 1 : 0;
}

/** ψ = ∂z/∂v for u = (v − A)/ϑ and threshold ϑ (the pseudo-derivative, or the sigmoid's exact one). */
export function pseudoDerivative(f: SpikeFunction, u: number, threshold: number): number {
  const r = (u < 0 ? -u : u) / f.width;
  switch (f.code) {
    case SpikeCode.Triangle:
      return r < 1 ? (f.height * (1 - r)) / threshold : 0;
    case SpikeCode.FastSigmoid:
      return f.height / ((1 + r) * (1 + r) * threshold);
    case SpikeCode.Exponential:
      return (f.height * exp(-r)) / threshold;
    default: {
      const s = 1 / (1 + exp(-u / f.width));
      return (s * (1 - s)) / (f.width * threshold);
    }
  }
}
