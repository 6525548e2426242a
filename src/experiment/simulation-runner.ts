import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure } from '../plot/figure.js';
import { writeFileAtomic } from './atomic-write.js';
import { formatBytes, MAX_RUNS, runBudget } from './estimate.js';
import { buildManifest } from './manifest.js';
import { inShard, type Shard } from './overrides.js';
import { InterruptedError, runOnWorkers } from './pool.js';
import type { SimulationRecord } from './records.js';
import { writeSummary } from './results-folder.js';
import { ResultsWriter } from './results-writer.js';
import { executeSimulation, planSimulations, type PlannedSimulation, type SimulationExperiment, simulationSettings, SimulationSpecError } from './simulation.js';
import { simulationSummaryText } from './simulation-summary.js';

export interface SimulationRunOptions {
  outDir: string;
  /** Parameter overrides (--set name=value); a list value sweeps that parameter (--set N=[4000,16000]). */
  params?: Record<string, unknown>;
  seeds?: number | number[];
  quick?: boolean;
  resume?: boolean;
  retryFailed?: boolean;
  overwrite?: boolean;
  quiet?: boolean;
  /** Runs at a time in worker threads (each imports `workerModule`, whose default export is the experiment). */
  workers?: number;
  /** Worker threads even with one worker (the CLI's choice, so that an interrupt stops a run at once). */
  threads?: boolean;
  /** The module whose default export is this experiment (the CLI passes the experiment file); needed for threads. */
  workerModule?: string | URL;
  signal?: AbortSignal;
  /** Run only this shard of the planned runs; merge the shards' folders afterwards. */
  shard?: Shard | null;
  /** Writes the report from the records and the figures of the first planned run that has some. */
  writeReport?: (outDir: string, records: SimulationRecord[], figures: Figure[]) => void;
}

/** figures.json: the figures of the report and the run they come from (older folders hold a bare list). */
interface StoredFigures {
  run: string | null;
  figures: Figure[];
}

function readStoredFigures(path: string, log: (m: string) => void): StoredFigures | null {
  if (!existsSync(path)) return null;
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as StoredFigures | Figure[];
    return Array.isArray(v) ? { run: null, figures: v } : v;
  } catch (e) {
    log(`${path}: not valid JSON (${(e as Error).message}); the report's figures are made again`);
    return null;
  }
}

/**
 * Runs a simulation experiment's seeds (× grid points) and writes its results folder with the same writer as
 * training experiments: manifest, append-only runs.jsonl, summary.csv, figures.json and the report. The
 * report shows the figures of the first run in plan order that has any, whatever order runs finish in.
 */
export async function runSimulationExperiment(e: SimulationExperiment, o: SimulationRunOptions): Promise<SimulationRecord[]> {
  const sweep: Record<string, unknown> = {}, fixed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o.params ?? {})) (Array.isArray(v) ? sweep : fixed)[k] = v;
  const settings = simulationSettings(e, { quick: o.quick, params: fixed, seeds: o.seeds, grid: sweep });
  const points = Object.values(settings.grid ?? {}).reduce((n, v) => n * v.length, 1);
  if (points * settings.seeds.length > MAX_RUNS) throw new SimulationSpecError(`experiment "${e.name}": ${points} grid points × ${settings.seeds.length} seeds is more than the ${MAX_RUNS} runs one results folder is made for`);
  const planned = planSimulations(settings);
  const runs = inShard(planned, o.shard ?? null);
  const workers = Math.max(1, Math.floor(o.workers ?? 1));
  const threaded = (workers > 1 && runs.length > 1) || (o.threads === true && runs.length > 0);
  if (threaded && !o.workerModule) throw new SimulationSpecError(`workers: ${workers}: worker threads import the module of simulation "${e.name}"; name it in workerModule, or run with workers: 1`);
  if (e.estimateBytes) {
    const concurrent = threaded ? Math.min(workers, runs.length) : 1, budget = runBudget(concurrent);
    for (const r of runs) {
      const bytes = e.estimateBytes(r.params);
      if (bytes > budget.bytes) throw new SimulationSpecError(`experiment "${e.name}": a run with ${Object.entries(r.grid).map(([k, v]) => `${k}=${v} `).join('')}these parameters needs about ${formatBytes(bytes)}, more than ${budget.limit}; reduce the size (--set)`);
    }
  }
  const log = (m: string) => {
    if (!o.quiet) process.stderr.write(`${m}\n`);
  };
  const shard = o.shard ? { shard: { index: o.shard.index + 1, count: o.shard.count, from: o.shard.source }, plannedRuns: planned.map((r) => r.id) } : {};
  const spec = { name: e.name, description: e.description, seeds: settings.seeds, params: settings.params, ...(settings.grid && { grid: settings.grid }) };
  const manifest = buildManifest(spec, { kind: 'simulation', runs: runs.map((r) => r.id), seeds: [...new Set(runs.map((r) => r.seed))], ...shard });
  const writer = ResultsWriter.open<SimulationRecord>({ dir: o.outDir, kind: 'simulation', manifest, planned: runs.map((r) => r.id), resume: o.resume, overwrite: o.overwrite, retryFailed: o.retryFailed, log: (m) => process.stderr.write(`${m}\n`) });
  const outDir = writer.dir;
  return writer.session(runs.length, async () => {
    const order = new Map(planned.map((r, i) => [r.id, i]));
    const figuresPath = join(outDir, 'figures.json');
    let shown = (o.resume ? readStoredFigures(figuresPath, log) : null) ?? { run: null, figures: [] };
    const commit = (record: SimulationRecord, figures: Figure[] | undefined, position: string) => {
      writer.append(record);
      const earlier = shown.run === null ? shown.figures.length === 0 : (order.get(record.id) ?? Infinity) < (order.get(shown.run) ?? Infinity);
      if (figures?.length && earlier) {
        shown = { run: record.id, figures };
        writeFileAtomic(figuresPath, JSON.stringify(shown));
      }
      const metrics = Object.entries(record.metrics).map(([k, v]) => `${k} ${Math.abs(v) >= 100 || Number.isInteger(v) ? v.toFixed(0) : v.toPrecision(4)}`).join(', ');
      log(`${position} ${e.name} ${record.id}: ${record.status === 'failed' ? `FAILED: ${record.error}` : metrics}`);
    };
    const done = new Set(writer.previous.map((r) => r.id));
    const todo = runs.filter((r) => !done.has(r.id));
    if (threaded && todo.length > 0) {
      let finished = 0;
      log(`Running ${todo.length} simulations on ${Math.min(workers, todo.length)} worker thread${Math.min(workers, todo.length) > 1 ? 's' : ''}`);
      await runOnWorkers({
        setup: { kind: 'simulation', settings, module: String(o.workerModule) },
        ids: todo.map((r) => r.id),
        workers,
        signal: o.signal,
        onDone: (m) => commit(m.record as SimulationRecord, m.figures, `[${++finished}/${todo.length} done]`),
        onProgress: (id, _epoch, text) => log(`${id}: ${text}`),
      });
    } else {
      for (const [i, run] of todo.entries()) {
        if (o.signal?.aborted) throw new InterruptedError(String(o.signal.reason ?? 'aborted'));
        const position = `[${i + 1}/${todo.length}]`;
        log(`${position} ${e.name} ${run.id}: started`);
        const { record, figures } = await executeSimulation(e, run as PlannedSimulation, (m) => log(`${position} ${m}`));
        commit(record, figures, position);
      }
    }
    const ordered = writer.inOrder(runs.map((r) => r.id));
    writeSummary(outDir, { kind: 'simulation', records: ordered });
    o.writeReport?.(outDir, ordered, shown.figures);
    log(`\n${simulationSummaryText(ordered)}\n\nResults in ${outDir}`);
    return ordered;
  });
}

/** The figures a simulation folder's report shows (figures.json, either format). */
export function simulationFigures(dir: string): Figure[] {
  return readStoredFigures(join(dir, 'figures.json'), () => {})?.figures ?? [];
}
