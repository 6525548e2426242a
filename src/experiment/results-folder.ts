import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunsJsonl, type RunRecord, toJsonLine } from './records.js';
import { writeFileAtomic } from './atomic-write.js';
import { summarise, summaryCsv } from './summary.js';

export interface ResultsFolder {
  dir: string;
  manifest: Record<string, unknown>;
  records: RunRecord[];
}

/** Reads a results folder, naming the file that is missing or broken. */
export function readResultsFolder(dir: string): ResultsFolder {
  const runsPath = join(dir, 'runs.jsonl');
  if (!existsSync(runsPath)) throw new Error(`${dir} is not a results folder: ${runsPath} does not exist`);
  const manifestPath = join(dir, 'manifest.json');
  let manifest: Record<string, unknown> = {};
  if (existsSync(manifestPath)) {
    try {
      manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    } catch (e) {
      throw new Error(`${manifestPath}: not valid JSON (${(e as Error).message})`);
    }
  }
  return { dir, manifest, records: parseRunsJsonl(readFileSync(runsPath, 'utf8'), runsPath) };
}

/** Writes summary.csv for the given records (the report is written by the caller, which knows the plot layer). */
export function writeSummary(dir: string, records: RunRecord[]): void {
  writeFileAtomic(join(dir, 'summary.csv'), summaryCsv(summarise(records)));
}

/**
 * Combines several results folders of the same experiment (shards, or halves run on different
 * machines) into one. A run id present in several folders must have identical results there.
 */
export function mergeResultsFolders(dirs: string[], outDir: string): ResultsFolder {
  if (dirs.length === 0) throw new Error('merge: name at least one results folder');
  const folders = dirs.map(readResultsFolder);
  const experiment = folders[0].manifest.experiment;
  for (const f of folders) {
    if (f.manifest.experiment !== experiment) throw new Error(`merge: ${f.dir} holds experiment "${String(f.manifest.experiment)}", ${folders[0].dir} holds "${String(experiment)}"`);
  }
  const byId = new Map<string, RunRecord>();
  for (const f of folders) {
    for (const r of f.records) {
      const prev = byId.get(r.id);
      if (prev && (prev.weightsHash !== r.weightsHash || prev.status !== r.status)) {
        throw new Error(`merge: run "${r.id}" differs between folders (weights ${prev.weightsHash?.slice(0, 12)} vs ${r.weightsHash?.slice(0, 12)})`);
      }
      if (!prev) byId.set(r.id, r);
    }
  }
  // Plan order when the manifests list it, so a merge of shards reads like an unsharded run.
  const planned = folders.flatMap((f) => (Array.isArray(f.manifest.plannedRuns) ? (f.manifest.plannedRuns as string[]) : Array.isArray(f.manifest.runs) ? (f.manifest.runs as string[]) : []));
  const order = [...new Set([...planned, ...byId.keys()])];
  const records = order.map((id) => byId.get(id)).filter((r): r is RunRecord => r !== undefined);
  mkdirSync(outDir, { recursive: true });
  const manifest: Record<string, unknown> = { ...folders[0].manifest, runs: order.filter((id) => byId.has(id)), mergedFrom: dirs };
  delete manifest.shard;
  delete manifest.plannedRuns;
  writeFileAtomic(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  writeFileAtomic(join(outDir, 'runs.jsonl'), records.map(toJsonLine).join(''));
  writeSummary(outDir, records);
  // Rule figures (rule-figures/<run>.json) follow their runs.
  for (const f of folders) {
    const from = join(f.dir, 'rule-figures');
    if (!existsSync(from) || from === join(outDir, 'rule-figures')) continue;
    mkdirSync(join(outDir, 'rule-figures'), { recursive: true });
    for (const name of readdirSync(from)) copyFileSync(join(from, name), join(outDir, 'rule-figures', name));
  }
  return { dir: outDir, manifest, records };
}
