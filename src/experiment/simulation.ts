import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure } from '../plot/figure.js';
import { RandomStreams } from '../random/streams.js';
import { writeFileAtomic } from './atomic-write.js';
import { buildManifest } from './manifest.js';
import { seedList } from './spec.js';
import { meanStd } from './summary.js';

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
  /** Figures for the report (raster, rates...); the first seed's are shown. */
  figures?: Figure[];
}

/**
 * An experiment that simulates a network (typically spiking) once per seed and reports metrics and
 * figures, rather than training rules × tasks. Parameters are numbers with defaults, overridable from
 * the command line with --set name=value.
 */
export interface SimulationExperiment {
  kind: 'simulation';
  name: string;
  description: string;
  seeds: number | number[];
  params: Record<string, number>;
  quick?: { seeds?: number | number[]; params?: Record<string, number> };
  simulate(ctx: SimulationContext): SimulationOutcome | Promise<SimulationOutcome>;
}

export function defineSimulation(e: SimulationExperiment): SimulationExperiment {
  return e;
}

export interface SimulationRecord {
  id: string;
  experiment: string;
  kind: 'simulation';
  seed: number;
  params: Record<string, number>;
  status: 'completed' | 'failed';
  error?: string;
  metrics: Record<string, number>;
  wallSeconds: number;
}

/** Overrides parameters, rejecting names the experiment does not define. */
export function resolveParams(e: SimulationExperiment, overrides: Record<string, number> = {}): Record<string, number> {
  for (const [k, v] of Object.entries(overrides)) {
    if (!(k in e.params)) throw new Error(`experiment "${e.name}": unknown parameter "${k}"; parameters are ${Object.keys(e.params).join(', ')}`);
    if (!Number.isFinite(v)) throw new Error(`experiment "${e.name}": parameter "${k}" must be a finite number, got ${v}`);
  }
  return { ...e.params, ...overrides };
}

export interface SimulationRunOptions {
  outDir: string;
  params?: Record<string, number>;
  seeds?: number | number[];
  quick?: boolean;
  resume?: boolean;
  overwrite?: boolean;
  quiet?: boolean;
  /** Writes the report from the records and the first seed's figures. */
  writeReport?: (outDir: string, records: SimulationRecord[], figures: Figure[]) => void;
}

export async function runSimulationExperiment(e: SimulationExperiment, o: SimulationRunOptions): Promise<SimulationRecord[]> {
  const params = resolveParams(e, { ...(o.quick ? e.quick?.params : {}), ...o.params });
  const seeds = seedList(o.seeds ?? (o.quick ? e.quick?.seeds : undefined) ?? e.seeds);
  mkdirSync(o.outDir, { recursive: true });
  const runsPath = join(o.outDir, 'runs.jsonl');
  let previous: SimulationRecord[] = [];
  if (existsSync(runsPath)) {
    if (o.resume) previous = readFileSync(runsPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as SimulationRecord);
    else if (o.overwrite) writeFileSync(runsPath, '');
    else throw new Error(`${runsPath} already exists; pass --resume to finish the missing runs or --overwrite to start again (or choose another --out)`);
  }
  const spec = { name: e.name, description: e.description, seeds, params } as never;
  writeFileAtomic(join(o.outDir, 'manifest.json'), JSON.stringify(buildManifest(spec, { kind: 'simulation', runs: seeds.map((s) => `seed${s}`), seeds }), null, 2) + '\n');
  const log = (m: string) => { if (!o.quiet) process.stderr.write(`${m}\n`); };
  const records = previous.slice();
  let figures: Figure[] = [];
  const figuresPath = join(o.outDir, 'figures.json');
  if (existsSync(figuresPath) && o.resume) figures = JSON.parse(readFileSync(figuresPath, 'utf8'));
  for (const [i, seed] of seeds.entries()) {
    if (records.some((r) => r.seed === seed)) continue;
    log(`[${i + 1}/${seeds.length}] ${e.name} seed ${seed}: started`);
    const t0 = performance.now();
    let record: SimulationRecord;
    try {
      const out = await e.simulate({ seed, params, streams: new RandomStreams(seed), log: (m) => log(`[${i + 1}/${seeds.length}] ${m}`) });
      record = { id: `seed${seed}`, experiment: e.name, kind: 'simulation', seed, params, status: 'completed', metrics: out.metrics, wallSeconds: (performance.now() - t0) / 1000 };
      if (figures.length === 0 && out.figures) {
        figures = out.figures;
        writeFileAtomic(figuresPath, JSON.stringify(figures));
      }
    } catch (err) {
      record = { id: `seed${seed}`, experiment: e.name, kind: 'simulation', seed, params, status: 'failed', error: (err as Error).message, metrics: {}, wallSeconds: (performance.now() - t0) / 1000 };
    }
    appendFileSync(runsPath, JSON.stringify(record) + '\n');
    records.push(record);
    log(`[${i + 1}/${seeds.length}] ${e.name} seed ${seed}: ${record.status === 'failed' ? `FAILED: ${record.error}` : Object.entries(record.metrics).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);
  }
  const rows = simulationSummary(records);
  writeFileAtomic(join(o.outDir, 'summary.csv'), ['metric,mean,std,n', ...rows.map((r) => `${r.metric},${r.mean},${r.std},${r.n}`)].join('\n') + '\n');
  o.writeReport?.(o.outDir, records, figures);
  log(`\n${rows.map((r) => `${r.metric.padEnd(28)} ${fmt(r.mean)} ± ${fmt(r.std)} (n=${r.n})`).join('\n')}\n\nResults in ${o.outDir}`);
  return records;
}

export function simulationSummary(records: SimulationRecord[]): { metric: string; mean: number; std: number; n: number }[] {
  const ok = records.filter((r) => r.status === 'completed');
  const metrics = [...new Set(ok.flatMap((r) => Object.keys(r.metrics)))];
  return metrics.map((metric) => ({ metric, ...meanStd(ok.map((r) => r.metrics[metric])) }));
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 || Number.isInteger(v) ? v.toFixed(0) : v.toPrecision(4);
}
