import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { deepDiff } from './deep-diff.js';
import { type AnyRecord, type FolderKind, parseRuns, type RunRecord, type SimulationRecord } from './records.js';
import { ResultsFolderError } from './errors.js';
import { folderIdentity, readOwnManifest, ResultsWriter } from './results-writer.js';
import { summarise, summaryCsv } from './summary.js';
import { simulationSummaryCsv } from './simulation-summary.js';

export type ResultsFolder<R extends AnyRecord = RunRecord> = {
  dir: string;
  manifest: Record<string, unknown>;
  kind: R extends SimulationRecord ? 'simulation' : 'training';
  records: R[];
};

export type AnyResultsFolder = ResultsFolder<RunRecord> | ResultsFolder<SimulationRecord>;

/**
 * Reads a results folder of either kind, checking every line of runs.jsonl against the manifest (see
 * parseRuns): the file and line of anything that does not belong are named. An incomplete last line (a run
 * interrupted while it was being written) is left out with a note; `--resume` recovers it.
 */
export function readAnyResultsFolder(dir: string, log: (m: string) => void = () => {}): AnyResultsFolder {
  const runsPath = join(dir, 'runs.jsonl');
  if (!existsSync(runsPath)) throw new ResultsFolderError(`${dir} is not a results folder: ${runsPath} does not exist`);
  const manifest = readOwnManifest(dir);
  if (!manifest) throw new ResultsFolderError(`${dir} is not a results folder: ${join(dir, 'manifest.json')} does not exist`);
  const kind: FolderKind = manifest.kind === 'simulation' ? 'simulation' : 'training';
  const listed = Array.isArray(manifest.plannedRuns) ? manifest.plannedRuns : Array.isArray(manifest.runs) ? manifest.runs : null;
  const parsed = parseRuns(readFileSync(runsPath, 'utf8'), runsPath, { kind, experiment: String(manifest.experiment), planned: listed ? new Set(listed as string[]) : undefined });
  if (parsed.tornBytes > 0) log(`${runsPath}: leaving out an incomplete last line (${parsed.tornBytes} bytes); resume the run to recover it`);
  return { dir, manifest, kind, records: parsed.records } as AnyResultsFolder;
}

/** Reads a training experiment's results folder (see readAnyResultsFolder). */
export function readResultsFolder(dir: string, log?: (m: string) => void): ResultsFolder<RunRecord> {
  const folder = readAnyResultsFolder(dir, log);
  if (folder.kind !== 'training') throw new ResultsFolderError(`${dir} holds the simulation experiment "${String(folder.manifest.experiment)}"; its runs are read with readAnyResultsFolder`);
  return folder as ResultsFolder<RunRecord>;
}

/** Writes summary.csv for the records of a folder of either kind (the report is written by the caller). */
export function writeSummary(dir: string, folder: { kind: FolderKind; records: AnyRecord[] }): void {
  const csv = folder.kind === 'simulation' ? simulationSummaryCsv(folder.records as SimulationRecord[]) : summaryCsv(summarise(folder.records as RunRecord[]));
  writeFileAtomic(join(dir, 'summary.csv'), csv);
}

/** Everything in a record that must come out bit-identical from any worker, shard or rerun: timings excluded. */
export function deterministicPart(r: AnyRecord): unknown {
  if ('kind' in r && r.kind === 'simulation') {
    return { ...r, wallSeconds: undefined, metrics: Object.fromEntries(Object.entries(r.metrics).filter(([k]) => !isTimingMetric(k))) };
  }
  const t = r as RunRecord;
  return { ...t, wallSeconds: undefined, epochs: t.epochs.map((e) => ({ ...e, seconds: undefined })) };
}

/** Simulation metrics that measure time (setupSeconds, simulationSeconds, realTimeFactor) differ between machines and runs. */
export function isTimingMetric(name: string): boolean {
  return /Seconds$/.test(name) || name === 'realTimeFactor';
}

/** What must agree for folders to be merged: the identity without the seeds and the shard. */
function mergeIdentity(manifest: Record<string, unknown>): unknown {
  const id = folderIdentity(manifest) as { spec?: Record<string, unknown> };
  return { ...id, shard: undefined, spec: id.spec && typeof id.spec === 'object' ? { ...id.spec, seeds: undefined } : id.spec };
}

export interface MergeOptions {
  /** Replace the results in `outDir` if it is already a results folder. */
  overwrite?: boolean;
  log?: (m: string) => void;
}

/**
 * Combines several results folders of one experiment and one setting (shards, or seeds run on different
 * machines) into a new folder: exactly what one unsharded run of the union of their seeds writes. Folders of
 * another experiment or another setting are refused, naming the fields that differ; a run present in several
 * folders must be identical in each (every metric and the weights' hash; timings aside).
 */
export function mergeResultsFolders(dirs: string[], outDir: string, o: MergeOptions = {}): AnyResultsFolder {
  if (dirs.length === 0) throw new ResultsFolderError('merge: name at least one results folder');
  const out = resolve(outDir);
  for (const d of dirs) if (resolve(d) === out) throw new ResultsFolderError(`merge: --out ${outDir} is one of the folders being merged; write the merge to a new folder`);
  const folders = dirs.map((d) => readAnyResultsFolder(d, o.log));
  const first = folders[0];
  for (const f of folders.slice(1)) {
    const differences = deepDiff(mergeIdentity(first.manifest), mergeIdentity(f.manifest), 12);
    if (differences.length) throw new ResultsFolderError(`merge: ${f.dir} holds other results than ${first.dir} (${first.dir} → ${f.dir}):\n  ${differences.join('\n  ')}`);
  }
  const byId = new Map<string, { record: AnyRecord; dir: string }>();
  for (const f of folders) {
    for (const r of f.records as AnyRecord[]) {
      const prev = byId.get(r.id);
      if (!prev) {
        byId.set(r.id, { record: r, dir: f.dir });
        continue;
      }
      const differences = deepDiff(JSON.parse(JSON.stringify(deterministicPart(prev.record))), JSON.parse(JSON.stringify(deterministicPart(r))), 5);
      if (differences.length) throw new ResultsFolderError(`merge: run "${r.id}" differs between ${prev.dir} and ${f.dir}:\n  ${differences.join('\n  ')}`);
    }
  }
  // Plan order when the manifests list it, so a merge of shards reads like an unsharded run.
  const listed = folders.flatMap((f) => (Array.isArray(f.manifest.plannedRuns) ? (f.manifest.plannedRuns as string[]) : Array.isArray(f.manifest.runs) ? (f.manifest.runs as string[]) : []));
  const order = [...new Set([...listed, ...byId.keys()])].filter((id) => byId.has(id));
  const records = order.map((id) => byId.get(id)!.record);
  const seeds = [...new Set(records.map((r) => r.seed))];
  const spec = first.manifest.spec && typeof first.manifest.spec === 'object' ? { ...(first.manifest.spec as Record<string, unknown>), seeds: unionOfSeeds(folders) } : first.manifest.spec;
  const manifest: Record<string, unknown> = { ...first.manifest, spec, runs: order, seeds, mergedFrom: dirs };
  delete manifest.shard;
  delete manifest.plannedRuns;
  const writer = ResultsWriter.open<AnyRecord>({ dir: outDir, kind: first.kind, manifest, planned: order, overwrite: o.overwrite, log: o.log });
  try {
    for (const r of records) writer.append(r);
    writeSummary(outDir, { kind: first.kind, records });
    // Files that follow their runs: rule figures, saved weights, a simulation's figures.
    for (const f of folders) {
      for (const sub of ['rule-figures', 'weights']) if (existsSync(join(f.dir, sub))) cpSync(join(f.dir, sub), join(outDir, sub), { recursive: true, force: false, errorOnExist: false });
    }
    const withFigures = folders.find((f) => existsSync(join(f.dir, 'figures.json')));
    if (withFigures) cpSync(join(withFigures.dir, 'figures.json'), join(outDir, 'figures.json'));
  } finally {
    writer.close();
  }
  return { dir: outDir, manifest, kind: first.kind, records } as AnyResultsFolder;
}

/** The seeds of every folder's spec, in order of first appearance (a count n stands for 1..n). */
function unionOfSeeds(folders: AnyResultsFolder[]): unknown {
  const specs = folders.map((f) => (f.manifest.spec as { seeds?: unknown } | undefined)?.seeds);
  if (specs.every((s) => deepDiff(s, specs[0], 1).length === 0)) return specs[0]; // shards of one run: the seeds as written
  const all: number[] = [];
  for (const f of folders) {
    const s = (f.manifest.spec as { seeds?: unknown } | undefined)?.seeds;
    const list = typeof s === 'number' ? Array.from({ length: s }, (_, i) => i + 1) : Array.isArray(s) ? (s as number[]) : [];
    for (const x of list) if (!all.includes(x)) all.push(x);
  }
  return all;
}
