import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure } from '../plot/figure.js';
import { writeFileAtomic } from './atomic-write.js';
import type { RunRecord } from './records.js';
import { readable, runFileName } from './file-names.js';

/**
 * Figures made for a run (feature rules' receptive fields, a conv net's first-layer kernels) live beside the results, one JSON file per run
 * under DIR/rule-figures/, so runs.jsonl stays small; the report shows those of the first run of each rule label (per task).
 */
export function writeRuleFigures(outDir: string, runId: string, figures: Figure[]): void {
  const dir = join(outDir, 'rule-figures');
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, `${runFileName(runId)}.json`), JSON.stringify(figures));
}

export function readRuleFigures(outDir: string, records: RunRecord[]): Figure[] {
  const dir = join(outDir, 'rule-figures');
  if (!existsSync(dir)) return [];
  const files = new Set(readdirSync(dir));
  const shown = new Set<string>(), out: Figure[] = [];
  const severalTasks = new Set(records.map((r) => r.taskLabel)).size > 1;
  for (const r of records) {
    // Folders written before run file names carried a hash use the readable name alone.
    const file = [`${runFileName(r.id)}.json`, `${readable(r.id)}.json`].find((f) => files.has(f));
    // The first run of each rule label (and task, when there are several) is shown.
    const key = severalTasks ? `${r.ruleLabel}\u0000${r.taskLabel}` : r.ruleLabel;
    if (shown.has(key) || !file) continue;
    shown.add(key);
    const figures = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Figure[];
    // Ids are unique per report: prefix them with the rule label (and task); say which run the figure shows.
    const prefix = severalTasks ? `${runFileName(r.ruleLabel)}-${runFileName(r.taskLabel)}` : runFileName(r.ruleLabel);
    for (const f of figures) out.push({ ...f, id: `${prefix}-${f.id}`, caption: `${f.caption} (Run ${r.id}.)` });
  }
  return out;
}
