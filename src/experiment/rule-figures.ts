import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure } from '../plot/figure.js';
import { writeFileAtomic } from './atomic-write.js';
import type { RunRecord } from './records.js';
import { readable, runFileName } from './file-names.js';

/**
 * Figures made by feature rules (e.g. STDP receptive fields) live beside the results, one JSON file per run
 * under DIR/rule-figures/, so runs.jsonl stays small; the report shows those of the first run of each rule label.
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
  for (const r of records) {
    // Folders written before run file names carried a hash use the readable name alone.
    const file = [`${runFileName(r.id)}.json`, `${readable(r.id)}.json`].find((f) => files.has(f));
    if (shown.has(r.ruleLabel) || !file) continue;
    shown.add(r.ruleLabel);
    const figures = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Figure[];
    // Ids are unique per report: prefix them with the rule label; say which run the figure shows.
    for (const f of figures) out.push({ ...f, id: `${runFileName(r.ruleLabel)}-${f.id}`, caption: `${f.caption} (Run ${r.id}.)` });
  }
  return out;
}
