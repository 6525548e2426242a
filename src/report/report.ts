import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { RunRecord } from '../experiment/records.js';
import { writeFileAtomic } from '../experiment/atomic-write.js';
import { type SummaryRow, summarise } from '../experiment/summary.js';
import type { SimulationRecord } from '../experiment/records.js';
import { simulationSummary } from '../experiment/simulation-summary.js';
import { type Figure } from '../plot/figure.js';
import { experimentFigures } from './training-figures.js';
import { readRuleFigures } from '../experiment/rule-figures.js';

const require = createRequire(import.meta.url);

let plotlyBundle: string | null = null;

/** Feature rules' own results (e.g. Diehl & Cook's vote accuracy), accuracies as percentages. */
function ruleMetricsText(r: SummaryRow): string {
  return Object.entries(r.ruleMetrics ?? {})
    .map(([k, m]) => (k.endsWith('Accuracy') ? `${k} ${(100 * m.mean).toFixed(2)} ± ${(100 * m.std).toFixed(2)}%` : `${k} ${Number(m.mean.toPrecision(4))}`))
    .join('; ');
}
/** The plotly.js-dist bundle, read once; inlined so the report opens offline from anywhere. */
export function plotlySource(): string {
  plotlyBundle ??= readFileSync(require.resolve('plotly.js-dist/plotly.js'), 'utf8');
  return plotlyBundle;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON safe inside a <script> element (no "</script>" can close it early). */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

function summaryHtml(records: RunRecord[]): string {
  const rows = summarise(records);
  const pct = (m: number, s: number) => (Number.isFinite(m) ? `${(100 * m).toFixed(2)} ± ${(100 * s).toFixed(2)}` : '—');
  const body = rows
    .map((r) => `<tr><td>${escapeHtml(r.rule)}</td><td>${escapeHtml(r.task)}</td><td>${escapeHtml(r.grid)}</td><td>${r.completed}/${r.runs}${r.diverged ? ` (${r.diverged} diverged)` : ''}${r.failed ? ` (${r.failed} failed)` : ''}</td><td>${pct(r.testAccuracyMean, r.testAccuracyStd)}</td><td>${Number.isFinite(r.testLossMean) ? r.testLossMean.toFixed(4) : '—'}</td><td>${r.epochs}</td><td>${r.wallSecondsMean.toFixed(1)}</td><td>${escapeHtml(ruleMetricsText(r))}</td></tr>`)
    .join('\n');
  return `<table><thead><tr><th>rule</th><th>task</th><th>grid</th><th>runs ok</th><th>test accuracy % (mean ± std)</th><th>test loss</th><th>epochs</th><th>wall s / run</th><th>rule's own metrics</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** A self-contained HTML page: sections of HTML, then every figure with its caption; Plotly inlined. */
export function pageHtml(title: string, description: string, sections: string, figures: Figure[]): string {
  const figureHtml = figures.map((f) => `<figure><div id="${escapeHtml(f.id)}" class="plot"></div><figcaption>${escapeHtml(f.caption)}</figcaption></figure>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body{font-family:Helvetica,Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}th{background:#f3f3f3}
figure{margin:1.5em 0}figcaption{color:#555;font-size:0.9em;max-width:760px}
</style>
<script>${plotlySource()}</script>
</head><body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(description)}</p>
${sections}
<h2>Figures</h2>
${figureHtml}
<script>
const figures = ${scriptJson(figures.map((f) => ({ id: f.id, data: f.data, layout: f.layout })))};
for (const f of figures) Plotly.newPlot(f.id, f.data, f.layout, {displaylogo: false, responsive: true, toImageButtonOptions: {format: 'svg'}});
</script>
</body></html>
`;
}

/** The report of a rules × tasks experiment: summary table, runs that did not complete, figures. */
export function reportHtml(title: string, description: string, records: RunRecord[], figures: Figure[] = experimentFigures(records)): string {
  const failures = records.filter((r) => r.status !== 'completed');
  const failureHtml = failures.length
    ? `<h2>Runs that did not complete</h2><ul>${failures.map((r) => `<li><code>${escapeHtml(r.id)}</code>: ${r.status}${r.divergedAtEpoch ? ` at epoch ${r.divergedAtEpoch}` : ''}${r.error ? ` — ${escapeHtml(r.error)}` : ''}</li>`).join('')}</ul>`
    : '';
  return pageHtml(title, description, `<h2>Summary</h2>\n${summaryHtml(records)}\n${failureHtml}`, figures);
}

/** The report of a simulation experiment: metrics (mean ± std over seeds, per grid point), per-run table, figures of the first run. */
export function simulationReportHtml(title: string, description: string, records: SimulationRecord[], figures: Figure[]): string {
  const rows = simulationSummary(records);
  const hasGrid = rows.some((r) => r.grid !== '');
  const f = (v: number) => (Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(4)) : '—');
  const summary = `<table><thead><tr>${hasGrid ? '<th>grid point</th>' : ''}<th>metric</th><th>mean</th><th>std</th><th>seeds</th></tr></thead><tbody>${rows.map((r) => `<tr>${hasGrid ? `<td>${escapeHtml(r.grid)}</td>` : ''}<td>${escapeHtml(r.metric)}</td><td>${f(r.mean)}</td><td>${f(r.std)}</td><td>${r.n}</td></tr>`).join('')}</tbody></table>`;
  const metrics = [...new Set(rows.map((r) => r.metric))];
  const perRun = `<table><thead><tr><th>run</th><th>status</th>${metrics.map((m) => `<th>${escapeHtml(m)}</th>`).join('')}</tr></thead><tbody>${records.map((r) => `<tr><td>${escapeHtml(r.id)}</td><td>${r.status}${r.error ? `: ${escapeHtml(r.error)}` : ''}</td>${metrics.map((m) => `<td>${f(r.metrics[m])}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  const shared = records[0] ? Object.entries(records[0].params).filter(([k]) => !(k in (records[0].grid ?? {}))) : [];
  const params = shared.length ? `<p>Parameters: ${shared.map(([k, v]) => `<code>${escapeHtml(k)}=${v}</code>`).join(' ')}</p>` : '';
  return pageHtml(title, description, `${params}<h2>Summary over seeds</h2>${summary}<h2>Per run</h2>${perRun}<p>Figures show the first run.</p>`, figures);
}

export function writeSimulationReport(outDir: string, title: string, description: string, records: SimulationRecord[], figures: Figure[]): string {
  const path = join(outDir, 'report.html');
  writeFileAtomic(path, simulationReportHtml(title, description, records, figures));
  return path;
}

/** Every figure of a training experiment's report: learning curves and diagnostics, then the rules' own figures. */
export function reportFigures(outDir: string, records: RunRecord[]): Figure[] {
  return [...experimentFigures(records), ...readRuleFigures(outDir, records)];
}

export function writeReport(outDir: string, title: string, description: string, records: RunRecord[]): string {
  const path = join(outDir, 'report.html');
  writeFileAtomic(path, reportHtml(title, description, records, reportFigures(outDir, records)));
  return path;
}
