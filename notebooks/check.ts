/**
 * `npm run notebooks`: checks that every notebook runs, top to bottom, headlessly.
 *
 *   1. the committed .ipynb are in sync with their scripts (notebooks/build.ts --check);
 *   2. the scripts typecheck (tsc -p notebooks/tsconfig.json);
 *   3. each script twin runs with tsx (Node), exit code 0;
 *   4. each notebook runs in Jupyter with the repository's Deno kernel (jupyter nbconvert --execute),
 *      which fails on the first cell that throws; the executed copies go to results/notebooks/executed/
 *      (open them offline: figures are embedded). A notebook must also show as many figures as its twin
 *      printed, so an output lost on the way counts as a failure.
 *
 *   npm run notebooks                       everything
 *   npm run notebooks -- 02 04              only notebooks whose file name starts with these
 *   npm run notebooks -- --scripts-only     skip Jupyter (no Jupyter needed)
 *   npm run notebooks -- --notebooks-only   skip the script twins
 *
 * Jupyter comes from Debian: apt-get install jupyter-nbconvert python3-nbclient python3-ipykernel
 * jupyter-client jupyter-core (.ci/run installs them when `jupyter` is missing). The kernel spec is
 * notebooks/kernels/plasticity-deno, found through JUPYTER_PATH, so nothing is installed globally.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { NOTEBOOKS_DIR, ipynbFor, notebookScripts, outOfSync } from './build.js';

const REPO = join(NOTEBOOKS_DIR, '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));
const runScripts = !args.includes('--notebooks-only');
const runNotebooks = !args.includes('--scripts-only');
const scripts = notebookScripts().filter((s) => only.length === 0 || only.some((o) => basename(s).startsWith(o)));

interface Outcome {
  what: string;
  ok: boolean;
  seconds: number;
  note: string;
}
const outcomes: Outcome[] = [];

function record(what: string, ok: boolean, seconds: number, note = ''): void {
  outcomes.push({ what, ok, seconds, note });
  console.log(`${ok ? 'ok    ' : 'FAILED'} ${what} (${seconds.toFixed(1)} s)${note ? ` ${note}` : ''}`);
}

function run(command: string, argv: string[], env: NodeJS.ProcessEnv = {}): { ok: boolean; seconds: number; stdout: string; stderr: string } {
  const t0 = performance.now();
  const r = spawnSync(command, argv, { cwd: REPO, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024, timeout: 20 * 60_000 });
  return { ok: r.status === 0, seconds: (performance.now() - t0) / 1000, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

const tail = (text: string, n = 25) => text.trimEnd().split('\n').slice(-n).join('\n');

// 1. In sync.
{
  const t0 = performance.now();
  const bad = outOfSync();
  for (const b of bad) console.error(`  ${b.problem}; run: npx tsx notebooks/build.ts`);
  record('notebooks in sync with their scripts', bad.length === 0, (performance.now() - t0) / 1000);
}

// 2. Typecheck.
{
  const r = run(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', join(NOTEBOOKS_DIR, 'tsconfig.json')]);
  if (!r.ok) console.error(tail(r.stdout + r.stderr));
  record('scripts typecheck (tsc -p notebooks)', r.ok, r.seconds);
}

// 3. Script twins, with tsx on Node; their figure count is what each notebook must show.
const figuresPrinted = new Map<string, number>();
if (runScripts) {
  const tsx = require.resolve('tsx/cli');
  for (const script of scripts) {
    const r = run(process.execPath, [tsx, script]);
    if (!r.ok) console.error(tail(r.stdout + r.stderr));
    const figures = r.stdout.split('\n').filter((l) => l.startsWith('[figure] ')).length;
    figuresPrinted.set(script, figures);
    record(`script ${basename(script)} (npx tsx)`, r.ok, r.seconds, `${figures} figures`);
  }
}

// 4. Notebooks, in Jupyter with the Deno kernel.
if (runNotebooks) {
  const jupyter = run('jupyter', ['nbconvert', '--version']);
  if (!jupyter.ok) {
    console.error('  jupyter nbconvert not found. On Debian/Ubuntu: apt-get install -y --no-install-recommends jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-client jupyter-core\n  (or run npm run notebooks -- --scripts-only)');
    record('jupyter nbconvert available', false, jupyter.seconds);
  } else {
    const outDir = join(REPO, 'results', 'notebooks', 'executed');
    mkdirSync(outDir, { recursive: true });
    const env = {
      JUPYTER_PATH: [NOTEBOOKS_DIR, process.env.JUPYTER_PATH].filter(Boolean).join(':'),
      // Quiet a debugger warning that Debian's Python prints when ipykernel's tools start.
      PYDEVD_DISABLE_FILE_VALIDATION: '1',
    };
    for (const script of scripts) {
      const nb = ipynbFor(script);
      const r = run('jupyter', ['nbconvert', '--to', 'notebook', '--execute', '--ExecutePreprocessor.timeout=900', `--ExecutePreprocessor.kernel_name=plasticity-deno`, '--output-dir', outDir, nb], env);
      let ok = r.ok, note = '';
      if (!ok) console.error(tail(r.stderr, 40));
      else {
        const executed = JSON.parse(readFileSync(join(outDir, basename(nb)), 'utf8')) as { cells: { outputs?: { output_type: string; data?: Record<string, unknown> }[] }[] };
        const outputs = executed.cells.flatMap((c) => c.outputs ?? []);
        const errors = outputs.filter((o) => o.output_type === 'error').length;
        const figures = outputs.filter((o) => String(([] as string[]).concat((o.data?.['text/plain'] as string | string[]) ?? '').join('')).startsWith('[figure] ')).length;
        const pngs = outputs.filter((o) => o.data?.['image/png']).length;
        note = `${figures} figures (${pngs} with PNG), ${join('results', 'notebooks', 'executed', basename(nb))}`;
        const expected = figuresPrinted.get(script);
        if (errors > 0) {
          ok = false;
          note += `; ${errors} error outputs`;
        }
        if (figures === 0 || (expected !== undefined && figures !== expected)) {
          ok = false;
          note += `; expected ${expected ?? 'at least one'} figures`;
        }
      }
      record(`notebook ${basename(nb)} (Jupyter, Deno kernel)`, ok, r.seconds, note);
    }
  }
}

const failed = outcomes.filter((o) => !o.ok).length;
console.log(`\nnotebooks: ${outcomes.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
