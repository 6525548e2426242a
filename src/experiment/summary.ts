import type { RunRecord } from './records.js';

/** Mean and sample standard deviation (n − 1) of the finite values; NaN when there are none. */
export function meanStd(values: (number | null | undefined)[]): { mean: number; std: number; n: number } {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { mean: NaN, std: NaN, n: 0 };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) * (b - mean), 0) / (n - 1)) : 0;
  return { mean, std, n };
}

export interface SummaryRow {
  rule: string;
  task: string;
  grid: string;
  runs: number;
  completed: number;
  diverged: number;
  failed: number;
  testAccuracyMean: number;
  testAccuracyStd: number;
  testLossMean: number;
  testLossStd: number;
  trainLossMean: number;
  trainLossStd: number;
  epochs: number;
  wallSecondsMean: number;
  /** Feature rules' own results (e.g. voteAccuracy), mean and std over seeds. */
  ruleMetrics: Record<string, { mean: number; std: number }>;
}

export function groupKey(r: RunRecord): string {
  return `${r.ruleLabel}\u0000${r.taskLabel}\u0000${JSON.stringify(r.grid)}`;
}

/** One row per rule × task × grid point, aggregating over seeds (completed runs only for the metrics). */
export function summarise(records: RunRecord[]): SummaryRow[] {
  const groups = new Map<string, RunRecord[]>();
  for (const r of records) {
    const k = groupKey(r);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(r);
  }
  return [...groups.values()].map((rs) => {
    const ok = rs.filter((r) => r.status === 'completed');
    const acc = meanStd(ok.map((r) => r.final.testAccuracy));
    const tl = meanStd(ok.map((r) => r.final.testLoss));
    const tr = meanStd(ok.map((r) => r.final.trainLoss));
    return {
      rule: rs[0].ruleLabel,
      task: rs[0].taskLabel,
      grid: Object.entries(rs[0].grid).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' '),
      runs: rs.length,
      completed: ok.length,
      diverged: rs.filter((r) => r.status === 'diverged').length,
      failed: rs.filter((r) => r.status === 'failed').length,
      testAccuracyMean: acc.mean,
      testAccuracyStd: acc.std,
      testLossMean: tl.mean,
      testLossStd: tl.std,
      trainLossMean: tr.mean,
      trainLossStd: tr.std,
      epochs: Math.max(...rs.map((r) => r.final.epoch)),
      wallSecondsMean: meanStd(rs.map((r) => r.wallSeconds)).mean,
      ruleMetrics: Object.fromEntries(
        [...new Set(ok.flatMap((r) => Object.keys(r.featureMetrics ?? {})))].map((k) => {
          const m = meanStd(ok.map((r) => r.featureMetrics?.[k]));
          return [k, { mean: m.mean, std: m.std }];
        }),
      ),
    };
  });
}

const COLUMNS: Exclude<keyof SummaryRow, 'ruleMetrics'>[] = [
  'rule', 'task', 'grid', 'runs', 'completed', 'diverged', 'failed',
  'testAccuracyMean', 'testAccuracyStd', 'testLossMean', 'testLossStd', 'trainLossMean', 'trainLossStd', 'epochs', 'wallSecondsMean',
];

function csvCell(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The fixed columns, then `<metric>Mean,<metric>Std` for every rule metric any row has (empty where absent). */
export function summaryCsv(rows: SummaryRow[]): string {
  const extra = [...new Set(rows.flatMap((r) => Object.keys(r.ruleMetrics ?? {})))];
  const head = [...COLUMNS, ...extra.flatMap((k) => [`${k}Mean`, `${k}Std`])];
  const line = (r: SummaryRow) => [...COLUMNS.map((c) => csvCell(r[c])), ...extra.flatMap((k) => [csvCell(r.ruleMetrics?.[k]?.mean ?? ''), csvCell(r.ruleMetrics?.[k]?.std ?? '')])].join(',');
  return [head.join(','), ...rows.map(line)].join('\n') + '\n';
}

/** A fixed-width table for the terminal. */
export function summaryTable(rows: SummaryRow[]): string {
  const pct = (m: number, s: number) => (Number.isFinite(m) ? `${(100 * m).toFixed(2)} ± ${(100 * s).toFixed(2)}%` : '—');
  const shown = (r: SummaryRow) =>
    Object.entries(r.ruleMetrics ?? {})
      .filter(([k]) => k.endsWith('Accuracy'))
      .map(([k, m]) => `${k} ${pct(m.mean, m.std)}`)
      .join(', ');
  const lines = rows.map((r) => [r.rule, r.task, r.grid, `${r.completed}/${r.runs}`, pct(r.testAccuracyMean, r.testAccuracyStd), Number.isFinite(r.testLossMean) ? r.testLossMean.toFixed(4) : '—', `${r.wallSecondsMean.toFixed(1)} s`, shown(r)]);
  const head = ['rule', 'task', 'grid', 'ok', 'test accuracy', 'test loss', 'wall/run', 'rule metrics'];
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt)].join('\n');
}
