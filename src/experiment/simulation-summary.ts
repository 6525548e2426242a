import type { SimulationRecord } from './records.js';
import { meanStd } from './summary.js';

export interface SimulationSummaryRow {
  /** The grid point ("N=4000,inDegree=80"), empty without a grid. */
  grid: string;
  metric: string;
  mean: number;
  std: number;
  n: number;
}

const gridLabel = (g: Record<string, number> | undefined) => Object.entries(g ?? {}).map(([k, v]) => `${k}=${v}`).join(',');

/** Mean and std over seeds of every metric of the completed runs, per grid point (in the order first seen). */
export function simulationSummary(records: SimulationRecord[]): SimulationSummaryRow[] {
  const groups = new Map<string, SimulationRecord[]>();
  for (const r of records) {
    if (r.status !== 'completed') continue;
    const k = gridLabel(r.grid);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(r);
  }
  return [...groups.entries()].flatMap(([grid, ok]) => {
    const metrics = [...new Set(ok.flatMap((r) => Object.keys(r.metrics)))];
    return metrics.map((metric) => ({ grid, metric, ...meanStd(ok.map((r) => r.metrics[metric])) }));
  });
}

export function simulationSummaryCsv(records: SimulationRecord[]): string {
  const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return ['grid,metric,mean,std,n', ...simulationSummary(records).map((r) => `${cell(r.grid)},${r.metric},${r.mean},${r.std},${r.n}`)].join('\n') + '\n';
}

/** The summary for the terminal, one line per metric (grid points as headings when there is a grid). */
export function simulationSummaryText(records: SimulationRecord[]): string {
  const fmt = (v: number) => (Math.abs(v) >= 100 || Number.isInteger(v) ? v.toFixed(0) : v.toPrecision(4));
  const lines: string[] = [];
  let grid: string | null = null;
  for (const r of simulationSummary(records)) {
    if (r.grid !== grid && r.grid) lines.push(`${r.grid}:`);
    grid = r.grid;
    lines.push(`${r.grid ? '  ' : ''}${r.metric.padEnd(28)} ${fmt(r.mean)} ± ${fmt(r.std)} (n=${r.n})`);
  }
  return lines.join('\n');
}
