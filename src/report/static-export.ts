import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Figure } from '../plot/figure.js';
import { plotlySource } from './report.js';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The headless browser used for static export: $CHROMIUM, else the usual install paths; null if none (or CHROMIUM=none). */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.CHROMIUM === 'none') return null;
  if (env.CHROMIUM && existsSync(env.CHROMIUM)) return env.CHROMIUM;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export const NO_CHROMIUM =
  'static export needs Chromium, which was not found (looked at $CHROMIUM and ' + CANDIDATES.join(', ') + '). ' +
  'On Debian/Ubuntu: apt-get install chromium. The HTML report (report.html) works without it.';

// Flags for a quiet headless run on a machine without network access.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars'];

function page(figure: Figure, script: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0}</style><script>${plotlySource()}</script></head><body><div id="f"></div><script>
const fig = ${JSON.stringify({ data: figure.data, layout: figure.layout }).replace(/</g, '\\u003c')};
${script}
</script></body></html>`;
}

/**
 * Writes each figure as <dir>/<id>.png and/or .svg. PNG: Chromium screenshots the plotted figure at its
 * layout size; SVG: Plotly's own toImage('svg') inside Chromium, read back from the page.
 * Returns the files written. Throws with NO_CHROMIUM when no browser is installed.
 */
export function exportFigures(figures: Figure[], dir: string, formats: ('png' | 'svg')[]): string[] {
  const chromium = findChromium();
  if (!chromium) throw new Error(NO_CHROMIUM);
  mkdirSync(dir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'plasticity-export-'));
  const written: string[] = [];
  try {
    for (const f of figures) {
      const width = Number(f.layout.width ?? 760), height = Number(f.layout.height ?? 460);
      const name = f.id.replace(/[^\w.-]+/g, '_');
      const profile = ['--user-data-dir=' + join(work, 'profile')];
      if (formats.includes('png')) {
        const html = join(work, `${name}.html`);
        writeFileSync(html, page(f, `Plotly.newPlot('f', fig.data, fig.layout, {staticPlot: true});`));
        const out = join(dir, `${name}.png`);
        const r = spawnSync(chromium, [...FLAGS, ...profile, `--window-size=${width},${height}`, '--virtual-time-budget=10000', `--screenshot=${out}`, `file://${html}`], { encoding: 'utf8', timeout: 60_000 });
        if (r.status !== 0 || !existsSync(out)) throw new Error(`PNG export of figure "${f.id}" failed: ${r.stderr?.split('\n').slice(-3).join(' ')}`);
        written.push(out);
      }
      if (formats.includes('svg')) {
        const html = join(work, `${name}-svg.html`);
        writeFileSync(html, page(f, `Plotly.toImage({data: fig.data, layout: fig.layout}, {format: 'svg', width: ${width}, height: ${height}}).then((url) => { const pre = document.createElement('pre'); pre.id = 'svg'; pre.textContent = decodeURIComponent(url.slice(url.indexOf(',') + 1)); document.body.appendChild(pre); });`));
        const r = spawnSync(chromium, [...FLAGS, ...profile, '--virtual-time-budget=10000', '--dump-dom', `file://${html}`], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
        const m = /<pre id="svg">([\s\S]*?)<\/pre>/.exec(r.stdout ?? '');
        if (!m) throw new Error(`SVG export of figure "${f.id}" failed: the page produced no SVG (${r.stderr?.split('\n').slice(-2).join(' ')})`);
        const svg = m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
        const out = join(dir, `${name}.svg`);
        writeFileSync(out, svg);
        written.push(out);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return written;
}
