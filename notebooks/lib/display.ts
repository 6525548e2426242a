/**
 * Showing figures and tables from a notebook and from its plain-script twin, with the same calls.
 *
 * In a Jupyter notebook (the Deno kernel in notebooks/kernels/), `show(figure)` sends one output with
 * three representations of the figure, and the front end picks the richest it may display:
 *   text/html   the interactive Plotly figure; the first figure of a kernel session also carries the
 *               plotly.js bundle (plotly.js-dist-min, about 4.8 MB), so the notebook needs no network;
 *   image/png   a static rendering by headless Chromium, when Chromium is installed (see
 *               src/report/static-export.ts; NOTEBOOK_PNG=0 turns it off). Jupyter shows it where it will not
 *               run scripts (a notebook opened from disk and not trusted, GitHub, nbconvert to PDF);
 *   text/plain  the title and caption.
 * In a script run with `npx tsx`, `show` prints the title and caption and (re)writes one self-contained
 * HTML page with every figure shown so far, results/notebooks/<script name>-figures.html (beside, not inside,
 * the notebook's results folder, which the runner keeps for its own files).
 *
 * Figures are the plain Plotly objects of src/plot ({ id, title, caption, data, layout }), so anything a
 * results folder's report.html draws can be drawn here, and a figure built here can be exported the same way.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Figure } from '../../src/plot/figure.js';
import { pageHtml } from '../../src/report/report.js';
import { exportFigures, findChromium } from '../../src/report/static-export.js';

/** The repository's top folder (absolute, with a trailing slash), whatever the working directory. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

interface DenoJupyter {
  jupyter?: { display(bundle: Record<string, unknown>, options: { raw: boolean }): Promise<void> };
}
// Deno.jupyter is a getter that throws outside `deno jupyter` (a script run with `deno run` is not in a notebook).
const denoJupyter = ((): DenoJupyter['jupyter'] => {
  try {
    return (globalThis as { Deno?: DenoJupyter }).Deno?.jupyter;
  } catch {
    return undefined;
  }
})();

/** True inside a Jupyter kernel (Deno), false in a script run by Node/tsx. */
export const inNotebook = typeof denoJupyter?.display === 'function';

/**
 * Where notebooks write: results/notebooks/ (results/ is not tracked by git), or NOTEBOOK_RESULTS when set, so
 * that two runs of the same notebook at once (a test beside `npm run notebooks`) need not share a folder.
 */
const notebookResults = (): string => process.env.NOTEBOOK_RESULTS || join(REPO, 'results', 'notebooks');

/** A folder for this notebook's results (created). */
export function resultsDir(name: string): string {
  const dir = join(notebookResults(), name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

let plotlyMin: string | null = null;
let bundleSent = false;
let figureCount = 0;
// Unique per kernel process, so figures of a restarted kernel never reuse an element id already on the page.
const session = Math.round(performance.timeOrigin).toString(36);

function plotlyBundle(): string {
  plotlyMin ??= readFileSync(createRequire(import.meta.url).resolve('plotly.js-dist-min/plotly.min.js'), 'utf8');
  return plotlyMin;
}

function figureHtml(fig: Figure, elementId: string): string {
  const width = Number(fig.layout.width ?? 760), height = Number(fig.layout.height ?? 460);
  const spec = JSON.stringify({ data: fig.data, layout: fig.layout }).replace(/</g, '\\u003c');
  const bundle = bundleSent ? '' : `<script type="text/javascript">${plotlyBundle()}</script>\n`;
  bundleSent = true;
  return `${bundle}<div id="${elementId}" style="width:${width}px;max-width:100%;height:${height}px">Interactive Plotly figure: it is drawn when the notebook is trusted and plotly.js is loaded (run the notebook from the top).</div>
<script type="text/javascript">(function () {
  var el = document.getElementById(${JSON.stringify(elementId)});
  if (!el || !window.Plotly) return;
  var fig = ${spec};
  el.textContent = '';
  window.Plotly.newPlot(el, fig.data, fig.layout, { displaylogo: false, responsive: true });
})();</script>
<p style="color:#555;font-size:0.9em;max-width:760px">${escapeHtml(fig.caption)}</p>`;
}

/** PNG renderings (base64) of the figures, or null where Chromium is missing or NOTEBOOK_PNG=0. */
function pngs(figures: Figure[]): (string | null)[] {
  if (process.env.NOTEBOOK_PNG === '0' || !findChromium()) return figures.map(() => null);
  const dir = mkdtempSync(join(tmpdir(), 'plasticity-notebook-'));
  try {
    // Distinct file names even when two figures share an id.
    const named = figures.map((f, i) => ({ ...f, id: `${i}-${f.id}` }));
    const files = exportFigures(named, dir, ['png']);
    return files.map((f) => readFileSync(f).toString('base64'));
  } catch (e) {
    process.stderr.write(`show: no PNG rendering (${(e as Error).message})\n`);
    return figures.map(() => null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Sends one output. The Deno kernel queues display messages and may report the cell finished before a
 * large one has gone out, and Jupyter drops outputs that arrive after that; waiting a moment, longer for
 * larger messages (the first figure carries plotly.js), lets the queue drain first.
 */
async function display(bundle: Record<string, unknown>): Promise<void> {
  await denoJupyter!.display(bundle, { raw: true });
  const bytes = Object.values(bundle).reduce((n: number, v) => n + String(v).length, 0);
  await new Promise((resolve) => setTimeout(resolve, 100 + bytes / 10_000));
}

const shownInScript: Figure[] = [];

function scriptName(): string {
  const main = process.argv[1] ?? 'script';
  return basename(main, extname(main));
}

/** Shows figures inline in a notebook; in a script, prints their titles and writes them to an HTML page. */
export async function show(...figures: Figure[]): Promise<void> {
  if (inNotebook) {
    const images = pngs(figures);
    for (const [i, fig] of figures.entries()) {
      const bundle: Record<string, unknown> = {
        'text/plain': `[figure] ${fig.title}\n${fig.caption}`,
        'text/html': figureHtml(fig, `plasticity-figure-${session}-${++figureCount}`),
      };
      if (images[i]) bundle['image/png'] = images[i];
      await display(bundle);
    }
    return;
  }
  const name = scriptName();
  // Beside the results folder, not in it: the runner refuses to write into a folder holding files it did not write.
  mkdirSync(notebookResults(), { recursive: true });
  const page = join(notebookResults(), `${name}-figures.html`);
  for (const fig of figures) {
    shownInScript.push(fig);
    console.log(`[figure] ${fig.title}\n         ${fig.caption}`);
  }
  writeFileSync(page, pageHtml(`${name}: figures`, `Figures shown by notebooks/${name}.ts, in order.`, '', shownInScript));
  console.log(`         (written to ${page})`);
}

export type Cell = string | number | null | undefined;

/** Formats a number for a table: fixed digits, or '—' where it is missing or not finite. */
export function fmt(v: Cell, digits = 2): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  return Number.isFinite(v) ? v.toFixed(digits) : '—';
}

/** Shows a table (rows of equal keys) as HTML in a notebook and as aligned text in a script. */
export async function showTable(rows: Record<string, Cell>[], caption = ''): Promise<void> {
  const head = rows.length ? Object.keys(rows[0]) : [];
  const text = (v: Cell) => (typeof v === 'number' ? fmt(v, Number.isInteger(v) ? 0 : 3) : fmt(v));
  const widths = head.map((h) => Math.max(h.length, ...rows.map((r) => text(r[h]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const plain = [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(head.map((h) => text(r[h]))))].join('\n') + (caption ? `\n${caption}` : '');
  if (!inNotebook) {
    console.log(plain);
    return;
  }
  const html =
    `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${head.map((h) => `<td>${escapeHtml(text(r[h]))}</td>`).join('')}</tr>`).join('') +
    `</tbody></table>${caption ? `<p style="color:#555;font-size:0.9em">${escapeHtml(caption)}</p>` : ''}`;
  await display({ 'text/plain': plain, 'text/html': html });
}
