import type { RandomStream } from '../random/stream.js';

/**
 * How a projection's initial weights are drawn (fan_in = presynaptic size, fan_out = postsynaptic size):
 * - 'fan-in-uniform': U(−1/√fan_in, 1/√fan_in) (LeCun-style; PyTorch's Linear default)
 * - 'glorot-uniform': U(−√(6/(fan_in+fan_out)), +…) (Glorot & Bengio 2010)
 * - 'glorot-normal':  N(0, 2/(fan_in+fan_out))
 * - 'he-normal':      N(0, 2/fan_in) (He et al. 2015, for ReLU)
 * - 'he-uniform':     U(−√(6/fan_in), +…)
 * - { kind: 'normal', mean?, std }     fixed Gaussian
 * - { kind: 'uniform', low, high }     fixed interval
 * - { kind: 'constant', value }
 */
export type InitName = 'fan-in-uniform' | 'glorot-uniform' | 'glorot-normal' | 'he-normal' | 'he-uniform';
export type InitSpec =
  | InitName
  | { kind: 'normal'; mean?: number; std: number }
  | { kind: 'uniform'; low: number; high: number }
  | { kind: 'constant'; value: number };

export const initNames: readonly InitName[] = ['fan-in-uniform', 'glorot-uniform', 'glorot-normal', 'he-normal', 'he-uniform'];

export function describeInit(spec: InitSpec): string {
  return typeof spec === 'string' ? spec : JSON.stringify(spec);
}

/** Checks a spec and throws an error naming `where` and listing the valid forms. */
export function validateInit(spec: unknown, where: string): InitSpec {
  if (typeof spec === 'string') {
    if ((initNames as readonly string[]).includes(spec)) return spec as InitSpec;
  } else if (spec && typeof spec === 'object') {
    const s = spec as Record<string, unknown>;
    const num = (k: string) => typeof s[k] === 'number' && Number.isFinite(s[k]);
    if (s.kind === 'normal' && num('std') && (s.mean === undefined || num('mean'))) return spec as InitSpec;
    if (s.kind === 'uniform' && num('low') && num('high') && (s.low as number) <= (s.high as number)) return spec as InitSpec;
    if (s.kind === 'constant' && num('value')) return spec as InitSpec;
  }
  throw new Error(
    `${where}: invalid initialiser ${JSON.stringify(spec)}; expected one of ${initNames.join(', ')}, ` +
      `{kind:'normal', std, mean?}, {kind:'uniform', low, high} or {kind:'constant', value}`,
  );
}

export function initialiseWeights(out: Float64Array, spec: InitSpec, fanIn: number, fanOut: number, stream: RandomStream): void {
  if (typeof spec === 'string') {
    switch (spec) {
      case 'fan-in-uniform': {
        const r = 1 / Math.sqrt(fanIn);
        stream.fillUniform(out, -r, r);
        return;
      }
      case 'glorot-uniform': {
        const r = Math.sqrt(6 / (fanIn + fanOut));
        stream.fillUniform(out, -r, r);
        return;
      }
      case 'glorot-normal':
        stream.fillNormal(out, 0, Math.sqrt(2 / (fanIn + fanOut)));
        return;
      case 'he-normal':
        stream.fillNormal(out, 0, Math.sqrt(2 / fanIn));
        return;
      case 'he-uniform': {
        const r = Math.sqrt(6 / fanIn);
        stream.fillUniform(out, -r, r);
        return;
      }
    }
  }
  switch (spec.kind) {
    case 'normal':
      stream.fillNormal(out, spec.mean ?? 0, spec.std);
      return;
    case 'uniform':
      stream.fillUniform(out, spec.low, spec.high);
      return;
    case 'constant':
      out.fill(spec.value);
      return;
  }
}
