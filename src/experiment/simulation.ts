import type { Figure } from '../plot/figure.js';
import { RandomStreams } from '../random/streams.js';
import type { SimulationRecord } from './records.js';
import { seedList } from './spec.js';

export type { SimulationRecord } from './records.js';

export interface SimulationContext {
  seed: number;
  params: Readonly<Record<string, number>>;
  /** The run's streams, derived from its seed. */
  streams: RandomStreams;
  /** Progress lines (suppressed with --quiet). */
  log(message: string): void;
}

export interface SimulationOutcome {
  /** Scalar results (rates, fractions, timings) averaged over seeds in summary.csv. */
  metrics: Record<string, number>;
  /** Figures for the report (raster, rates...); the first run's are shown. */
  figures?: Figure[];
}

/**
 * An experiment that simulates a network (typically spiking) once per seed, and per point of an optional
 * parameter grid, and reports metrics and figures, rather than training rules × tasks. Parameters are numbers
 * with defaults, overridable from the command line with --set name=value.
 */
export interface SimulationExperiment {
  kind: 'simulation';
  name: string;
  description: string;
  seeds: number | number[];
  params: Record<string, number>;
  /** A sweep: parameter names mapped to the values to try; every combination runs for every seed. */
  grid?: Record<string, number[]>;
  quick?: { seeds?: number | number[]; params?: Record<string, number>; grid?: Record<string, number[]> };
  /**
   * Bytes one run with these parameters needs at most (a generous estimate), so that a size that cannot fit in
   * memory is refused before anything runs instead of being killed by the system hours later.
   */
  estimateBytes?(params: Readonly<Record<string, number>>): number;
  simulate(ctx: SimulationContext): SimulationOutcome | Promise<SimulationOutcome>;
}

export function defineSimulation(e: SimulationExperiment): SimulationExperiment {
  return e;
}

/** A usage problem with a simulation's parameters (the CLI exits with code 2). */
export class SimulationSpecError extends Error {}

/** Overrides parameters, rejecting names the experiment does not define and values that are not finite numbers. */
export function resolveParams(e: SimulationExperiment, overrides: Record<string, unknown> = {}): Record<string, number> {
  for (const [k, v] of Object.entries(overrides)) {
    if (!Object.hasOwn(e.params, k)) throw new SimulationSpecError(`experiment "${e.name}": unknown parameter "${k}"; parameters are ${Object.keys(e.params).join(', ')}`);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new SimulationSpecError(`experiment "${e.name}": parameter "${k}" must be a finite number, got ${JSON.stringify(v)}`);
  }
  return { ...e.params, ...(overrides as Record<string, number>) };
}

/** One planned simulation: a seed at a grid point, with every parameter resolved. */
export interface PlannedSimulation {
  /** "seed<k>" without a grid, "<name>=<value>,…/seed<k>" with one. */
  id: string;
  seed: number;
  params: Record<string, number>;
  grid: Record<string, number>;
}

/** The settings a simulation runs with after --quick and the command line: what its manifest records. */
export interface SimulationSettings {
  seeds: number[];
  params: Record<string, number>;
  grid?: Record<string, number[]>;
}

export function simulationSettings(e: SimulationExperiment, o: { quick?: boolean; params?: Record<string, unknown>; seeds?: number | number[]; grid?: Record<string, unknown> }): SimulationSettings {
  const params = resolveParams(e, { ...(o.quick ? e.quick?.params : {}), ...o.params });
  let seeds: number[];
  try {
    seeds = seedList(o.seeds ?? (o.quick ? e.quick?.seeds : undefined) ?? e.seeds);
  } catch (err) {
    throw new SimulationSpecError(`experiment "${e.name}": ${(err as Error).message}`);
  }
  const grid = { ...e.grid, ...(o.quick ? e.quick?.grid : {}), ...o.grid };
  for (const [k, values] of Object.entries(grid)) {
    if (!Object.hasOwn(e.params, k)) throw new SimulationSpecError(`experiment "${e.name}": grid names unknown parameter "${k}"; parameters are ${Object.keys(e.params).join(', ')}`);
    if (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
      throw new SimulationSpecError(`experiment "${e.name}": grid "${k}" must be a non-empty list of finite numbers, got ${JSON.stringify(values)}`);
    }
  }
  return Object.keys(grid).length ? { seeds, params, grid: grid as Record<string, number[]> } : { seeds, params };
}

/** Every grid point × seed, grid-major (the last grid key varies fastest), seeds innermost. */
export function planSimulations(s: SimulationSettings): PlannedSimulation[] {
  let points: Record<string, number>[] = [{}];
  for (const [k, values] of Object.entries(s.grid ?? {})) points = points.flatMap((p) => values.map((v) => ({ ...p, [k]: v })));
  const out: PlannedSimulation[] = [];
  for (const point of points) {
    const label = Object.entries(point).map(([k, v]) => `${k}=${v}`).join(',');
    for (const seed of s.seeds) out.push({ id: label ? `${label}/seed${seed}` : `seed${seed}`, seed, params: { ...s.params, ...point }, grid: point });
  }
  return out;
}

/** Runs one planned simulation; a throw becomes a `failed` record with its message. */
export async function executeSimulation(e: SimulationExperiment, run: PlannedSimulation, log: (m: string) => void): Promise<{ record: SimulationRecord; figures?: Figure[] }> {
  const t0 = performance.now();
  const base = { id: run.id, experiment: e.name, kind: 'simulation' as const, seed: run.seed, params: run.params, grid: run.grid };
  try {
    const out = await e.simulate({ seed: run.seed, params: run.params, streams: new RandomStreams(run.seed), log });
    return { record: { ...base, status: 'completed', metrics: out.metrics, wallSeconds: (performance.now() - t0) / 1000 }, figures: out.figures };
  } catch (err) {
    return { record: { ...base, status: 'failed', error: (err as Error).message, metrics: {}, wallSeconds: (performance.now() - t0) / 1000 } };
  }
}
