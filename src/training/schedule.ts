import { cos, pow } from '../kernels/math.js';
/**
 * Learning rate as a function of the epoch (0-based), multiplying the optimiser's base rate:
 * - constant
 * - step:        × gamma every `every` epochs (or at each epoch listed in `milestones`)
 * - exponential: × gamma each epoch
 * - cosine:      from 1 down to `floor` (fraction of the base rate) over `epochs` epochs
 */
export type ScheduleSpec =
  | { kind: 'constant' }
  | { kind: 'step'; gamma: number; every?: number; milestones?: number[] }
  | { kind: 'exponential'; gamma: number }
  | { kind: 'cosine'; floor?: number };

export function learningRateAt(base: number, spec: ScheduleSpec | undefined, epoch: number, totalEpochs: number): number {
  if (!spec || spec.kind === 'constant') return base;
  switch (spec.kind) {
    case 'step': {
      const drops = spec.milestones ? spec.milestones.filter((m) => epoch >= m).length : Math.floor(epoch / (spec.every ?? 1));
      return base * pow(spec.gamma, drops);
    }
    case 'exponential':
      return base * pow(spec.gamma, epoch);
    case 'cosine': {
      const floor = spec.floor ?? 0;
      const progress = totalEpochs <= 1 ? 0 : epoch / (totalEpochs - 1);
      return base * (floor + (1 - floor) * 0.5 * (1 + cos(Math.PI * progress)));
    }
  }
}

export function validateSchedule(spec: unknown, where = 'schedule'): ScheduleSpec {
  const s = spec as Record<string, unknown> | null;
  const kinds = ['constant', 'step', 'exponential', 'cosine'];
  if (!s || typeof s !== 'object' || !kinds.includes(s.kind as string)) {
    throw new Error(`${where}: expected {kind: ${kinds.map((k) => `'${k}'`).join(' | ')}, ...}, got ${JSON.stringify(spec)}`);
  }
  if ((s.kind === 'step' || s.kind === 'exponential') && !(typeof s.gamma === 'number' && s.gamma > 0)) {
    throw new Error(`${where}.gamma: expected a number > 0, got ${JSON.stringify(s.gamma)}`);
  }
  if (s.kind === 'step' && s.every !== undefined && !(Number.isInteger(s.every) && (s.every as number) > 0)) {
    throw new Error(`${where}.every: expected a positive integer, got ${JSON.stringify(s.every)}`);
  }
  return s as ScheduleSpec;
}
